"""The verbs of membership administration. Pages, the API, commands and the demo call these.

Each verb validates with the model's own rules (`full_clean`) and writes in one transaction;
mails go out after the transaction commits (common/mail.py never raises).
"""

from datetime import date
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.mail import send_notification
from clusterhub.common.saving import save
from clusterhub.membership.enums import ApplicationStatus
from clusterhub.membership.enums import LeavingReason
from clusterhub.membership.fees import add_years
from clusterhub.membership.models import Application
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry import domain as registry
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person

# Days before the end of a period that the renewal reminder goes out (the command's default).
REMIND_DAYS_BEFORE = 30


# --- types and fee rules ----------------------------------------------------------------------


def save_membership_type(*, membership_type: MembershipType) -> MembershipType:
    return save(membership_type)


def delete_membership_type(*, membership_type: MembershipType) -> None:
    """Delete a type no member and no application uses (PROTECT refuses otherwise)."""
    with transaction.atomic():
        membership_type.delete()


def save_fee_rule(*, rule: FeeRule) -> FeeRule:
    return save(rule)


def delete_fee_rule(*, rule: FeeRule) -> None:
    with transaction.atomic():
        rule.delete()


# --- a member's terms -------------------------------------------------------------------------


def terms_of(membership: Membership) -> MemberTerms:
    """The membership's terms, unsaved and without a type when it has none yet."""
    try:
        return membership.terms
    except MemberTerms.DoesNotExist:
        return MemberTerms(membership=membership)


def set_terms(
    *,
    membership: Membership,
    membership_type: MembershipType | None,
    vat_number: str = "",
    period_end: date | None = None,
) -> MemberTerms:
    """Give a membership its type (and VAT number, current period end)."""
    terms = terms_of(membership)
    terms.membership_type = membership_type
    terms.vat_number = vat_number.strip()
    terms.period_end = period_end
    return save(terms)


def first_period_end(since: date) -> date:
    """A new member's first period runs to the end of the calendar year it joins in."""
    return date(since.year, 12, 31)


# --- applications -----------------------------------------------------------------------------


def submit_application(*, application: Application) -> Application:
    """Record an application from the public form and confirm it to the applicant."""
    application.status = ApplicationStatus.PENDING
    application = save(application)
    transaction.on_commit(lambda: _mail_received(application))
    return application


def _mail_received(application: Application) -> None:
    with in_language_of(application.email):
        send_notification(
            subject=_("Your application to %(cluster)s") % {"cluster": application.cluster.name},
            body=_(
                "Dear %(name)s,\n\nwe have received the application of %(company)s for "
                "membership of %(cluster)s. The cluster's manager will review it and write "
                "to you.\n"
            )
            % {
                "name": application.contact_first_name,
                "company": application.company_name,
                "cluster": application.cluster.name,
            },
            to=[application.email],
        )


def _require_pending(application: Application) -> None:
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(
            _("This application was already decided (%(status)s).")
            % {"status": application.get_status_display()}
        )


def _matching_organisation(application: Application) -> Organisation | None:
    """The registry's organisation for the applicant: same country and registration number,
    or, without a number, the same name in the same country."""
    orgs = Organisation.objects.filter(country=application.country)
    number = application.registration_number.strip()
    if number:
        return orgs.filter(registration_number=number).first()
    return orgs.filter(name__iexact=application.company_name.strip()).first()


def accept_application(
    *, application: Application, decided_by, since: date | None = None
) -> Application:
    """Admit the applicant in one transaction: the organisation (an existing one with the same
    registration number, or the same name without one, is reused), the membership from
    `since` (default today), its terms with the desired type, and the contact person (reused
    when the organisation already has someone with that email). Mails the applicant."""
    since = since or timezone.localdate()
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_pending(application)
        organisation = _matching_organisation(application)
        if organisation is None:
            organisation = registry.save_organisation(
                organisation=Organisation(
                    name=application.company_name.strip(),
                    registration_number=application.registration_number.strip() or None,
                    country=application.country,
                    org_type=application.org_type,
                    size_class=application.size_class,
                )
            )
        current = organisation.memberships.filter(
            Q(until__isnull=True) | Q(until__gte=since), cluster=application.cluster
        ).first()
        if current is not None:
            raise ValidationError(
                _("%(name)s is already a member of this cluster since %(since)s.")
                % {"name": organisation.name, "since": current.since}
            )
        membership = registry.save_membership(
            membership=Membership(
                cluster=application.cluster, organisation=organisation, since=since
            )
        )
        set_terms(
            membership=membership,
            membership_type=application.membership_type,
            vat_number=application.vat_number,
            period_end=first_period_end(since),
        )
        person = organisation.people.filter(email__iexact=application.email).first()
        if person is None:
            person = registry.save_person(
                person=Person(
                    organisation=organisation,
                    first_name=application.contact_first_name,
                    last_name=application.contact_last_name,
                    email=application.email,
                )
            )
        application.status = ApplicationStatus.ACCEPTED
        application.decided_at = timezone.now()
        application.decided_by = decided_by
        application.organisation = organisation
        application.membership = membership
        application.person = person
        save(application)
        transaction.on_commit(lambda: _mail_decision(application))
    return application


def decline_application(*, application: Application, decided_by, reason: str) -> Application:
    """Decline with a reason, which is mailed to the applicant."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decline_reason": _("Give the applicant a reason.")})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_pending(application)
        application.status = ApplicationStatus.DECLINED
        application.decline_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = decided_by
        save(application)
        transaction.on_commit(lambda: _mail_decision(application))
    return application


def _mail_decision(application: Application) -> None:
    values = {
        "name": application.contact_first_name,
        "company": application.company_name,
        "cluster": application.cluster.name,
        "reason": application.decline_reason,
    }
    with in_language_of(application.email):
        if application.status == ApplicationStatus.ACCEPTED:
            subject = _("Welcome to %(cluster)s") % values
            body = _(
                "Dear %(name)s,\n\n%(company)s has been admitted as a member of %(cluster)s. "
                "Welcome!\n"
            )
        else:
            subject = _("Your application to %(cluster)s") % values
            body = _(
                "Dear %(name)s,\n\nwe are sorry: the application of %(company)s for membership "
                "of %(cluster)s was declined.\n\nReason: %(reason)s\n"
            )
        send_notification(subject=subject, body=body % values, to=[application.email])


# --- renewals and leaving ---------------------------------------------------------------------


def renew(*, terms: MemberTerms) -> MemberTerms:
    """Renew a current member for one more year from the end of its period."""
    membership = terms.membership
    if membership.until is not None:
        raise ValidationError(_("%(m)s has left; it cannot be renewed.") % {"m": membership})
    base = terms.period_end or first_period_end(membership.since)
    terms.period_end = add_years(base + timedelta(days=1), 1) - timedelta(days=1)
    terms.reminded_for = None
    return save(terms)


def renewals_due(cluster=None, *, on: date, days_before: int = REMIND_DAYS_BEFORE):
    """Current members whose period ends within `days_before` days of `on` (or has ended) and
    who have not been reminded for this period yet."""
    qs = MemberTerms.objects.filter(
        Q(membership__until__isnull=True) | Q(membership__until__gt=on),
        period_end__isnull=False,
        period_end__lte=on + timedelta(days=days_before),
        period_end__gte=on,
    ).exclude(reminded_for=F("period_end"))
    if cluster is not None:
        qs = qs.filter(membership__cluster=cluster)
    return qs.select_related("membership__cluster", "membership__organisation", "membership_type")


def remind_renewals(*, on: date, days_before: int = REMIND_DAYS_BEFORE, cluster=None) -> int:
    """Mail each due member's people with an email about the end of its period; mark each as
    reminded so a second run sends nothing. Returns the number of members reminded."""
    reminded = 0
    for terms in renewals_due(cluster, on=on, days_before=days_before):
        membership = terms.membership
        addresses = [
            p.email for p in membership.organisation.people.exclude(email="").order_by("pk")
        ]
        with transaction.atomic():
            terms.reminded_for = terms.period_end
            terms.save(update_fields=["reminded_for", "updated_at"])
        reminded += 1
        for address in addresses:
            with in_language_of(address):
                send_notification(
                    subject=_("Your membership of %(cluster)s ends on %(day)s")
                    % {"cluster": membership.cluster.name, "day": terms.period_end},
                    body=_(
                        "Dear member,\n\nthe membership period of %(org)s in %(cluster)s ends "
                        "on %(day)s. We will be glad to renew it; please tell us if you do not "
                        "wish to.\n"
                    )
                    % {
                        "org": membership.organisation.name,
                        "cluster": membership.cluster.name,
                        "day": terms.period_end,
                    },
                    to=[address],
                )
    return reminded


def leave(*, membership: Membership, until: date, reason: str, note: str = "") -> MemberTerms:
    """End a membership on `until` with the reason (kept for the statistics)."""
    if reason not in LeavingReason.values:
        raise ValidationError({"leaving_reason": _("Choose a leaving reason.")})
    if membership.until is not None and membership.until < timezone.localdate():
        raise ValidationError(_("This member has already left."))
    with transaction.atomic():
        registry.end_membership(membership=membership, until=until)
        terms = terms_of(membership)
        terms.leaving_reason = reason
        terms.leaving_note = note.strip()
        return save(terms)
