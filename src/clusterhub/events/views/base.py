"""What every events page shares: the lookups it starts from (invisible is 404, visible but not
allowed is 403)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from clusterhub.common.access import object_for
from clusterhub.events.models import Event
from clusterhub.events.models import Registration
from clusterhub.events.queries import active_registration
from clusterhub.events.queries import events_visible_to

# The events layout, for the pages drawn by common/ templates (form pages) too.
LAYOUT = "events/base.html"


def visible_event(request, pk: int) -> Event:
    visible = events_visible_to(request.user).select_related("cluster", "programme")
    return object_for(request.user, visible, pk)


def organised_event(request, pk: int, perm: str = "events.change_event") -> Event:
    visible = events_visible_to(request.user).select_related("cluster", "programme")
    return object_for(request.user, visible, pk, perm)


def my_registration(request, event: Event) -> Registration:
    registration = active_registration(event, request.user)
    if registration is None:
        raise Http404
    return registration


def registration_of_event(request, event: Event, reg_pk: int) -> Registration:
    return get_object_or_404(event.registrations.select_related("user"), pk=reg_pk)
