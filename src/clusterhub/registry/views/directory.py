"""Organisation, people and programme pages of the registry (same conventions as clusters)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import history_page
from clusterhub.common.pages import refusal_before_deleting
from clusterhub.registry import domain
from clusterhub.registry.filters import OrganisationFilters
from clusterhub.registry.filters import PersonFilters
from clusterhub.registry.forms import OrganisationFilterForm
from clusterhub.registry.forms import OrganisationForm
from clusterhub.registry.forms import PersonFilterForm
from clusterhub.registry.forms import PersonForm
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import clusters_with_dashboard_for
from clusterhub.registry.queries import memberships_visible_to
from clusterhub.registry.queries import organisations_visible_to
from clusterhub.registry.queries import people_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.registry.rules import organisation_fields_hidden_from
from clusterhub.registry.views.base import change_page
from clusterhub.registry.views.base import directory_list
from clusterhub.registry.views.base import edit_page

# --- organisations -------------------------------------------------------------------------


def _member_clusters(user):
    """The clusters a list's "member of" filter offers: the filter only sees the memberships the
    user may see, so just those clusters. Rows, not model instances: for an admin that is every
    cluster."""
    return clusters_with_dashboard_for(user).values_list("pk", "acronym", named=True)


@login_required
def organisation_list(request):
    user = request.user
    qs = organisations_visible_to(user).select_related("primary_nace", "nuts_region")
    return directory_list(
        request,
        "registry/organisation_list.html",
        OrganisationFilters,
        qs,
        filter_form=OrganisationFilterForm(request.GET, clusters=_member_clusters(user)),
        can_add=user.has_perm("registry.add_organisation"),
    )


@login_required
def organisation_detail(request, pk: int):
    user = request.user
    organisation = object_for(
        request.user,
        organisations_visible_to(user).select_related("primary_nace", "nuts_region"),
        pk,
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
    require(request.user, "registry.add_organisation")
    form = OrganisationForm(request.POST or None)
    return edit_page(
        request,
        form,
        lambda obj: _save_organisation(form, obj),
        saved=lambda obj: _("Organisation %(name)s was created.") % {"name": obj},
        done=_organisation_url,
        title=_("New organisation"),
        back_url=reverse("registry:organisation_list"),
    )


def _save_organisation(form, organisation):
    secondary = form.cleaned_data["secondary_nace"]
    return domain.save_organisation(organisation=organisation, secondary_nace=secondary)


def _organisation_with(request, pk: int, permission: str) -> Organisation:
    """The organisation, if visible (else 404), when the user has `permission` on it (else 403)."""
    return object_for(request.user, organisations_visible_to(request.user), pk, permission)


def _organisation_url(organisation) -> str:
    return reverse("registry:organisation_detail", args=[organisation.pk])


@login_required
def organisation_edit(request, pk: int):
    organisation = _organisation_with(request, pk, "registry.change_organisation")
    form = OrganisationForm(request.POST or None, instance=organisation)
    return change_page(
        request,
        form,
        lambda obj: _save_organisation(form, obj),
        record_url=_organisation_url,
    )


@login_required
def organisation_delete(request, pk: int):
    organisation = _organisation_with(request, pk, "registry.delete_organisation")

    def delete():
        # Refused by the domain (memberships) or the database (protected references): 409.
        return domain.delete_organisation(organisation=organisation)

    def question() -> dict:
        # The verb refuses an organisation that is still a member somewhere; a trial run
        # (rolled back, rows only) lets the question say so before anyone confirms.
        people = organisation.people.count()
        return {
            "refusal": refusal_before_deleting(delete, obj=organisation),
            "dependents": [(_("people"), people)] if people else [],
        }

    return deleting_page(
        request,
        organisation,
        delete,
        back_url=_organisation_url(organisation),
        done=_("Organisation %(name)s was deleted."),
        then=reverse("registry:organisation_list"),
        question=question,
    )


@login_required
def organisation_history(request, pk: int):
    organisation = _organisation_with(request, pk, "registry.view_organisation")
    return history_page(
        request,
        organisation,
        back_url=_organisation_url(organisation),
        hidden=organisation_fields_hidden_from(request.user, organisation),
    )


# --- people --------------------------------------------------------------------------------


@login_required
def person_list(request):
    qs = people_visible_to(request.user).select_related("organisation")
    return directory_list(
        request,
        "registry/person_list.html",
        PersonFilters,
        qs,
        filter_form=PersonFilterForm(request.GET, clusters=_member_clusters(request.user)),
        can_add=bool(_organisations_for_people(request.user)),
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
    person = object_for(
        request.user,
        people_visible_to(request.user).select_related("organisation", "user"),
        pk,
        "registry.view_person",
    )
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
    return edit_page(
        request,
        form,
        lambda obj: domain.save_person(person=obj),
        saved=lambda obj: _("%(name)s was added.") % {"name": obj},
        done=_person_url,
        title=_("New person"),
        back_url=reverse("registry:person_list"),
    )


def _person_url(person) -> str:
    return reverse("registry:person_detail", args=[person.pk])


@login_required
def person_edit(request, pk: int):
    person = object_for(request.user, people_visible_to(request.user), pk, "registry.change_person")
    organisations = _organisations_for_people(request.user, also=person.organisation_id)
    form = PersonForm(request.POST or None, instance=person, organisations=organisations)
    return change_page(
        request, form, lambda obj: domain.save_person(person=obj), record_url=_person_url
    )


@login_required
def person_delete(request, pk: int):
    person = object_for(request.user, people_visible_to(request.user), pk, "registry.delete_person")
    return deleting_page(
        request,
        person,
        lambda: domain.delete_person(person=person),
        back_url=_person_url(person),
        done=_("%(name)s was deleted."),
        then=reverse("registry:person_list"),
    )


@login_required
def person_history(request, pk: int):
    person = object_for(request.user, people_visible_to(request.user), pk, "registry.view_person")
    return history_page(request, person, back_url=_person_url(person))


# --- programmes ----------------------------------------------------------------------------


@login_required
def programme_detail(request, pk: int):
    programmes = programmes_visible_to(request.user).prefetch_related(
        Prefetch("clusters", queryset=Cluster.objects.order_by("name"))
    )
    programme = object_for(request.user, programmes, pk)
    return render(
        request,
        "registry/programme_detail.html",
        {"programme": programme, "funding": funding_notice(programme)},
    )
