"""Demo membership administration for the 5FOREXCELLENCE partner clusters, on top of the
registry demo (idempotent: types are found by cluster and name, terms by membership, the
waiting application by cluster and company name).

Each partner cluster gets a paying "Full member" type with yearly fees by size class (large
companies pay more), a free type for universities, research and public bodies, every current
member assigned to one of them with its period ending on 31 December, a reason for each member
that left, and one application waiting for the manager's decision.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clusterhub.common.saving import save
from clusterhub.membership import domain
from clusterhub.membership.models import Application
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership

PARTNER_CLUSTERS = ("LITC", "EE-ICT", "NETPORT", "HAV-FOOD", "LLA-LOG")
FULL = "Full member"
FREE = "Academic and public (free)"
FREE_ORG_TYPES = ("university", "research", "public", "education")
# (organisation type, size class, yearly fee); blank matches any.
FULL_RULES = (
    ("", "micro", "300.00"),
    ("", "small", "600.00"),
    ("", "medium", "1200.00"),
    ("", "large", "2500.00"),
    ("large", "", "2500.00"),
    ("", "", "600.00"),
)
REASONS = ("cost", "value", "strategy", "closed")
# acronym: the values of these application fields, in this order
APPLICANT_FIELDS = (
    "company_name",
    "registration_number",
    "vat_number",
    "country",
    "contact_first_name",
    "contact_last_name",
)
APPLICANTS = {
    "LITC": ("Datu Darbnīca SIA", "40203555001", "LV40203555001", "LV", "Līga", "Krūmiņa"),
    "EE-ICT": ("Pilvetarkvara OÜ", "16555001", "EE102555001", "EE", "Kadri", "Kask"),
    "NETPORT": ("Blekinge Sensor AB", "5590555001", "SE559055500101", "SE", "Elin", "Berg"),
    "HAV-FOOD": ("Havsmat AB", "5590555002", "SE559055500201", "SE", "Nils", "Holm"),
    "LLA-LOG": ("Zemgales Loģistika SIA", "40203555002", "LV40203555002", "LV", "Artūrs", "Ozols"),
}


def _type(cluster: Cluster, name: str, *, free: bool, rules=()) -> MembershipType:
    found = MembershipType.objects.filter(cluster=cluster, name=name).first()
    if found is not None:
        return found
    mtype = domain.save_membership_type(
        membership_type=MembershipType(
            cluster=cluster,
            name=name,
            is_free=free,
            description=(
                "Universities, research organisations and public bodies: no fee."
                if free
                else "Companies and other organisations: a yearly fee by size."
            ),
        )
    )
    for org_type, size_class, amount in rules:
        domain.save_fee_rule(
            rule=FeeRule(
                membership_type=mtype,
                org_type=org_type,
                size_class=size_class,
                yearly_amount=Decimal(amount),
            )
        )
    return mtype


def _terms(cluster: Cluster, full: MembershipType, free: MembershipType, today: date) -> None:
    typed = set(
        MemberTerms.objects.filter(membership__cluster=cluster).values_list(
            "membership_id", flat=True
        )
    )
    new = []
    for index, m in enumerate(
        Membership.objects.filter(cluster=cluster).select_related("organisation").order_by("pk")
    ):
        if m.pk in typed:
            continue
        left = m.until is not None and m.until < today
        new.append(
            MemberTerms(
                membership=m,
                membership_type=free if m.organisation.org_type in FREE_ORG_TYPES else full,
                period_end=None if left else date(today.year, 12, 31),
                leaving_reason=REASONS[index % len(REASONS)] if left else "",
            )
        )
    MemberTerms.objects.bulk_create(new)


def _application(cluster: Cluster, full: MembershipType) -> None:
    applicant = dict(zip(APPLICANT_FIELDS, APPLICANTS[cluster.acronym], strict=True))
    if Application.objects.filter(cluster=cluster, company_name=applicant["company_name"]).exists():
        return
    # Stored as the public form would, without the confirmation mail to an invented address.
    app = Application(
        cluster=cluster,
        **applicant,
        org_type="sme",
        size_class="small",
        email=f"applicant-{cluster.acronym.lower()}@example.com",
        membership_type=full,
        message="We would like to join the cluster and take part in its export missions.",
    )
    save(app)


@transaction.atomic
def load_demo() -> None:
    today = timezone.localdate()
    for cluster in Cluster.objects.filter(acronym__in=PARTNER_CLUSTERS).order_by("acronym"):
        full = _type(cluster, FULL, free=False, rules=FULL_RULES)
        free = _type(cluster, FREE, free=True)
        _terms(cluster, full, free, today)
        if cluster.acronym in APPLICANTS:
            _application(cluster, full)
