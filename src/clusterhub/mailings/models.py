"""Mailings to members: a message in several languages, its segment, and one delivery row per
recipient; unsubscriptions per cluster and category; bounced addresses.

A delivery row is unique per mailing and address: however often the sending task runs, an
address is written to at most once (domain.send_pending claims rows before sending them).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusterhub.accounts.enums import Role
from clusterhub.common.fields import choice_field
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.common.text import is_ascii_number
from clusterhub.mailings.enums import Audience
from clusterhub.mailings.enums import Category
from clusterhub.mailings.enums import Committed
from clusterhub.mailings.enums import DeliveryStatus
from clusterhub.mailings.enums import MailingStatus
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.models import NutsRegion

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class Mailing(TimeStampedModel):
    cluster = required_link("registry.Cluster", _("cluster"), related_name="mailings")
    title = models.CharField(_("internal title"), max_length=200)
    category = choice_field(_("category"), Category, max_length=10, default=Category.NEWS)
    default_language = models.CharField(
        _("default language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Recipients whose language has no version get this one."),
    )
    # The segment.
    audience = choice_field(_("recipients"), Audience, max_length=10, default=Audience.MEMBERS)
    org_types = models.JSONField(_("organisation types"), default=list, blank=True)
    size_classes = models.JSONField(_("size classes"), default=list, blank=True)
    nace_divisions = models.JSONField(_("sectors (NACE divisions)"), default=list, blank=True)
    nuts_region = models.CharField(
        _("region (NUTS code)"),
        max_length=5,
        blank=True,
        help_text=_("A NUTS code; members in this region or any region inside it."),
    )
    committed = choice_field(_("commitment"), Committed, max_length=3, blank=True, default="")
    event = optional_link("events.Event", _("event"))
    training_programme = optional_link("training.TrainingProgramme", _("training programme"))
    role = choice_field(_("role"), Role, max_length=32, blank=True)
    non_respondents_of = optional_link(
        "services.Survey", _("only those who have not answered the survey")
    )
    # Sending.
    status = choice_field(_("status"), MailingStatus, max_length=10, default=MailingStatus.DRAFT)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    # The site's address as the sender saw it, for the unsubscribe links written in the
    # background (where there is no request to ask).
    base_url = models.CharField(max_length=200, blank=True, editable=False)
    created_by = optional_link(settings.AUTH_USER_MODEL, _("written by"))

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status in (MailingStatus.DRAFT, MailingStatus.SCHEDULED)

    def clean(self) -> None:
        errors = {}
        self.title = (self.title or "").strip()
        if not self.title:
            errors["title"] = _("Give the mailing a title.")
        wrong = [t for t in self.org_types or [] if t not in OrganisationType.values]
        if wrong:
            errors["org_types"] = _("Unknown organisation type: %(v)s.") % {"v": ", ".join(wrong)}
        wrong = [s for s in self.size_classes or [] if s not in SizeClass.values]
        if wrong:
            errors["size_classes"] = _("Unknown size class: %(v)s.") % {"v": ", ".join(wrong)}
        wrong = [
            d
            for d in self.nace_divisions or []
            if not (isinstance(d, str) and len(d) == 2 and is_ascii_number(d))
        ]
        if wrong:
            errors["nace_divisions"] = _("A NACE division is two digits (e.g. 62); not %(v)s.") % {
                "v": ", ".join(str(w) for w in wrong)
            }
        self.nuts_region = (self.nuts_region or "").strip().upper()
        if self.nuts_region and not NutsRegion.objects.filter(code=self.nuts_region).exists():
            errors["nuts_region"] = _("%(code)s is not a NUTS region.") % {"code": self.nuts_region}
        if self.audience == Audience.EVENT:
            if not self.event_id:
                errors["event"] = _("Choose the event whose participants get the mailing.")
            elif self.event.cluster_id != self.cluster_id:
                errors["event"] = _("This event is not one of the cluster's.")
        if self.audience == Audience.TRAINING:
            if not self.training_programme_id:
                errors["training_programme"] = _("Choose the training programme.")
            elif self.cluster_id not in self.training_programme.cluster_ids():
                errors["training_programme"] = _("The cluster does not take part in it.")
        if self.audience == Audience.ROLE and not self.role:
            errors["role"] = _("Choose the role.")
        if self.non_respondents_of_id and self.non_respondents_of.cluster_id != self.cluster_id:
            errors["non_respondents_of"] = _("This survey is not one of the cluster's.")
        if errors:
            raise ValidationError(errors)


class MailingVersion(models.Model):
    """The message in one language: a subject and a body in the safe HTML subset."""

    mailing = required_link(Mailing, related_name="versions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body_html = models.TextField(_("message"))

    class Meta:
        verbose_name = _("language version")
        ordering = ["mailing", "language"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "language"], name="mailing_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.mailing} ({self.language})"


class Delivery(models.Model):
    """One recipient of one mailing, and what became of the message to them."""

    mailing = required_link(Mailing, related_name="deliveries")
    email = models.CharField(_("address"), max_length=254)
    name = models.CharField(_("name"), max_length=200, blank=True)
    person = optional_link("registry.Person")
    user = optional_link(settings.AUTH_USER_MODEL)
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = choice_field(
        _("status"), DeliveryStatus, max_length=10, default=DeliveryStatus.PENDING, db_index=True
    )
    claim = models.CharField(max_length=32, blank=True, default="")
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "email"], name="mailing_one_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.mailing}: {self.email}"


class Unsubscription(models.Model):
    """An address that wants no more mailings of one category from one cluster."""

    cluster = required_link("registry.Cluster", _("cluster"), related_name="+")
    email = models.CharField(_("address"), max_length=254)
    category = choice_field(_("category"), Category, max_length=10)
    created_at = models.DateTimeField(_("unsubscribed"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "email", "category"], name="mailing_one_unsubscription"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.category})"


class Bounce(models.Model):
    """An address the mail server could not deliver to; mailings skip it. The people with this
    address are flagged on their mailing pages."""

    email = models.CharField(_("address"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    count = models.PositiveIntegerField(_("bounces"), default=1)
    first_at = models.DateTimeField(_("first bounce"), auto_now_add=True)
    last_at = models.DateTimeField(_("last bounce"), auto_now=True)

    class Meta:
        verbose_name = _("bounced address")
        verbose_name_plural = _("bounced addresses")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email
