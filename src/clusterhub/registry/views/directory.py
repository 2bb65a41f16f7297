"""Organisation, people and programme pages of the registry (same conventions as clusters)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterhub.common.pages import (
    delete_page,
    delete_refusal,
    form_page,
    history_page,
    list_page,
    refusal_before_deleting,
    require,
    save_or_errors,
)
from clusterhub.registry import domain
from clusterhub.registry.filters import (
    OrganisationFilters,
    PersonFilters,
)
from clusterhub.registry.forms import (
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    announce_conversions,
)
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.models import Cluster, Organisation
from clusterhub.registry.queries import (
    clusters_with_dashboard_for,
    memberships_visible_to,
    organisations_visible_to,
    people_visible_to,
    programmes_visible_to,
)
from clusterhub.registry.rules import organisation_fields_hidden_from

REGISTRY_LAYOUT = "registry/base.html"


# --- organisations -------------------------------------------------------------------------


@login_required
def organisation_list(request):
    user = request.user
    qs = organisations_visible_to(user).select_related("primary_nace", "nuts_region")
    # The filter only sees memberships the user may see; offer just those clusters. Rows, not
    # model instances: for an admin that is every cluster.
    insider_clusters = clusters_with_dashboard_for(user).values_list("pk", "acronym", named=True)
    page, error = list_page(request, OrganisationFilters, qs)
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
            "can_see_finances": not organisation_fields_hidden_from(user, organisation),
            "can_change": user.has_perm("registry.change_organisation", organisation),
            "can_delete": user.has_perm("registry.delete_organisation", organisation),
            "can_add_person": user.has_perm("registry.add_person_to", organisation),
        },
    )


@login_required
def organisation_create(request):
    require(request, "registry.add_organisation")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        if save_or_errors(
            form,
            lambda: domain.save_organisation(
                organisation=organisation, secondary_nace=form.cleaned_data["secondary_nace"]
            ),
        ):
            messages.success(
                request, _("Organisation %(name)s was created.") % {"name": organisation}
            )
            announce_conversions(request, form)
            return redirect("registry:organisation_detail", pk=organisation.pk)
    return form_page(
        request,
        form,
        base_template=REGISTRY_LAYOUT,
        title=_("New organisation"),
        back_url=reverse("registry:organisation_list"),
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    require(request, "registry.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if save_or_errors(
            form,
            lambda: domain.save_organisation(
                organisation=obj, secondary_nace=form.cleaned_data["secondary_nace"]
            ),
        ):
            messages.success(request, _("Your changes were saved."))
            announce_conversions(request, form)
            return redirect("registry:organisation_detail", pk=organisation.pk)
    return form_page(
        request,
        form,
        base_template=REGISTRY_LAYOUT,
        title=_("Edit %(name)s") % {"name": organisation},
        back_url=reverse("registry:organisation_detail", args=[organisation.pk]),
    )


@login_required
def organisation_delete(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    require(request, "registry.delete_organisation", organisation)
    back = reverse("registry:organisation_detail", args=[organisation.pk])
    if request.method == "POST":
        name = str(organisation)
        # Refused by the domain (memberships) or the database (protected references): 409.
        refusal = delete_refusal(lambda: domain.delete_organisation(organisation=organisation))
        if refusal:
            return delete_page(request, organisation, back_url=back, refusal=refusal)
        messages.success(request, _("Organisation %(name)s was deleted.") % {"name": name})
        return redirect("registry:organisation_list")
    # The verb refuses an organisation that is still a member somewhere; a trial run (rolled
    # back, rows only) lets the question say so before anyone confirms.
    refusal = refusal_before_deleting(
        lambda: domain.delete_organisation(organisation=organisation), obj=organisation
    )
    people = organisation.people.count()
    dependents = [(_("people"), people)] if people else []
    return delete_page(request, organisation, back_url=back, dependents=dependents, refusal=refusal)


@login_required
def organisation_history(request, pk: int):
    organisation = get_object_or_404(organisations_visible_to(request.user), pk=pk)
    require(request, "registry.view_organisation", organisation)
    return history_page(
        request,
        organisation,
        back_url=reverse("registry:organisation_detail", args=[organisation.pk]),
        hidden=organisation_fields_hidden_from(request.user, organisation),
    )


# --- people --------------------------------------------------------------------------------


@login_required
def person_list(request):
    qs = people_visible_to(request.user).select_related("organisation")
    page, error = list_page(request, PersonFilters, qs)
    clusters = clusters_with_dashboard_for(request.user).values_list("pk", "acronym", named=True)
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
    require(request, "registry.view_person", person)
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
        if save_or_errors(form, lambda: domain.save_person(person=person)):
            messages.success(request, _("%(name)s was added.") % {"name": person})
            return redirect("registry:person_detail", pk=person.pk)
    return form_page(
        request,
        form,
        base_template=REGISTRY_LAYOUT,
        title=_("New person"),
        back_url=reverse("registry:person_list"),
    )


@login_required
def person_edit(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    require(request, "registry.change_person", person)
    organisations = _organisations_for_people(request.user, also=person.organisation_id)
    form = PersonForm(request.POST or None, instance=person, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        if save_or_errors(form, lambda: domain.save_person(person=obj)):
            messages.success(request, _("Your changes were saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return form_page(
        request,
        form,
        base_template=REGISTRY_LAYOUT,
        title=_("Edit %(name)s") % {"name": person},
        back_url=reverse("registry:person_detail", args=[person.pk]),
    )


@login_required
def person_delete(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    require(request, "registry.delete_person", person)
    back = reverse("registry:person_detail", args=[person.pk])
    if request.method == "POST":
        name = str(person)
        refusal = delete_refusal(lambda: domain.delete_person(person=person))
        if refusal:
            return delete_page(request, person, back_url=back, refusal=refusal)
        messages.success(request, _("%(name)s was deleted.") % {"name": name})
        return redirect("registry:person_list")
    return delete_page(request, person, back_url=back)


@login_required
def person_history(request, pk: int):
    person = get_object_or_404(people_visible_to(request.user), pk=pk)
    require(request, "registry.view_person", person)
    return history_page(
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
