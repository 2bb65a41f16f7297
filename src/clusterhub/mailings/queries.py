"""Which mailings a user may see, and who a mailing's segment reaches.

Recipients are addresses: a person of a member organisation, or a user (event and training
participants, role holders) through their person record's address when their account has none.
An address appears once, whoever it belongs to. Bounced addresses and those unsubscribed from
the mailing's cluster and category are set apart, not sent to.
"""

from dataclasses import dataclass
from dataclasses import field

from django.conf import settings
from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.events.enums import RegistrationStatus
from clusterhub.mailings.enums import Audience
from clusterhub.mailings.enums import Committed
from clusterhub.mailings.models import Bounce
from clusterhub.mailings.models import Delivery
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.models import Unsubscription
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.services.models import SurveyResponse
from clusterhub.training.models import Enrolment

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def mailings_visible_to(user) -> QuerySet[Mailing]:
    def own(mailings):
        return mailings.filter(cluster_id__in=roles_of(user).clusters_with(Role.CLUSTER_MANAGER))

    return visible_records(user, Mailing.objects.select_related("cluster"), own)


def clusters_user_may_mail(user) -> QuerySet[Cluster]:
    r = roles_of(user)
    if r.is_admin:
        return Cluster.objects.order_by("name")
    return Cluster.objects.filter(pk__in=r.clusters_with(Role.CLUSTER_MANAGER)).order_by("name")


def deliveries_of(mailing: Mailing) -> QuerySet[Delivery]:
    return mailing.deliveries.order_by("pk")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    organisation: str
    language: str  # the recipient's chosen language, '' when none
    person_id: int | None = None
    user_id: int | None = None


@dataclass
class Segment:
    """Who the mailing reaches (`recipients`) and who it leaves out, and why."""

    recipients: list[Recipient] = field(default_factory=list)
    unsubscribed: list[Recipient] = field(default_factory=list)
    bounced: list[Recipient] = field(default_factory=list)


def normalise(email: str) -> str:
    return (email or "").strip().lower()


def _language(code: str | None) -> str:
    return code if code in LANGUAGE_CODES else ""


def _organisations(mailing: Mailing) -> QuerySet[Organisation] | None:
    """The member organisations the filters allow; None when no organisation filter is set
    (for audiences other than members, which then reach everyone of theirs)."""
    filtered = bool(
        mailing.org_types
        or mailing.size_classes
        or mailing.nace_divisions
        or mailing.nuts_region
        or mailing.committed
        or mailing.non_respondents_of_id
    )
    if mailing.audience != Audience.MEMBERS and not filtered:
        return None
    today = timezone.localdate()
    memberships = Membership.objects.filter(cluster_id=mailing.cluster_id, since__lte=today).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    if mailing.committed == Committed.YES:
        memberships = memberships.filter(committed=True)
    elif mailing.committed == Committed.NO:
        memberships = memberships.filter(committed=False)
    orgs = Organisation.objects.filter(pk__in=memberships.values("organisation_id"))
    if mailing.org_types:
        orgs = orgs.filter(org_type__in=mailing.org_types)
    if mailing.size_classes:
        orgs = orgs.filter(size_class__in=mailing.size_classes)
    if mailing.nace_divisions:
        sector = Q()
        for division in mailing.nace_divisions:
            sector |= Q(primary_nace__code__startswith=division)
        orgs = orgs.filter(sector)
    if mailing.nuts_region:
        orgs = orgs.filter(nuts_region__code__startswith=mailing.nuts_region)
    if mailing.non_respondents_of_id:
        answered = SurveyResponse.objects.filter(
            survey_id=mailing.non_respondents_of_id, organisation__isnull=False
        ).values("organisation_id")
        orgs = orgs.exclude(pk__in=answered)
    return orgs


def _from_people(people: QuerySet[Person]) -> list[Recipient]:
    rows = people.exclude(email="").values_list(
        "pk", "email", "first_name", "last_name", "organisation__name", "user_id", "user__language"
    )
    return [
        Recipient(
            email=email,
            name=f"{first} {last}".strip(),
            organisation=org or "",
            language=_language(language),
            person_id=pk,
            user_id=user_id,
        )
        for pk, email, first, last, org, user_id, language in rows.order_by(
            "last_name", "first_name", "pk"
        )
    ]


def _from_users(users: QuerySet[User], orgs: QuerySet[Organisation] | None) -> list[Recipient]:
    if orgs is not None:
        users = users.filter(person__organisation__in=orgs)
    rows = users.values_list(
        "pk",
        "email",
        "first_name",
        "last_name",
        "username",
        "language",
        "person__pk",
        "person__email",
        "person__organisation__name",
    ).order_by("last_name", "first_name", "pk")
    found = []
    for pk, email, first, last, username, language, person_pk, person_email, org in rows:
        address = email or person_email
        if not address:
            continue
        found.append(
            Recipient(
                email=address,
                name=f"{first} {last}".strip() or username,
                organisation=org or "",
                language=_language(language),
                person_id=person_pk,
                user_id=pk,
            )
        )
    return found


def _candidates(mailing: Mailing) -> list[Recipient]:
    orgs = _organisations(mailing)
    if mailing.audience == Audience.MEMBERS:
        return _from_people(Person.objects.filter(organisation__in=orgs))
    if mailing.audience == Audience.EVENT:
        users = User.objects.filter(
            event_registrations__event_id=mailing.event_id,
            event_registrations__status=RegistrationStatus.CONFIRMED,
        )
    elif mailing.audience == Audience.TRAINING:
        users = User.objects.filter(
            pk__in=Enrolment.objects.filter(
                training_programme_id=mailing.training_programme_id
            ).values("user_id")
        )
    else:
        users = User.objects.filter(
            pk__in=RoleAssignment.objects.filter(
                cluster_id=mailing.cluster_id, role=mailing.role
            ).values("user_id")
        )
    users = users.filter(is_active=True).distinct()
    if mailing.non_respondents_of_id:
        users = users.exclude(
            pk__in=SurveyResponse.objects.filter(
                survey_id=mailing.non_respondents_of_id, respondent__isnull=False
            ).values("respondent_id")
        )
    return _from_users(users, orgs)


def blocked_addresses(mailing: Mailing, emails) -> tuple[set[str], set[str]]:
    """(unsubscribed, bounced) among `emails` (normalised), as they stand now."""
    emails = list({normalise(e) for e in emails})
    unsubscribed: set[str] = set()
    bounced: set[str] = set()
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        unsubscribed.update(
            Unsubscription.objects.filter(
                cluster_id=mailing.cluster_id, category=mailing.category, email__in=chunk
            ).values_list("email", flat=True)
        )
        bounced.update(Bounce.objects.filter(email__in=chunk).values_list("email", flat=True))
    return unsubscribed, bounced


def segment_of(mailing: Mailing) -> Segment:
    """Everyone the mailing's segment reaches, once per address, and those left out."""
    seen: set[str] = set()
    unique = []
    for recipient in _candidates(mailing):
        key = normalise(recipient.email)
        if key in seen:
            continue
        seen.add(key)
        unique.append(recipient)
    unsubscribed, bounced = blocked_addresses(mailing, seen)
    segment = Segment()
    for recipient in unique:
        key = normalise(recipient.email)
        if key in bounced:
            segment.bounced.append(recipient)
        elif key in unsubscribed:
            segment.unsubscribed.append(recipient)
        else:
            segment.recipients.append(recipient)
    return segment
