"""A small training world on top of the role `world`: a programme of cluster A's programme with
two modules, three sessions (two required) trained by expert_a, manager_a and staff_a enrolled."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from clusterhub.training import domain
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme

RIGA = ZoneInfo("Europe/Riga")


@dataclass
class TrainingWorld:
    world: object
    tp: TrainingProgramme
    strategy: Module
    financing: Module
    s1: Session  # required through its module
    s2: Session  # required by its own flag
    s3: Session  # optional
    e_manager: Enrolment
    e_staff: Enrolment

    def __getitem__(self, name):
        return self.world[name]


def make_session(module, title, day, *, trainer, required=False) -> Session:
    starts = dt.datetime(2016, 5, day, 10, tzinfo=RIGA)
    return domain.save_session(
        session=Session(
            module=module,
            title=title,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=4),
            place="Riga",
            trainer=trainer,
            required=required,
        )
    )


@pytest.fixture
def tw(world) -> TrainingWorld:
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EASME"
    world.programme.save()
    tp = domain.save_training_programme(
        training_programme=TrainingProgramme(
            title="Cluster management excellence", programme=world.programme
        )
    )
    strategy = domain.save_module(
        module=Module(training_programme=tp, title="Strategy", competence="strategy", required=True)
    )
    financing = domain.save_module(
        module=Module(training_programme=tp, title="Financing", competence="financing", order=2)
    )
    expert = world["expert_a"]
    s1 = make_session(strategy, "Strategy day", 10, trainer=expert)
    s2 = make_session(financing, "Funding mix", 11, trainer=expert, required=True)
    s3 = make_session(financing, "Optional clinic", 12, trainer=expert)
    e_manager = domain.enrol(
        training_programme=tp, user=world["manager_a"], cluster=world.cluster_a
    )
    e_staff = domain.enrol(training_programme=tp, user=world["staff_a"], cluster=world.cluster_a)
    return TrainingWorld(world, tp, strategy, financing, s1, s2, s3, e_manager, e_staff)


def complete(tw: TrainingWorld, enrolment: Enrolment) -> None:
    """Mark the enrolment present at both required sessions."""
    domain.record_attendance(session=tw.s1, enrolment=enrolment, present=True)
    domain.record_attendance(session=tw.s2, enrolment=enrolment, present=True)
