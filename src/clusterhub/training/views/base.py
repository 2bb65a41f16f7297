"""Shared helpers of the training pages: visible objects (not visible is 404), permission
checks (not allowed is 403), form pages whose validation errors come from the domain."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from clusterhub.common import concurrency
from clusterhub.training.charts import before_after_chart
from clusterhub.training.enums import Competence, Phase
from clusterhub.training.models import Enrolment, Session, TrainingProgramme
from clusterhub.training.queries import (
    enrolments_visible_to,
    sessions_visible_to,
    training_programmes_visible_to,
)


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def form_page(request, form, *, title: str, back_url: str, multipart: bool = False):
    concurrency.protect(form)
    return render(
        request,
        "training/form.html",
        {"form": form, "title": title, "back_url": back_url, "multipart": multipart},
        status=concurrency.form_status(form),
    )


def submitted(request, form, save) -> bool:
    """A valid POST saved through the domain; its validation errors go onto the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        # Refuses (as a form error) a record changed since the form was opened.
        with concurrency.guard(form):
            save()
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    return True


def visible_programme(request, pk: int) -> TrainingProgramme:
    return get_object_or_404(
        training_programmes_visible_to(request.user).select_related("programme", "cluster"), pk=pk
    )


def visible_session(request, pk: int) -> Session:
    return get_object_or_404(
        sessions_visible_to(request.user).select_related("module__training_programme", "trainer"),
        pk=pk,
    )


def visible_enrolment(request, pk: int) -> Enrolment:
    return get_object_or_404(
        enrolments_visible_to(request.user).select_related(
            "training_programme__programme", "user", "cluster"
        ),
        pk=pk,
    )


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
