"""Shared helpers of the training pages: visible objects (not visible is 404), permission
checks (not allowed is 403), form pages whose validation errors come from the domain."""

from django.utils.safestring import mark_safe

from clusterhub.common import pages
from clusterhub.common.access import object_for
from clusterhub.training.charts import before_after_chart
from clusterhub.training.enums import Competence
from clusterhub.training.enums import Phase
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import sessions_visible_to
from clusterhub.training.queries import training_programmes_visible_to


def saving_form_page(request, form, save, **page):
    """common.pages.saving_form_page inside the training layout."""
    return pages.saving_form_page(request, form, save, base_template="training/base.html", **page)


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
