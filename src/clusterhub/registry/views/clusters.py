"""Cluster pages: directory, profile, forms, members and memberships, roles, dashboard.

Views stay thin: what a user may see comes from registry/queries.py, what they may do from the
rules in registry/rules.py, and every write goes through registry/domain.py (or accounts/domain.py
for roles). An object the user may not see answers 404; a visible one they may not act on, 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.domain import revoke_role
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import history_page
from clusterhub.common.pages import list_page
from clusterhub.common.pages import page_of
from clusterhub.common.text import is_ascii_number
from clusterhub.core.cluster_profile import eccp_checks
from clusterhub.core.cluster_profile import profile
from clusterhub.core.types import MemberFacts
from clusterhub.core.types import Point
from clusterhub.registry import domain
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.filters import ClusterFilters
from clusterhub.registry.filters import MembershipFilters
from clusterhub.registry.forms import ClusterFilterForm
from clusterhub.registry.forms import ClusterForm
from clusterhub.registry.forms import MemberFilterForm
from clusterhub.registry.forms import MembershipForm
from clusterhub.registry.forms import MembershipPrivateForm
from clusterhub.registry.forms import RoleGrantForm
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import clusters_with_dashboard_for
from clusterhub.registry.queries import memberships_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.registry.queries import running_on
from clusterhub.registry.views.base import change_page
from clusterhub.registry.views.base import cluster_with
from clusterhub.registry.views.base import directory_list
from clusterhub.registry.views.base import edit_page


def _cluster_tabs(user, cluster) -> dict:
    """Which of a cluster's tabs (dashboard and members, roles, history) the user may open."""
    return {
        "cluster": cluster,
        "perms_dashboard": user.has_perm("registry.view_cluster_dashboard", cluster),
        "perms_roles": user.has_perm("registry.manage_cluster_roles", cluster),
        "perms_history": user.has_perm("registry.view_cluster_history", cluster),
    }


def _current_memberships(cluster: Cluster):
    return cluster.memberships.filter(running_on(timezone.localdate()))


# --- clusters ------------------------------------------------------------------------------


@login_required
def cluster_list(request):
    qs = (
        clusters_visible_to(request.user)
        .select_related("nuts_region")
        .prefetch_related("programmes")
    )
    programmes = programmes_visible_to(request.user).only("pk", "acronym")
    return directory_list(
        request,
        "registry/cluster_list.html",
        ClusterFilters,
        qs,
        filter_form=ClusterFilterForm(request.GET, programmes=programmes),
        can_add=request.user.has_perm("registry.add_cluster"),
    )


@login_required
def cluster_detail(request, pk: int):
    cluster = object_for(
        request.user,
        clusters_visible_to(request.user)
        .select_related("nuts_region", "managing_organisation")
        .prefetch_related("sectors", "programmes"),
        pk,
    )
    user = request.user
    return render(
        request,
        "registry/cluster_detail.html",
        {
            **_cluster_tabs(user, cluster),
            "can_see_private": user.has_perm("registry.view_cluster_private", cluster),
            "can_change": user.has_perm("registry.change_cluster", cluster),
            "can_delete": user.has_perm("registry.delete_cluster", cluster),
        },
    )


@login_required
def cluster_create(request):
    require(request.user, "registry.add_cluster")
    form = ClusterForm(request.POST or None)

    def save(cluster):
        sectors = form.cleaned_data["sectors"]
        domain.register_cluster(cluster=cluster, sectors=sectors, registered_by=request.user)

    return edit_page(
        request,
        form,
        save,
        saved=lambda obj: _("Cluster %(name)s was created.") % {"name": obj},
        done=_cluster_url,
        title=_("New cluster"),
        back_url=reverse("registry:cluster_list"),
    )


def _cluster_url(cluster) -> str:
    return reverse("registry:cluster_detail", args=[cluster.pk])


@login_required
def cluster_edit(request, pk: int):
    cluster = cluster_with(request, pk, "registry.change_cluster")
    form = ClusterForm(request.POST or None, instance=cluster)
    return change_page(
        request,
        form,
        lambda obj: domain.save_cluster(cluster=obj, sectors=form.cleaned_data["sectors"]),
        record_url=_cluster_url,
    )


@login_required
def cluster_delete(request, pk: int):
    cluster = cluster_with(request, pk, "registry.delete_cluster")

    def question() -> dict:
        counts = domain.dependents_of_cluster(cluster)
        labels = {"memberships": _("memberships"), "role_assignments": _("role assignments")}
        return {"dependents": [(labels.get(key, key), n) for key, n in counts.items() if n]}

    return deleting_page(
        request,
        cluster,
        lambda: domain.delete_cluster(cluster=cluster),
        back_url=_cluster_url(cluster),
        done=_("Cluster %(name)s was deleted."),
        then=reverse("registry:cluster_list"),
        question=question,
    )


@login_required
def cluster_history(request, pk: int):
    cluster = cluster_with(request, pk, "registry.view_cluster_history")
    return history_page(request, cluster, back_url=_cluster_url(cluster))


# --- members of a cluster ------------------------------------------------------------------


@login_required
def cluster_members(request, pk: int):
    # The member list is for the cluster's insiders, the same people who see its dashboard.
    cluster = cluster_with(request, pk, "registry.view_cluster_dashboard")
    qs = memberships_visible_to(request.user).select_related(
        "cluster", "organisation", "organisation__primary_nace"
    )
    page, error = list_page(request, MembershipFilters, qs, extra={"cluster": cluster.pk})
    user = request.user
    rows = [(m, user.has_perm("registry.change_membership", m)) for m in page]
    return render(
        request,
        "registry/cluster_members.html",
        {
            **_cluster_tabs(user, cluster),
            "page_obj": page,
            "rows": rows,
            "filter_error": error,
            "filter_form": MemberFilterForm(request.GET),
            "default_sort": MembershipFilters.DEFAULT_SORT,
            "can_add": user.has_perm("registry.add_membership_to", cluster),
            "can_import": user.has_perm("registry.import_members", cluster),
            "can_export": user.has_perm("registry.export_members", cluster),
            "can_see_private": user.has_perm("registry.view_cluster_private", cluster),
        },
    )


def _members_url(cluster_id: int) -> str:
    """The cluster's member list, where a membership's pages lead back to."""
    return reverse("registry:cluster_members", args=[cluster_id])


def _membership_form_class(request, cluster):
    if request.user.has_perm("registry.view_cluster_private", cluster):
        return MembershipPrivateForm
    return MembershipForm


@login_required
def membership_create(request, pk: int):
    cluster = cluster_with(request, pk, "registry.add_membership_to")
    form_class = _membership_form_class(request, cluster)
    form = form_class(
        request.POST or None,
        instance=Membership(cluster=cluster),
        initial={"since": timezone.localdate(), "organisation": request.GET.get("organisation")},
    )
    members_url = _members_url(cluster.pk)
    return edit_page(
        request,
        form,
        lambda obj: domain.save_membership(membership=obj),
        saved=lambda obj: (
            _("%(org)s is now a member of %(cluster)s.")
            % {"org": obj.organisation, "cluster": cluster.acronym}
        ),
        done=lambda _obj: members_url,
        title=_("Add a member to %(cluster)s") % {"cluster": cluster},
        back_url=members_url,
    )


def _visible_membership(request, pk: int, permission: str) -> Membership:
    memberships = memberships_visible_to(request.user).select_related("cluster", "organisation")
    return object_for(request.user, memberships, pk, permission)


@login_required
def membership_edit(request, pk: int):
    membership = _visible_membership(request, pk, "registry.change_membership")
    form_class = _membership_form_class(request, membership.cluster)
    form = form_class(request.POST or None, instance=membership)
    members_url = _members_url(membership.cluster_id)
    return edit_page(
        request,
        form,
        lambda obj: domain.save_membership(membership=obj),
        saved=lambda _obj: _("Your changes were saved."),
        done=lambda _obj: members_url,
        title=_("Edit membership: %(m)s") % {"m": membership},
        back_url=members_url,
    )


@login_required
def membership_delete(request, pk: int):
    membership = _visible_membership(request, pk, "registry.delete_membership")
    back = _members_url(membership.cluster_id)
    return deleting_page(
        request,
        membership,
        lambda: domain.delete_membership(membership=membership),
        back_url=back,
        done=_("The membership was deleted."),
    )


@login_required
def membership_history(request, pk: int):
    membership = _visible_membership(request, pk, "registry.view_membership_private")
    return history_page(
        request,
        membership,
        back_url=_members_url(membership.cluster_id),
    )


# --- roles ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cluster_roles(request, pk: int):
    cluster = cluster_with(request, pk, "registry.manage_cluster_roles")
    members = Organisation.objects.filter(
        pk__in=_current_memberships(cluster).values("organisation_id")
    ).order_by("name")
    form = RoleGrantForm(members=members)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        assignments = RoleAssignment.objects.select_related("user").filter(cluster=cluster)
        assignment = object_for(request.user, assignments, request.POST.get("assignment", ""))
        revoke_role(assignment=assignment)
        messages.success(
            request,
            _("%(user)s no longer holds the role %(role)s.")
            % {"user": assignment.user.display_name, "role": assignment.get_role_display()},
        )
        return redirect("registry:cluster_roles", pk=cluster.pk)
    if request.method == "POST":
        form = RoleGrantForm(request.POST, members=members)
        if form.is_valid():
            data = form.cleaned_data
            grant_role(
                user=data["username"],
                role=data["role"],
                cluster=cluster,
                organisation=data["organisation"],
            )
            messages.success(
                request,
                _("%(user)s now holds the role %(role)s.")
                % {"user": data["username"].display_name, "role": Role(data["role"]).label},
            )
            return redirect("registry:cluster_roles", pk=cluster.pk)
    assignments = (
        RoleAssignment.objects.filter(cluster=cluster)
        .select_related("user", "organisation")
        .order_by("role", "user__username")
    )
    return render(
        request,
        "registry/cluster_roles.html",
        {**_cluster_tabs(request.user, cluster), "assignments": assignments, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- dashboard -----------------------------------------------------------------------------


@login_required
def dashboard_index(request):
    # Paginated: a platform admin has a dashboard in every cluster (thousands of cards).
    clusters = page_of(request, clusters_with_dashboard_for(request.user))
    return render(
        request, "registry/dashboard_index.html", {"clusters": clusters, "page_obj": clusters}
    )


_ECCP_LABELS = {
    "fte": gettext_lazy("Cluster management staff (FTE)"),
    "committed": gettext_lazy("Committed members"),
    "types": gettext_lazy("Member types"),
}


def _chart(title: str, rows: list[tuple[str, int]]) -> str:
    # The SVG is built from escaped text in common/charts.py, so it is safe to embed.
    return mark_safe(horizontal_bar_chart(rows, title=title))  # noqa: S308  # nosec B308 B703  # escaped SVG


@login_required
def cluster_dashboard(request, pk: int):
    cluster = cluster_with(request, pk, "registry.view_cluster_dashboard")
    # Plain rows, not model instances, in no order: a large cluster has thousands of current
    # members, and the default order would join and sort by cluster and organisation name.
    rows = (
        _current_memberships(cluster)
        .order_by()
        .values_list(
            "organisation__org_type",
            "organisation__size_class",
            "organisation__primary_nace_id",
            "committed",
            "organisation__latitude",
            "organisation__longitude",
        )
    )
    facts = []
    for org_type, size_class, nace, committed, latitude, longitude in rows:
        code = nace or ""
        facts.append(
            MemberFacts(
                org_type=org_type,
                size_class=size_class,
                # The sector is the NACE division (two digits) of the primary code.
                sector=code[:2] if is_ascii_number(code[:1]) else "",
                committed=committed,
                location=Point(float(latitude), float(longitude))
                if latitude is not None and longitude is not None
                else None,
            )
        )
    office = (
        Point(float(cluster.latitude), float(cluster.longitude)) if cluster.has_location else None
    )
    p = profile(facts, office)
    checks = eccp_checks(p, management_fte=cluster.management_fte)

    unknown = _("unknown")
    types = dict(OrganisationType.choices)
    sizes = dict(SizeClass.choices)
    titles = dict(NaceCode.objects.filter(code__in=p.by_sector.keys()).values_list("code", "title"))
    by_type = [(str(types.get(k, k or unknown)), n) for k, n in p.by_type.items()]
    by_size = [(str(sizes.get(k, unknown)) if k else unknown, n) for k, n in p.by_size.items()]
    by_sector = [
        (f"{k} {titles.get(k, '')}".strip() if k else unknown, n) for k, n in p.by_sector.items()
    ]
    charts = [
        (_("Members by type"), by_type),
        (_("Members by sector (NACE division)"), by_sector),
        (_("Members by size"), by_size),
    ]
    return render(
        request,
        "registry/cluster_dashboard.html",
        {
            **_cluster_tabs(request.user, cluster),
            "profile": p,
            "office_known": office is not None,
            "charts": [
                {"title": t, "rows": rows, "svg": _chart(t, rows), "id": f"chart-{i}"}
                for i, (t, rows) in enumerate(charts)
            ],
            "checks": [{"label": _ECCP_LABELS.get(c.code, c.code), "check": c} for c in checks],
            "eccp_met": all(c.met for c in checks),
        },
    )
