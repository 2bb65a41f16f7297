"""Shared helpers of the training API handlers: visible querysets (not visible is 404), the
permission check (not allowed is 403), id parameters and output shapes."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from clusterhub.accounts.models import User
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_helpers import chosen
from clusterhub.training.models import Certificate
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.queries import certificates_visible_to
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import sessions_visible_to
from clusterhub.training.queries import training_programmes_visible_to

PhaseName = Literal["before", "after"]


def visible_programmes(user) -> QuerySet[TrainingProgramme]:
    return training_programmes_visible_to(user).select_related("programme")


def visible_sessions(user) -> QuerySet[Session]:
    return sessions_visible_to(user).select_related("module__training_programme", "trainer")


def visible_programme(user, pk: int, permission: str = "") -> TrainingProgramme:
    """A training programme the user may see, or 404; then `permission` on it, or 403."""
    return object_for(user, visible_programmes(user), pk, permission)


def visible_session(user, pk: int, permission: str = "") -> Session:
    """A session the user may see, or 404; then `permission` on it, or 403."""
    return object_for(user, visible_sessions(user), pk, permission)


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def enrolment_out(e: Enrolment) -> dict:
    return {
        "id": e.pk,
        "training_programme_id": e.training_programme_id,
        "user_id": e.user_id,
        "user_name": e.user.display_name,
        "cluster_id": e.cluster_id,
        "required_sessions": e.required_count,
        "attended_required": e.attended_count,
        "complete": e.required_count > 0 and e.attended_count >= e.required_count,
        "certificate_id": e.certificate_pk,
    }


def changeable_module(user, pk: int) -> Module:
    """A module the user may see, or 404, of a training programme they may change, or 403."""
    module = object_for(
        user, Module.objects.filter(training_programme__in=training_programmes_visible_to(user)), pk
    )
    require(user, "training.change_programme", module.training_programme)
    return module


def active_user_by_id(pk: int | None, *, field: str) -> User | None:
    """The active user a payload names by id in `field` (none when it names none), or a 422."""
    return chosen(
        User.objects.filter(is_active=True),
        pk,
        field=field,
        message=_("There is no user with this id."),
    )


def visible_material(user, pk: int, permission: str = "") -> Material:
    """A material the user may see, or 404; then `permission` on it, or 403."""
    return object_for(
        user,
        Material.objects.filter(session__in=sessions_visible_to(user)).select_related(
            "session__module__training_programme"
        ),
        pk,
        permission,
    )


def visible_enrolment(user, pk: int, permission: str = "") -> Enrolment:
    """An enrolment the user may see, or 404; then `permission` on it, or 403."""
    return object_for(
        user,
        enrolments_visible_to(user).select_related("training_programme", "user"),
        pk,
        permission,
    )


def visible_certificates(user) -> QuerySet[Certificate]:
    return certificates_visible_to(user).select_related("enrolment__training_programme__programme")


def visible_certificate(user, pk: int, permission: str = "") -> Certificate:
    """A certificate the user may see, or 404; then `permission` on it, or 403."""
    return object_for(user, visible_certificates(user), pk, permission)
