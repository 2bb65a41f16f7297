"""Partnering profiles, introductions, collaborations and value chains."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import euro_amount
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.matchmaking.enums import OFFER_KINDS
from clusterhub.matchmaking.enums import CollaborationStatus
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.enums import ProfileKind
from clusterhub.matchmaking.enums import Visibility
from clusterhub.registry.countries import is_country_code
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation

MAX_DESCRIPTION = 4000
MIN_DESCRIPTION = 20


def split_codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.replace(";", ",").split(",") if c.strip()]


class Profile(TimeStampedModel):
    """An offer or request an organisation publishes (the EEN partnering profile types)."""

    organisation = required_link(
        Organisation, _("organisation"), related_name="partnering_profiles"
    )
    # The cluster it is published through: its manager forwards anonymous introductions.
    cluster = required_link(Cluster, _("cluster"), related_name="profiles")
    kind = choice_field(_("type"), ProfileKind, max_length=20)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    nace_codes = models.ManyToManyField(
        NaceCode, verbose_name=_("NACE codes"), blank=True, related_name="profiles"
    )
    target_regions = models.CharField(
        _("target regions"),
        max_length=200,
        blank=True,
        help_text=_("Country or NUTS codes, comma-separated, e.g. LV, EE, SE22"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    visibility = choice_field(_("visibility"), Visibility, max_length=10, default=Visibility.PUBLIC)
    created_by = optional_link(settings.AUTH_USER_MODEL)
    # The text embedding, float32 bytes; the model's name says which vector space it lives in.
    vector = models.BinaryField(null=True, blank=True, editable=False)
    vector_model = models.CharField(max_length=40, blank=True, editable=False)
    text_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("partnering profile")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_offer(self) -> bool:
        return self.kind in OFFER_KINDS

    @property
    def is_open(self) -> bool:
        return self.deadline is None or self.deadline >= timezone.localdate()

    def text(self) -> str:
        """What gets embedded: title, keywords and description."""
        return f"{self.title}. {self.keywords}. {self.description}".strip()

    def text_digest(self) -> str:
        return hashlib.sha256(f"{self.kind}|{self.text()}".encode()).hexdigest()

    def clean(self) -> None:
        errors = {}
        self.description = (self.description or "").strip()
        if len(self.description) < MIN_DESCRIPTION:
            errors["description"] = _(
                "Describe the offer or request in at least %(n)s characters."
            ) % {"n": MIN_DESCRIPTION}
        bad = [c for c in split_codes(self.target_regions) if not _is_region(c)]
        if bad:
            errors["target_regions"] = ngettext(
                "Unknown country or NUTS code: %(codes)s.",
                "Unknown country or NUTS codes: %(codes)s.",
                len(bad),
            ) % {"codes": ", ".join(bad)}
        self.target_regions = ", ".join(split_codes(self.target_regions))
        if self.organisation_id and self.cluster_id and not _is_current_member(self):
            errors["cluster"] = _("The organisation is not a current member of this cluster.")
        if errors:
            raise ValidationError(errors)


def _is_current_member(profile: "Profile") -> bool:
    return (
        profile.organisation.memberships.filter(cluster_id=profile.cluster_id)
        .filter(models.Q(until__isnull=True) | models.Q(until__gte=timezone.localdate()))
        .exists()
    )


def _is_region(code: str) -> bool:
    if len(code) == 2:
        return is_country_code(code) or code in {"EL", "UK"}
    from clusterhub.registry.models import NutsRegion

    return NutsRegion.objects.filter(code=code).exists()


class Introduction(TimeStampedModel):
    """A request to be introduced to another organisation, about a profile or in general."""

    requester = required_link(
        Organisation, _("requesting organisation"), related_name="introductions_requested"
    )
    target = required_link(
        Organisation, _("organisation asked"), related_name="introductions_received"
    )
    profile = optional_link(Profile, _("profile"), related_name="introductions")
    requested_by = optional_link(settings.AUTH_USER_MODEL)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = choice_field(
        _("status"), IntroductionStatus, max_length=10, default=IntroductionStatus.REQUESTED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    forwarded_by = optional_link(settings.AUTH_USER_MODEL)

    class Meta:
        verbose_name = _("introduction")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.requester} → {self.target}"

    @property
    def needs_forwarding(self) -> bool:
        return (
            self.status == IntroductionStatus.REQUESTED
            and self.profile is not None
            and self.profile.visibility == Visibility.ANONYMOUS
        )

    @property
    def awaits_decision(self) -> bool:
        """The asked side may accept or decline now (forwarded first, when anonymous)."""
        if self.status == IntroductionStatus.FORWARDED:
            return True
        return self.status == IntroductionStatus.REQUESTED and not self.needs_forwarding

    def clean(self) -> None:
        if self.requester_id and self.requester_id == self.target_id:
            raise ValidationError({"target": _("An organisation cannot be introduced to itself.")})


class ValueChain(TimeStampedModel):
    """A chain a cluster manager defines, e.g. farm-to-fork traceability."""

    cluster = required_link(Cluster, _("cluster"), related_name="value_chains")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("value chain")
        ordering = ["cluster", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="unique_chain_name")
        ]

    def __str__(self) -> str:
        return self.name


class ValueChainStage(models.Model):
    chain = required_link(ValueChain, related_name="stages")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=120)
    nace_codes = models.ManyToManyField(NaceCode, verbose_name=_("NACE codes"), related_name="+")

    class Meta:
        verbose_name = _("value chain stage")
        ordering = ["chain", "position"]

    def __str__(self) -> str:
        return self.name


class Collaboration(TimeStampedModel):
    """Organisations working together, usually after an introduction."""

    title = models.CharField(_("title"), max_length=200)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), related_name="collaborations"
    )
    introduction = models.OneToOneField(
        Introduction,
        verbose_name=_("introduction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collaboration",
    )
    value_chain = optional_link(ValueChain, _("value chain"), related_name="collaborations")
    status = choice_field(
        _("status"), CollaborationStatus, max_length=12, default=CollaborationStatus.EXPLORING
    )
    expected_value_eur = euro_amount(_("expected value (EUR)"), max_digits=14, optional=True)
    realised_value_eur = euro_amount(_("realised value (EUR)"), max_digits=14, optional=True)
    notes = models.TextField(_("notes"), blank=True)
    # The event whose six-month follow-up reported it (events.Event's id). A plain id, not a
    # foreign key: the events app sits above this one and counts these for its statistics.
    origin_event_id = models.PositiveBigIntegerField(
        _("reported after event"), null=True, blank=True, db_index=True, editable=False
    )

    class Meta:
        verbose_name = _("collaboration")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Suggestion(models.Model):
    """A stored recommendation from the last `matchmaking recommend --all` run.

    Computed from what every signed-in user may see (public profiles and the sectors); the
    network map draws the strong ones. Pages compute live recommendations with filters.
    """

    organisation = required_link(Organisation, related_name="+")
    partner = required_link(Organisation, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("suggested partner")
        ordering = ["organisation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "partner"], name="unique_suggestion")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.partner} ({self.score:.2f})"
