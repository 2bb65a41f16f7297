"""Indicator values computed from the registry, used to pre-fill an assessment.

Each source named in a framework file (`source: committed_members`) maps to one value here.
Members are those current at the end of the assessment period.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Q

from clusterhub.core.cluster_profile import profile
from clusterhub.core.types import MemberFacts
from clusterhub.core.types import Point
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership

SOURCES = frozenset(
    {
        "committed_members",
        "member_types",
        "sme_share",
        "nearby_share",
        "research_members",
        "new_members",
        "management_fte",
        "organisation_age",
    }
)
RESEARCH_TYPES = {
    OrganisationType.RESEARCH,
    OrganisationType.UNIVERSITY,
    OrganisationType.EDUCATION,
}


def _point(obj) -> Point | None:
    return Point(float(obj.latitude), float(obj.longitude)) if obj.has_location else None


def registry_values(cluster: Cluster, *, period_start: date, period_end: date) -> dict:
    """Every computed source's value for the cluster (None when the registry cannot tell)."""
    current = (
        Membership.objects.filter(cluster=cluster, since__lte=period_end)
        .filter(Q(until__isnull=True) | Q(until__gte=period_end))
        .select_related("organisation")
    )
    facts = []
    research = 0
    for m in current:
        org = m.organisation
        facts.append(
            MemberFacts(
                org_type=org.org_type,
                size_class=org.size_class,
                sector=(org.primary_nace_id or "")[:2],
                committed=m.committed,
                location=_point(org),
            )
        )
        research += org.org_type in RESEARCH_TYPES
    p = profile(facts, _point(cluster))
    sme = p.by_type.get(OrganisationType.SME, 0)
    new = Membership.objects.filter(
        cluster=cluster, since__gte=period_start, since__lte=period_end
    ).count()
    return {
        "committed_members": Decimal(p.committed),
        "member_types": Decimal(p.member_types),
        "sme_share": (Decimal(sme * 100) / p.members).quantize(Decimal("0.1"))
        if p.members
        else None,
        "nearby_share": p.nearby_share,
        "research_members": Decimal(research),
        "new_members": Decimal(new),
        "management_fte": Decimal(cluster.management_fte),
        "organisation_age": Decimal(max(0, period_end.year - cluster.founded))
        if cluster.founded
        else None,
    }
