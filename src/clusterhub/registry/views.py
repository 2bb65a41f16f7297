"""Pages of the registry: directory lists, profiles, forms, members, roles, dashboard, history.

Views stay thin: what a user may see comes from registry/queries.py, what they may do from the
rules in registry/rules.py, and every write goes through registry/domain.py (or accounts/domain.py
for roles). An object the user may not see answers 404; a visible one they may not act on, 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, ProtectedError, Q, RestrictedError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError as PydanticValidationError

from clusterhub.accounts.domain import grant_role, revoke_role
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.history import history_of
from clusterhub.core.cluster_profile import eccp_checks, profile
from clusterhub.core.types import MemberFacts, Point
from clusterhub.registry import domain
from clusterhub.registry.enums import OrganisationType, SizeClass
from clusterhub.registry.filters import (
    ClusterFilters,
    MembershipFilters,
    OrganisationFilters,
    PersonFilters,
)
from clusterhub.registry.forms import (
    ClusterFilterForm,
    ClusterForm,
    MemberFilterForm,
    MembershipForm,
    MembershipPrivateForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    RoleGrantForm,
)
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.models import Cluster, Membership, NaceCode, Organisation
from clusterhub.registry.queries import (
    clusters_visible_to,
    clusters_with_dashboard_for,
    memberships_visible_to,
    organisations_visible_to,
    people_visible_to,
    programmes_visible_to,
)

PAGE_SIZE = 25


# --- helpers -------------------------------------------------------------------------------


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _filter_error(exc: PydanticValidationError) -> str:
    """A readable line per invalid query parameter, for the message above the list."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ())) or _("filter")
        lines.append(f"{where}: {error.get('msg', '')}")
    return "; ".join(lines)


def _list_page(request, filter_class, queryset, *, extra: dict | None = None):
    """Validate the query string with the shared filter class, filter, sort and paginate.

    Returns (page, error): an invalid filter shows its message over an empty list, never a 500.
    """
    params = {k: v for k, v in request.GET.items() if k != "page"}
    params.update(extra or {})
    try:
        filters = filter_class(**params)
    except PydanticValidationError as exc:
        return Paginator(queryset.none(), PAGE_SIZE).get_page(1), _filter_error(exc)
    qs = filters.apply(queryset, user=request.user)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), ""


def _save_or_errors(form, save) -> bool:
    """Run a domain save; put its validation errors on the form's fields and return success."""
    try:
        save()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return False
    return True


def _form_page(request, form, *, title: str, back_url: str, submit: str = ""):
    return render(
        request,
        "registry/form.html",
        {"form": form, "title": title, "back_url": back_url, "submit": submit or _("Save")},
        status=400 if form.is_bound and form.errors else 200,
    )


def _delete_page(request, obj, *, back_url: str, dependents=(), refusal: str = ""):
    return render(
        request,
        "common/confirm_delete.html",
        {"object": obj, "back_url": back_url, "dependents": dependents, "refusal": refusal},
        status=409 if refusal else 200,
    )


def _delete_refusal(delete) -> str:
    """Run a domain delete; the reason it was refused, or '' when it went through."""
    try:
        delete()
    except ValidationError as exc:
        return " ".join(exc.messages)
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        return _("Other records still refer to it (%(kinds)s); remove those first.") % {
            "kinds": ", ".join(kinds)
        }
    return ""


def _history_page(request, obj, *, back_url: str):
    return render(
        request,
        "common/history.html",
        {"object": obj, "entries": history_of(obj), "back_url": back_url},
    )


def _cluster_tabs(user, cluster) -> dict:
    """Which of a cluster's tabs (dashboard and members, roles, history) the user may open."""
    return {
        "cluster": cluster,
        "perms_dashboard": user.has_perm("registry.view_cluster_dashboard", cluster),
        "perms_roles": user.has_perm("registry.manage_cluster_roles", cluster),
        "perms_history": user.has_perm("registry.view_cluster_history", cluster),
    }


def _current_memberships(cluster: Cluster):
    today = timezone.localdate()
    return cluster.memberships.filter(Q(until__isnull=True) | Q(until__gte=today), since__lte=today)


# --- clusters ------------------------------------------------------------------------------


@login_required
def cluster_list(request):
    qs = (
        clusters_visible_to(request.user)
        .select_related("nuts_region")
        .prefetch_related("programmes")
    )
    page, error = _list_page(request, ClusterFilters, qs)
    programmes = programmes_visible_to(request.user).only("pk", "acronym")
    return render(
        request,
        "registry/cluster_list.html",
        {
            "page_obj": page,
            "filter_error": error,
            "filter_form": ClusterFilterForm(request.GET, programmes=programmes),
            "default_sort": ClusterFilters.DEFAULT_SORT,
            "can_add": request.user.has_perm("registry.add_cluster"),
        },
    )


@login_required
def cluster_detail(request, pk: int):
    cluster = get_object_or_404(
        clusters_visible_to(request.user)
        .select_related("nuts_region", "managing_organisation")
        .prefetch_related("sectors", "programmes"),
        pk=pk,
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
    _require(request, "registry.add_cluster")
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cluster = form.save(commit=False)

        def save():
            domain.register_cluster(
                cluster=cluster, sectors=form.cleaned_data["sectors"], registered_by=request.user
            )

        if _save_or_errors(form, save):
            messages.success(request, _("Cluster %(name)s was created.") % {"name": cluster})
            return redirect("registry:cluster_detail", pk=cluster.pk)
    return _form_page(
        request, form, title=_("New cluster"), back_url=reverse("registry:cluster_list")
    )


@login_required
def cluster_edit(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    _require(request, "registry.change_cluster", cluster)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if _save_or_errors(
            form, lambda: domain.save_cluster(cluster=obj, sectors=form.cleaned_data["sectors"])
        ):
            messages.success(request, _("Your changes were saved."))
            return redirect("registry:cluster_detail", pk=cluster.pk)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": cluster},
        back_url=reverse("registry:cluster_detail", args=[cluster.pk]),
    )


@login_required
def cluster_delete(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    _require(request, "registry.delete_cluster", cluster)
    if request.method == "POST":
        name = str(cluster)
        refusal = _delete_refusal(lambda: domain.delete_cluster(cluster=cluster))
        if refusal:
            return _delete_page(
                request,
                cluster,
                back_url=reverse("registry:cluster_detail", args=[cluster.pk]),
                refusal=refusal,
            )
        messages.success(request, _("Cluster %(name)s was deleted.") % {"name": name})
        return redirect("registry:cluster_list")
    counts = domain.dependents_of_cluster(cluster)
    labels = {"memberships": _("memberships"), "role_assignments": _("role assignments")}
    dependents = [(labels.get(key, key), n) for key, n in counts.items() if n]
    return _delete_page(
        request,
        cluster,
        back_url=reverse("registry:cluster_detail", args=[cluster.pk]),
        dependents=dependents,
    )


@login_required
def cluster_history(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    _require(request, "registry.view_cluster_history", cluster)
    return _history_page(
        request, cluster, back_url=reverse("registry:cluster_detail", args=[cluster.pk])
    )


# --- members of a cluster ------------------------------------------------------------------


@login_required
def cluster_members(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    # The member list is for the cluster's insiders, the same people who see its dashboard.
    _require(request, "registry.view_cluster_dashboard", cluster)
    qs = memberships_visible_to(request.user).select_related(
        "cluster", "organisation", "organisation__primary_nace"
    )
    page, error = _list_page(request, MembershipFilters, qs, extra={"cluster": cluster.pk})
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


def _membership_form_class(request, cluster):
    if request.user.has_perm("registry.view_cluster_private", cluster):
        return MembershipPrivateForm
    return MembershipForm


@login_required
def membership_create(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    _require(request, "registry.add_membership_to", cluster)
    form_class = _membership_form_class(request, cluster)
    form = form_class(
        request.POST or None,
        instance=Membership(cluster=cluster),
        initial={"since": timezone.localdate(), "organisation": request.GET.get("organisation")},
    )
    if request.method == "POST" and form.is_valid():
        membership = form.save(commit=False)
        if _save_or_errors(form, lambda: domain.save_membership(membership=membership)):
            messages.success(
                request,
                _("%(org)s is now a member of %(cluster)s.")
                % {"org": membership.organisation, "cluster": cluster.acronym},
            )
            return redirect("registry:cluster_members", pk=cluster.pk)
    return _form_page(
        request,
        form,
        title=_("Add a member to %(cluster)s") % {"cluster": cluster},
        back_url=reverse("registry:cluster_members", args=[cluster.pk]),
    )


def _visible_membership(request, pk: int) -> Membership:
    return get_object_or_404(
        memberships_visible_to(request.user).select_related("cluster", "organisation"), pk=pk
    )


@login_required
def membership_edit(request, pk: int):
    membership = _visible_membership(request, pk)
    _require(request, "registry.change_membership", membership)
    form_class = _membership_form_class(request, membership.cluster)
    form = form_class(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if _save_or_errors(form, lambda: domain.save_membership(membership=obj)):
            messages.success(request, _("Your changes were saved."))
            return redirect("registry:cluster_members", pk=membership.cluster_id)
    return _form_page(
        request,
        form,
        title=_("Edit membership: %(m)s") % {"m": membership},
        back_url=reverse("registry:cluster_members", args=[membership.cluster_id]),
    )


@login_required
def membership_delete(request, pk: int):
    membership = _visible_membership(request, pk)
    _require(request, "registry.delete_membership", membership)
    back = reverse("registry:cluster_members", args=[membership.cluster_id])
    if request.method == "POST":
        refusal = _delete_refusal(lambda: domain.delete_membership(membership=membership))
        if refusal:
            return _delete_page(request, membership, back_url=back, refusal=refusal)
        messages.success(request, _("The membership was deleted."))
        return redirect(back)
    return _delete_page(request, membership, back_url=back)


@login_required
def membership_history(request, pk: int):
    membership = _visible_membership(request, pk)
    _require(request, "registry.view_membership_private", membership)
    return _history_page(
        request,
        membership,
        back_url=reverse("registry:cluster_members", args=[membership.cluster_id]),
    )


# --- roles ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cluster_roles(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    _require(request, "registry.manage_cluster_roles", cluster)
    members = Organisation.objects.filter(
        pk__in=_current_memberships(cluster).values("organisation_id")
    ).order_by("name")
    form = RoleGrantForm(members=members)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        raw_id = request.POST.get("assignment", "")
        assignment = get_object_or_404(
            RoleAssignment.objects.select_related("user"),
            pk=int(raw_id) if raw_id.isdigit() else 0,
            cluster=cluster,
        )
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
    clusters = clusters_with_dashboard_for(request.user).select_related("nuts_region")
    return render(request, "registry/dashboard_index.html", {"clusters": clusters})


_ECCP_LABELS = {
    "fte": gettext_lazy("Cluster management staff (FTE)"),
    "committed": gettext_lazy("Committed members"),
    "types": gettext_lazy("Member types"),
}


def _chart(title: str, rows: list[tuple[str, int]]) -> str:
    # The SVG is built from escaped text in common/charts.py, so it is safe to embed.
    return mark_safe(horizontal_bar_chart(rows, title=title))  # noqa: S308


@login_required
def cluster_dashboard(request, pk: int):
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    _require(request, "registry.view_cluster_dashboard", cluster)
    memberships = _current_memberships(cluster).select_related("organisation")
    facts = []
    for m in memberships:
        org = m.organisation
        code = org.primary_nace_id or ""
        facts.append(
            MemberFacts(
                org_type=org.org_type,
                size_class=org.size_class,
                # The sector is the NACE division (two digits) of the primary code.
                sector=code[:2] if code[:1].isdigit() else "",
                committed=m.committed,
                location=Point(float(org.latitude), float(org.longitude))
                if org.has_location
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


# --- organisations -------------------------------------------------------------------------


@login_required
def organisation_list(request):
    user = request.user
    qs = organisations_visible_to(user).select_related("primary_nace", "nuts_region")
    # The filter only sees memberships the user may see; offer just those clusters.
    insider_clusters = clusters_with_dashboard_for(user).only("pk", "acronym")
    page, error = _list_page(request, OrganisationFilters, qs)
    return render(
        request,
        "registry/organisation_list.html",
        {
            "page_obj": page,
            "filter_error": error,
            "filter_form": OrganisationFilterForm(request.GET, clusters=insider_clusters),
            "default_sort": OrganisationFilters.DEFAULT_SORT,
            "can_add": user.has_perm("registry.add_organisation"),
        },
    )


@login_required
def organisation_detail(request, pk: int):
    user = request.user
    organisation = get_object_or_404(
        organisations_visible_to(user).select_related("primary_nace", "nuts_region"), pk=pk
    )
    memberships = (
        memberships_visible_to(user).filter(organisation=organisation).select_related("cluster")
    )
    can_see_people = user.has_perm("registry.view_organisation_people", organisation)
    people = organisation.people.all() if can_see_people else []
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "secondary": organisation.secondary_nace.all(),
            "can_see_people": can_see_people,
            "people": people,
            "can_change": user.has_perm("registry.change_organisation", organisation),
            "can_delete": user.has_perm("registry.delete_organisation", organisation),
            "can_add_person": user.has_perm("registry.add_person_to", organisation),
        },
    )


@login_required
def organisation_create(request):
    _require(request, "registry.add_organisation")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        if _save_or_errors(
            form,
            lambda: domain.save_organisation(
                organisation=organisation, secondary_nace=form.cleaned_data["secondary_nace"]
            ),
        ):
            messages.success(
                request, _("Organisation %(name)s was created.") % {"name": organisation}
            )
            return redirect("registry:organisation_detail", pk=organisation.pk)
    return _form_page(
        request, form, title=_("New organisation"), back_url=reverse("registry:organisation_list")
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    _require(request, "registry.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if _save_or_errors(
            form,
            lambda: domain.save_organisation(
                organisation=obj, secondary_nace=form.cleaned_data["secondary_nace"]
            ),
        ):
            messages.success(request, _("Your changes were saved."))
            return redirect("registry:organisation_detail", pk=organisation.pk)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": organisation},
        back_url=reverse("registry:organisation_detail", args=[organisation.pk]),
    )


@login_required
def organisation_delete(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    _require(request, "registry.delete_organisation", organisation)
    back = reverse("registry:organisation_detail", args=[organisation.pk])
    if request.method == "POST":
        name = str(organisation)
        try:
            domain.delete_organisation(organisation=organisation)
        except ValidationError as exc:
            return _delete_page(
                request, organisation, back_url=back, refusal=" ".join(exc.messages)
            )
        messages.success(request, _("Organisation %(name)s was deleted.") % {"name": name})
        return redirect("registry:organisation_list")
    people = organisation.people.count()
    dependents = [(_("people"), people)] if people else []
    return _delete_page(request, organisation, back_url=back, dependents=dependents)


@login_required
def organisation_history(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    _require(request, "registry.view_organisation", organisation)
    return _history_page(
        request,
        organisation,
        back_url=reverse("registry:organisation_detail", args=[organisation.pk]),
    )


# --- people --------------------------------------------------------------------------------


@login_required
def person_list(request):
    qs = people_visible_to(request.user).select_related("organisation")
    page, error = _list_page(request, PersonFilters, qs)
    clusters = clusters_with_dashboard_for(request.user).only("pk", "acronym")
    return render(
        request,
        "registry/person_list.html",
        {
            "page_obj": page,
            "filter_error": error,
            "filter_form": PersonFilterForm(request.GET, clusters=clusters),
            "default_sort": PersonFilters.DEFAULT_SORT,
            "can_add": bool(_organisations_for_people(request.user)),
        },
    )


def _organisations_for_people(user, also=None):
    """Organisations the user may add people to (plus `also`, the one a person is at now)."""
    if user.is_superuser:
        candidates = Organisation.objects.all()
    else:
        candidates = Organisation.objects.filter(
            Q(memberships__in=memberships_visible_to(user)) | Q(representatives__user=user)
        ).distinct()
    allowed = [o.pk for o in candidates if user.has_perm("registry.add_person_to", o)]
    if also is not None:
        allowed.append(also)
    return Organisation.objects.filter(pk__in=allowed).order_by("name") if allowed else None


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(
        people_visible_to(request.user).select_related("organisation", "user"), pk=pk
    )
    _require(request, "registry.view_person", person)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "can_change": request.user.has_perm("registry.change_person", person),
            "can_delete": request.user.has_perm("registry.delete_person", person),
        },
    )


@login_required
def person_create(request):
    organisations = _organisations_for_people(request.user)
    if organisations is None:
        raise PermissionDenied
    form = PersonForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": request.GET.get("organisation")},
    )
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        if _save_or_errors(form, lambda: domain.save_person(person=person)):
            messages.success(request, _("%(name)s was added.") % {"name": person})
            return redirect("registry:person_detail", pk=person.pk)
    return _form_page(
        request, form, title=_("New person"), back_url=reverse("registry:person_list")
    )


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    _require(request, "registry.change_person", person)
    organisations = _organisations_for_people(request.user, also=person.organisation_id)
    form = PersonForm(request.POST or None, instance=person, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if _save_or_errors(form, lambda: domain.save_person(person=obj)):
            messages.success(request, _("Your changes were saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": person},
        back_url=reverse("registry:person_detail", args=[person.pk]),
    )


@login_required
def person_delete(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    _require(request, "registry.delete_person", person)
    back = reverse("registry:person_detail", args=[person.pk])
    if request.method == "POST":
        name = str(person)
        refusal = _delete_refusal(lambda: domain.delete_person(person=person))
        if refusal:
            return _delete_page(request, person, back_url=back, refusal=refusal)
        messages.success(request, _("%(name)s was deleted.") % {"name": name})
        return redirect("registry:person_list")
    return _delete_page(request, person, back_url=back)


@login_required
def person_history(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    _require(request, "registry.view_person", person)
    return _history_page(
        request, person, back_url=reverse("registry:person_detail", args=[person.pk])
    )


# --- programmes ----------------------------------------------------------------------------


@login_required
def programme_detail(request, pk: int):
    programme = get_object_or_404(
        programmes_visible_to(request.user).prefetch_related(
            Prefetch("clusters", queryset=Cluster.objects.order_by("name"))
        ),
        pk=pk,
    )
    return render(
        request,
        "registry/programme_detail.html",
        {"programme": programme, "funding": funding_notice(programme)},
    )
