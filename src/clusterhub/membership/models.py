"""Membership administration: types with fee rules, a type per registry membership, the
renewal period and the leaving reason, and applications from the public.

The registry's `Membership` stays the record of who is a member from when to when; this area
adds to it (`MemberTerms`, one per membership) instead of changing it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import euro_amount
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.membership.enums import ApplicationStatus
from clusterhub.membership.enums import LeavingReason
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person


class MembershipType(TimeStampedModel):
    """A kind of membership a cluster offers ("Full member", "Academic member (free)")."""

    cluster = required_link(Cluster, _("cluster"), related_name="membership_types")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    is_free = models.BooleanField(
        _("free"),
        default=False,
        help_text=_("Members of a free type pay no fee (e.g. universities or public bodies)."),
    )
    open_for_applications = models.BooleanField(
        _("open for applications"),
        default=True,
        help_text=_("Applicants may choose this type on the public application form."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership type")
        ordering = ["cluster", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"], name="unique_membership_type_name_per_cluster"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def require_offered_by(self, cluster_id: int) -> None:
        """A member's type (or the one an applicant asks for) is one its own cluster offers."""
        if self.cluster_id != cluster_id:
            raise ValidationError(
                {"membership_type": _("This membership type belongs to another cluster.")}
            )


class FeeRule(TimeStampedModel):
    """The yearly fee of a membership type for an organisation type and size class.

    A blank organisation type or size class matches any; the most specific rule wins
    (both given, then the organisation type only, then the size class only, then neither).
    """

    membership_type = required_link(MembershipType, _("membership type"), related_name="fee_rules")
    org_type = choice_field(
        _("organisation type"),
        OrganisationType,
        max_length=20,
        blank=True,
        help_text=_("Blank: any organisation type."),
    )
    size_class = choice_field(
        _("size class"), SizeClass, max_length=10, blank=True, help_text=_("Blank: any size class.")
    )
    yearly_amount = euro_amount(_("yearly fee (EUR)"), max_digits=10)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee rule")
        ordering = ["membership_type", "org_type", "size_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership_type", "org_type", "size_class"],
                name="unique_fee_rule_per_type_and_class",
            ),
            models.CheckConstraint(
                name="fee_rule_amount_not_negative", condition=models.Q(yearly_amount__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_type}: {self.yearly_amount}"

    @property
    def specificity(self) -> int:
        return (2 if self.org_type else 0) + (1 if self.size_class else 0)

    def matches(self, org_type: str, size_class: str) -> bool:
        return (not self.org_type or self.org_type == org_type) and (
            not self.size_class or self.size_class == size_class
        )


class MemberTerms(TimeStampedModel):
    """What this area adds to a registry membership: its type, the current renewal period and,
    once the member has left, why."""

    membership = models.OneToOneField(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="terms",
    )
    # None: no type assigned yet (such a membership is not billed).
    membership_type = optional_link(
        MembershipType, _("membership type"), related_name="terms", on_delete=models.PROTECT
    )
    period_end = models.DateField(
        _("current period ends"),
        null=True,
        blank=True,
        help_text=_("The membership is renewed for another year before this day."),
    )
    vat_number = models.CharField(
        _("VAT number"),
        max_length=20,
        blank=True,
        help_text=_("The member's VAT number, printed on its invoices."),
    )
    reminded_for = models.DateField(
        _("reminder sent for period ending"), null=True, blank=True, editable=False
    )
    leaving_reason = choice_field(_("leaving reason"), LeavingReason, max_length=20, blank=True)
    leaving_note = models.TextField(_("leaving note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership terms")
        verbose_name_plural = _("membership terms")

    def __str__(self) -> str:
        return f"{self.membership}: {self.membership_type}"

    def clean(self) -> None:
        if self.membership_type_id and self.membership_id:
            self.membership_type.require_offered_by(self.membership.cluster_id)


class Application(TimeStampedModel):
    """An application for membership sent from the public form."""

    cluster = required_link(Cluster, _("cluster"), related_name="membership_applications")
    company_name = models.CharField(_("company name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2)
    org_type = choice_field(
        _("organisation type"), OrganisationType, max_length=20, default=OrganisationType.SME
    )
    size_class = choice_field(_("size class"), SizeClass, max_length=10, blank=True)
    contact_first_name = models.CharField(_("contact first name"), max_length=100)
    contact_last_name = models.CharField(_("contact last name"), max_length=100)
    email = models.EmailField(_("email"))
    membership_type = required_link(
        MembershipType,
        _("desired membership type"),
        related_name="applications",
        on_delete=models.PROTECT,
    )
    message = models.TextField(_("message"), blank=True)
    status = choice_field(
        _("status"),
        ApplicationStatus,
        max_length=10,
        default=ApplicationStatus.PENDING,
        db_index=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = optional_link("accounts.User", _("decided by"))
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    organisation = optional_link(Organisation, _("organisation"))
    membership = optional_link(Membership, _("membership"))
    person = optional_link(Person, _("contact person"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership application")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.company_name} → {self.cluster.acronym}"

    def clean(self) -> None:
        if self.membership_type_id and self.cluster_id:
            self.membership_type.require_offered_by(self.cluster_id)
