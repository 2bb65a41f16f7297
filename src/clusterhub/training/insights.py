"""What other areas read from training: a stable contract of plain functions and plain data.

Other areas import only this module of training (grants' project reports count a programme's
training activity). No permission check happens here: callers decide who sees the figures.
"""

from dataclasses import dataclass

from clusterhub.registry.models import Programme
from clusterhub.training.models import Enrolment
from clusterhub.training.models import TrainingProgramme


@dataclass(frozen=True)
class Activity:
    items: int  # training programmes
    people: int  # distinct people enrolled in them


def programme_activity(programme: Programme) -> Activity:
    """Training programmes run under a registry programme, and how many people enrolled."""
    programmes = TrainingProgramme.objects.filter(programme=programme)
    people = (
        Enrolment.objects.filter(training_programme__in=programmes)
        .values("user")
        .distinct()
        .count()
    )
    return Activity(items=programmes.count(), people=people)
