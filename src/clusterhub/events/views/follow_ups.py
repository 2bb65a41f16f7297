"""The organisers' follow-up page: send the six-month follow-up, see who answered and what."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterhub.common.pages import show_refusal
from clusterhub.events import domain
from clusterhub.events import follow_ups
from clusterhub.events.views.base import organised_event

PERM = "events.manage_follow_ups"


@login_required
def follow_up_answers(request, pk: int):
    event = organised_event(request, pk, PERM)
    rows = follow_ups.rows(event)
    return render(
        request,
        "events/follow_ups.html",
        {
            "event": event,
            "answered": [r for r in rows if r.answered],
            "waiting": [r for r in rows if r.follow_up is not None and not r.answered],
            "not_asked": [r for r in rows if r.follow_up is None],
            "outcomes": follow_ups.outcomes(event),
            "due": event.ends_at + domain.FOLLOW_UP_AFTER,
        },
    )


@login_required
@require_POST
def send_follow_ups(request, pk: int):
    """Ask every confirmed participant not asked yet; pressing twice asks nobody twice."""
    event = organised_event(request, pk, PERM)
    try:
        asked = domain.send_follow_ups(event=event)
    except ValidationError as exc:
        show_refusal(request, exc)
    else:
        if asked:
            messages.success(
                request,
                ngettext("%(n)s participant asked.", "%(n)s participants asked.", asked)
                % {"n": asked},
            )
        else:
            messages.info(request, _("Everyone had been asked already."))
    return redirect("events:follow_up_answers", event.pk)
