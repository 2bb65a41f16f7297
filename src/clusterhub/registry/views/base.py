"""The shapes every registry list and form page shares: a filtered list with its filter form;
save through a domain verb (its validation errors onto the form), say so, go on. (Delete pages
are common.pages.deleting_page, as in every area.)"""

from collections.abc import Callable

from django.shortcuts import render
from django.utils.translation import gettext as _

from clusterhub.common.access import object_for
from clusterhub.common.pages import list_page
from clusterhub.common.pages import saving_form_page
from clusterhub.registry.forms import announce_conversions
from clusterhub.registry.models import Cluster
from clusterhub.registry.queries import clusters_visible_to

REGISTRY_LAYOUT = "registry/base.html"


def cluster_with(request, pk: int, permission: str) -> Cluster:
    """The cluster, if visible (else 404), when the user has `permission` on it (else 403)."""
    return object_for(request.user, clusters_visible_to(request.user), pk, permission)


def directory_list(request, template: str, filter_class, queryset, *, filter_form, can_add: bool):
    """A list page of the directory (clusters, organisations, people): filtered, sorted and
    paginated by the filter class the API shares, with its filter form."""
    page, error = list_page(request, filter_class, queryset)
    return render(
        request,
        template,
        {
            "page_obj": page,
            "filter_error": error,
            "filter_form": filter_form,
            "default_sort": filter_class.DEFAULT_SORT,
            "can_add": can_add,
        },
    )


def edit_page(
    request,
    form,
    save: Callable,
    *,
    saved: Callable[[object], str],
    done: Callable[[object], str],
    title: str,
    back_url: str,
):
    """A create or edit page (common.pages.saving_form_page in the registry's layout): on a valid
    POST, `save(obj)` (the form's unsaved object) through the domain, then the message
    `saved(obj)`, the old codes the form converted (announce_conversions) and a redirect to
    `done(obj)`; else the form page (400 while it has errors)."""

    def save_unsaved():
        obj = form.save(commit=False)
        save(obj)
        return obj

    return saving_form_page(
        request,
        form,
        save_unsaved,
        done=saved,
        then=done,
        # The old codes the form converted, said after the message that it was saved (nothing
        # for a form without code fields).
        after=lambda _obj: announce_conversions(request, form),
        title=title,
        back_url=back_url,
        base_template=REGISTRY_LAYOUT,
    )


def change_page(request, form, save: Callable, *, record_url: Callable[[object], str]):
    """The edit page of a record with a page of its own (`record_url`): titled with its name,
    back to that page, and there again once saved."""
    record = form.instance
    return edit_page(
        request,
        form,
        save,
        saved=lambda _obj: _("Your changes were saved."),
        done=record_url,
        title=_("Edit %(name)s") % {"name": record},
        back_url=record_url(record),
    )
