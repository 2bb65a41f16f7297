"""Shared helpers of the training pages: visible objects (not visible is 404), permission
checks (not allowed is 403), form pages whose validation errors come from the domain."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.safestring import mark_safe

from clusterhub.common import pages
from clusterhub.common.access import object_for
from clusterhub.common.pages import save_or_errors
from clusterhub.training.charts import before_after_chart
from clusterhub.training.enums import Competence, Phase
from clusterhub.training.models import Enrolment, Session, TrainingProgramme
from clusterhub.training.queries import (
    enrolments_visible_to,
    sessions_visible_to,
    training_programmes_visible_to,
)


def form_page(request, form, *, title: str, back_url: str):
    return pages.form_page(
        request, form, title=title, back_url=back_url, base_template="training/base.html"
    )


def submitted(request, form, save) -> bool:
    """A valid POST saved through the domain; its validation errors go onto the form."""
    return request.method == "POST" and form.is_valid() and save_or_errors(form, save)


def saving_form_page(request, form, save, *, title: str, back_url: str, saved: str, done=None):
    """A form page that saves through the domain: once saved, the `saved` message and on to
    `back_url`, or to the page `done()` names (for a record the save has only just made)."""
    if submitted(request, form, save):
        messages.success(request, saved)
        return redirect(done() if done else back_url)
    return form_page(request, form, title=title, back_url=back_url)


def visible_programme(request, pk: int, perm: str = "") -> TrainingProgramme:
    visible = training_programmes_visible_to(request.user).select_related("programme", "cluster")
    return object_for(request.user, visible, pk, perm)


def visible_session(request, pk: int, perm: str = "") -> Session:
    visible = sessions_visible_to(request.user).select_related(
        "module__training_programme", "trainer"
    )
    return object_for(request.user, visible, pk, perm)


def visible_enrolment(request, pk: int, perm: str = "") -> Enrolment:
    visible = enrolments_visible_to(request.user).select_related(
        "training_programme__programme", "user", "cluster"
    )
    return object_for(request.user, visible, pk, perm)


def gain_chart(rows, title: str) -> str:
    return mark_safe(  # noqa: S308  # nosec B308 B703  # the chart escapes every label
        before_after_chart(
            [(str(Competence(r.competence).label), r.before, r.after) for r in rows],
            title=title,
            before_label=str(Phase.BEFORE.label),
            after_label=str(Phase.AFTER.label),
        )
    )


def gain_rows(rows) -> list[dict]:
    return [
        {
            "label": Competence(r.competence).label,
            "before": r.before,
            "after": r.after,
            "gain": r.gain,
            "people": r.people,
        }
        for r in rows
    ]
