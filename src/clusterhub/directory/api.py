"""The public, read-only API of the directory: no sign-in, public fields only.

GET /api/v1/directory/clusters         the directory, with the page's filters
GET /api/v1/directory/clusters/{id}    one cluster's public profile
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query
from ninja import Router
from ninja.pagination import paginate

from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_helpers import path_id
from clusterhub.common.pagination import PageNumber
from clusterhub.directory.filters import DirectoryFilters
from clusterhub.directory.queries import apply_url
from clusterhub.directory.queries import current_label
from clusterhub.directory.queries import members_centres
from clusterhub.directory.queries import place_of
from clusterhub.directory.queries import public_clusters
from clusterhub.directory.queries import public_profile
from clusterhub.directory.schemas import ClusterPublicOut
from clusterhub.directory.schemas import DirectoryClusterOut
from clusterhub.registry.models import Cluster

router = Router(tags=["directory"])


def _summary(cluster: Cluster, members: dict | None = None) -> dict:
    label = current_label(cluster)
    place = place_of(cluster, members=members)
    region = cluster.nuts_region if cluster.nuts_region_id else None
    return {
        "id": cluster.pk,
        "name": cluster.name,
        "acronym": cluster.acronym,
        "country": cluster.country,
        "region_code": region.code if region else None,
        "region_name": region.name if region else None,
        "city": cluster.city,
        "sector_group": cluster.sector_group,
        "website": cluster.website,
        "label": {"level": label.level, "valid_until": label.valid_until} if label else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "location_approximate": place.approximate if place else False,
        "page_url": reverse("directory:cluster", args=[cluster.pk]),
    }


@router.get("/directory/clusters", response=list[DirectoryClusterOut], auth=None)
@paginate(PageNumber)
def list_public_clusters(request, filters: Query[DirectoryFilters]):
    """The public directory of clusters. No sign-in needed; public fields only."""
    clusters = list(filters.apply(public_clusters()))
    members = members_centres([c.pk for c in clusters])
    return [_summary(c, members) for c in clusters]


@router.get(
    "/directory/clusters/{cluster_id}", response={200: ClusterPublicOut, **ERRORS}, auth=None
)
def get_public_cluster(request, cluster_id: int = path_id("Cluster id")):
    """One cluster's public profile: members only where they agreed to be named."""
    cluster = get_object_or_404(public_clusters(), pk=cluster_id)
    profile = public_profile(cluster)
    return {
        **_summary(cluster),
        "description": cluster.description,
        "founded": cluster.founded,
        "sectors": [{"code": s.code, "title": s.title} for s in profile.sectors],
        "member_count": profile.member_total,
        "members_by_type": [
            {"org_type": c.org_type, "label": c.label, "count": c.count}
            for c in profile.member_counts
        ],
        "listed_members": [
            {
                "name": o.name,
                "org_type": o.org_type,
                "city": o.city,
                "country": o.country,
                "website": o.website,
            }
            for o in profile.listed_members
        ],
        "offers": [
            {
                "title": o.title,
                "kind": o.kind,
                "keywords": o.keywords,
                "deadline": o.deadline,
                "organisation": o.organisation,
            }
            for o in profile.offers
        ],
        "upcoming_events": [
            {
                "title": e.title,
                "kind": e.kind,
                "starts_at": e.starts_at,
                "ends_at": e.ends_at,
                "timezone": e.timezone,
                "city": e.city,
                "venue": e.venue,
                "language": e.language,
            }
            for e in profile.events
        ],
        "funding": [
            {
                "programme": programme.acronym,
                "acknowledgement": notice.acknowledgement,
                "disclaimer": notice.disclaimer,
            }
            for programme, notice in profile.funding
        ],
        "apply_url": apply_url(cluster),
        "widget_url": reverse("directory:widget", args=[cluster.pk]),
    }
