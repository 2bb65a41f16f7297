"""Public pages: the directory with its map, a page per cluster, the embeddable widget; and the
page where a cluster's manager or a member's representative says who is named publicly."""

import pycountry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from clusterhub.common.access import object_for
from clusterhub.common.concurrency import changed_rows
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import ids_or_404
from clusterhub.common.pages import list_page
from clusterhub.common.security import CONTENT_SECURITY_POLICY
from clusterhub.directory import domain
from clusterhub.directory.filters import DirectoryFilters
from clusterhub.directory.forms import DirectoryFilterForm
from clusterhub.directory.models import ListingConsent
from clusterhub.directory.queries import apply_url
from clusterhub.directory.queries import cluster_by_key
from clusterhub.directory.queries import current_label
from clusterhub.directory.queries import current_memberships
from clusterhub.directory.queries import members_centres
from clusterhub.directory.queries import place_of
from clusterhub.directory.queries import public_clusters
from clusterhub.directory.queries import public_profile
from clusterhub.directory.svgmap import Point
from clusterhub.directory.svgmap import render_map
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import NutsRegion

# The widget alone may be framed, by any site: the same policy with frame-ancestors opened.
WIDGET_CSP = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
# The map draws at most this many points (the list under it has every cluster).
MAP_POINTS = 2000


def _filter_choices():
    clusters = Cluster.objects.all()
    countries = sorted(
        {(code, _country(code)) for code in clusters.values_list("country", flat=True).distinct()},
        key=lambda c: c[1],
    )
    used = set(clusters.exclude(nuts_region=None).values_list("nuts_region__code", flat=True))
    # A region filter by any level: the regions clusters sit in and the larger ones above them.
    codes = {code[:n] for code in used for n in range(3, len(code) + 1)}
    regions = [(r.code, f"{r.code} {r.name}") for r in NutsRegion.objects.filter(code__in=codes)]
    return countries, regions


def _country(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country is not None else code


def directory_index(request):
    countries, regions = _filter_choices()
    page, error = list_page(request, DirectoryFilters, public_clusters())
    points = []
    unplaced = []
    if not error:
        # The whole filtered list the page is one page of, not only that page.
        clusters = list(page.paginator.object_list[:MAP_POINTS])
        members = members_centres([c.pk for c in clusters])
        for cluster in clusters:
            place = place_of(cluster, members=members)
            if place is None:
                unplaced.append(cluster)
                continue
            points.append(
                Point(
                    url=reverse("directory:cluster", args=[cluster.pk]),
                    name=f"{cluster.name} ({cluster.acronym})"
                    + (" · " + _("location approximate: country") if place.approximate else ""),
                    latitude=place.latitude,
                    longitude=place.longitude,
                    approximate=place.approximate,
                )
            )
    svg = render_map(
        points,
        title=_("Map of clusters"),
        description=_("%(n)s clusters shown as points; each links to its page.")
        % {"n": len(points)},
    )
    rows = [(cluster, current_label(cluster)) for cluster in page.object_list]
    return render(
        request,
        "directory/index.html",
        {
            "page_obj": page,
            "rows": rows,
            "filter_error": error,
            "filter_form": DirectoryFilterForm(request.GET, countries=countries, regions=regions),
            "map_svg": svg,
            "unplaced": unplaced,
        },
    )


def cluster_page(request, pk: int):
    cluster = get_object_or_404(public_clusters(), pk=pk)
    profile = public_profile(cluster)
    user = request.user
    return render(
        request,
        "directory/cluster.html",
        {
            "cluster": cluster,
            "profile": profile,
            "apply_url": apply_url(cluster),
            "widget_url": request.build_absolute_uri(
                reverse("directory:widget", args=[cluster.pk])
            ),
            "can_manage_listing": user.is_authenticated
            and user.has_perm("directory.manage_listing", cluster),
        },
    )


def cluster_by_acronym(request, key: str):
    cluster = cluster_by_key(key)
    if cluster is None:
        raise Http404
    return redirect("directory:cluster", pk=cluster.pk)


@xframe_options_exempt
def cluster_widget(request, pk: int):
    cluster = get_object_or_404(public_clusters(), pk=pk)
    response = render(
        request,
        "directory/widget.html",
        {
            "cluster": cluster,
            "profile": public_profile(cluster, full=False),
            "page_url": request.build_absolute_uri(reverse("directory:cluster", args=[pk])),
            "apply_url": request.build_absolute_uri(apply_url(cluster)),
        },
    )
    response["Content-Security-Policy"] = WIDGET_CSP
    return response


@login_required
@require_http_methods(["GET", "POST"])
def listing(request, pk: int):
    """Who is named on the cluster's public page: every current member for the manager,
    the represented organisations for a member representative."""
    cluster = object_for(request.user, Cluster.objects.all(), pk, "directory.manage_listing")
    user = request.user
    memberships = (
        current_memberships()
        .filter(cluster=cluster)
        .select_related("organisation", "cluster")
        .order_by("organisation__name", "pk")
    )
    rows = [m for m in memberships if user.has_perm("directory.set_listing", m)]
    listed = set(
        ListingConsent.objects.filter(cluster=cluster, listed=True).values_list(
            "organisation_id", flat=True
        )
    )
    if request.method == "POST":
        shown = set(ids_or_404(request.POST.getlist("shown")))
        chosen = set(ids_or_404(request.POST.getlist("listed")))
        allowed = {m.organisation_id: m for m in rows}
        if not shown <= allowed.keys() or not chosen <= shown:
            raise PermissionDenied

        # Only the rows this person changed: a consent given or withdrawn meanwhile by the
        # member's representative stays as they left it.
        changed, _kept = changed_rows(
            request.POST,
            sorted(shown),
            wanted=lambda org: "listed" if org in chosen else "not listed",
            stored=lambda org: "listed" if org in listed else "not listed",
        )

        def save_choices():
            for org_id, state in changed.items():
                domain.set_listing(
                    cluster=cluster,
                    organisation=allowed[org_id].organisation,
                    listed=state == "listed",
                    by=user,
                )

        carry_out(request, save_choices, done=_("The public member list is saved."))
        return redirect("directory:listing", pk=cluster.pk)
    return render(
        request,
        "directory/listing.html",
        {
            "cluster": cluster,
            "rows": [(m, m.organisation_id in listed) for m in rows],
        },
    )
