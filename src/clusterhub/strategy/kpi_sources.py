"""Where a computed KPI takes its value from: a small registry of named sources.

Each source counts something for the clusters a strategy speaks for (its cluster, or its
programme's clusters) on a given day. Members and committed members come from the registry and
the assessment score from the assessment app's published contract (assessment/insights.py). The
others count rows of models of the areas below strategy (services, training, events,
matchmaking), imported directly: strategy sits at the top of the layers (docs/architecture.md).
A counted source whose lookups do not fit its model is listed as unavailable instead of failing.

Values are Decimal. Counts of registry members are as of the day asked for; the other sources
count what the platform holds now (their models carry no history), up to the day where the model
has a date.
"""

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import FieldError
from django.db.models import Model
from django.db.models import Q
from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clusterhub.assessment import insights
from clusterhub.events.models import Event
from clusterhub.events.models import FollowUp
from clusterhub.events.models import Meeting
from clusterhub.invoicing.insights import membership_income
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.membership.statistics import retention_over_year_to
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.services.models import Service
from clusterhub.training.models import Enrolment

Compute = Callable[[Sequence[Cluster], date], Decimal | None]


@dataclass(frozen=True)
class KpiSource:
    key: str
    label: str | Promise
    unit: str | Promise
    compute: Compute
    # Where the source reads from, shown beside an unavailable source.
    reads: str
    available: Callable[[], bool] = lambda: True


def _members_on(clusters: Sequence[Cluster], on: date):
    return Membership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=on), cluster__in=clusters, since__lte=on
    )


def members(clusters: Sequence[Cluster], on: date) -> Decimal:
    return Decimal(_members_on(clusters, on).count())


def committed_members(clusters: Sequence[Cluster], on: date) -> Decimal:
    return Decimal(_members_on(clusters, on).filter(committed=True).count())


def assessment_score(clusters: Sequence[Cluster], on: date) -> Decimal | None:
    """The latest assessment's total score in percent; the mean over a programme's clusters
    that have one. None when no cluster has an assessment."""
    scores = [s for s in (insights.assessment_score(c) for c in clusters) if s is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))


# --- sources counted from other areas' models ------------------------------------------------


@dataclass(frozen=True)
class _Counted:
    """Counts rows of `model` that belong to the clusters.

    `cluster_paths`: lookups from the row to a cluster; a row counts when any of them leads to
    one of the clusters. `date_field`: rows up to the day asked for. `where` / `exclude`: field
    lookups a counted row must / must not match. `distinct`: count distinct values of that field
    (people) instead of rows. `date_field` may follow relations (`slot__starts_at`). `total`:
    add up that field of the rows (each row once) instead of counting them. When any of these
    names does not fit the model, the source is unavailable.
    """

    model: type[Model]
    cluster_paths: tuple[str, ...] = ("cluster",)
    date_field: str = ""
    where: tuple[tuple[str, object], ...] = ()
    exclude: tuple[tuple[str, object], ...] = ()
    distinct: str = "pk"
    total: str = ""

    def _rows(self, model: type[Model], clusters: Sequence[Cluster], on: date):
        belongs = Q()
        for path in self.cluster_paths:
            belongs |= Q(**{f"{path}__in": clusters})
        rows = model._default_manager.filter(belongs)
        if self.date_field:
            field = _field_at(model, self.date_field)
            is_datetime = field.get_internal_type() == "DateTimeField"
            lookup = f"{self.date_field}__date__lte" if is_datetime else f"{self.date_field}__lte"
            rows = rows.filter(**{lookup: on})
        if self.where:
            rows = rows.filter(**dict(self.where))
        if self.exclude:
            rows = rows.exclude(**dict(self.exclude))
        if self.total:
            # The cluster paths may join one row several times (a programme's clusters).
            _field_at(model, self.total)
            return model._default_manager.filter(pk__in=rows.values("pk"))
        return rows.values(self.distinct).distinct()

    def available(self) -> bool:
        try:
            self._rows(self.model, [], date.min)  # builds the query only: no database access
        except (FieldError, FieldDoesNotExist):
            return False
        return True

    def __call__(self, clusters: Sequence[Cluster], on: date) -> Decimal | None:
        if not self.available():
            return None
        rows = self._rows(self.model, clusters, on)
        if self.total:
            return Decimal(rows.aggregate(total=Sum(self.total))["total"] or 0)
        return Decimal(rows.count())


def _field_at(model: type[Model], path: str):
    """The model field a lookup path such as `slot__starts_at` ends on."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
        if model is None:
            raise FieldDoesNotExist(path)
    return model._meta.get_field(name)


def _counted(spec: _Counted, key: str, label, unit) -> KpiSource:
    return KpiSource(
        key=key,
        label=label,
        unit=unit,
        compute=spec,
        reads=spec.model._meta.label,
        available=spec.available,
    )


SOURCES: dict[str, KpiSource] = {
    source.key: source
    for source in (
        KpiSource("members", _("Members"), _("members"), members, "registry.Membership"),
        KpiSource(
            "committed_members",
            _("Committed members"),
            _("members"),
            committed_members,
            "registry.Membership",
        ),
        KpiSource(
            "membership_income",
            _("Membership income (fees invoiced this year, net)"),
            "EUR",
            membership_income,
            "invoicing.Invoice",
        ),
        KpiSource(
            "membership_retention",
            _("Membership retention rate (members a year before still members)"),
            "%",
            retention_over_year_to,
            "membership.statistics.retention_over_year_to",
        ),
        KpiSource(
            "assessment_score",
            _("Assessment score"),
            "%",
            assessment_score,
            "assessment.insights.assessment_score",
        ),
        _counted(
            _Counted(Service, where=(("status", "active"),)),
            "active_services",
            _("Active services"),
            _("services"),
        ),
        _counted(
            # Events a programme hosts count for each of its clusters.
            _Counted(
                Event,
                cluster_paths=("cluster", "programme__clusters"),
                date_field="starts_at",
            ),
            "events_held",
            _("Events held"),
            _("events"),
        ),
        _counted(
            _Counted(Enrolment, distinct="user"),
            "people_trained",
            _("People trained"),
            _("people"),
        ),
        _counted(
            # Accepted introductions where either side is (or was) a member of the clusters.
            _Counted(
                Introduction,
                cluster_paths=("requester__memberships__cluster", "target__memberships__cluster"),
                date_field="created_at",
                where=(("status", "accepted"),),
            ),
            "introductions",
            _("Introductions"),
            _("introductions"),
        ),
        _counted(
            _Counted(
                Collaboration,
                cluster_paths=("partners__memberships__cluster",),
                date_field="created_at",
                exclude=(("status", "dropped"),),
            ),
            "collaborations",
            _("Collaborations"),
            _("collaborations"),
        ),
        # Outcomes of events' B2B meetings: the events app's own measures (events/follow_ups.py).
        _counted(
            # Held: both sides checked in at the event.
            _Counted(
                Meeting,
                cluster_paths=("request__event__cluster", "request__event__programme__clusters"),
                date_field="slot__starts_at",
                where=(
                    ("status", "scheduled"),
                    ("request__sender__checked_in_at__isnull", False),
                    ("request__receiver__checked_in_at__isnull", False),
                ),
            ),
            "b2b_meetings_held",
            _("B2B meetings held at events"),
            _("meetings"),
        ),
        _counted(
            # As participants report them in the six-month follow-up.
            _Counted(
                FollowUp,
                cluster_paths=(
                    "registration__event__cluster",
                    "registration__event__programme__clusters",
                ),
                date_field="answered_at",
                where=(("led_to_agreement", True),),
                total="agreements",
            ),
            "event_agreements",
            _("Agreements after events"),
            _("agreements"),
        ),
        _counted(
            # Recorded from the follow-up answers, with a partner (or was) in the clusters.
            _Counted(
                Collaboration,
                cluster_paths=("partners__memberships__cluster",),
                date_field="created_at",
                where=(("origin_event_id__isnull", False),),
            ),
            "event_collaborations",
            _("Collaborations created after events"),
            _("collaborations"),
        ),
    )
}


def source_choices(*, available_only: bool = False) -> list[tuple[str, str]]:
    """(key, label) pairs for a form's choice field; unavailable ones are marked."""
    choices = []
    for source in SOURCES.values():
        if source.available():
            choices.append((source.key, str(source.label)))
        elif not available_only:
            choices.append((source.key, _("%(label)s (not available)") % {"label": source.label}))
    return choices


def compute(key: str, clusters: Sequence[Cluster], on: date) -> Decimal | None:
    """The source's value for the clusters on the day, or None when it cannot say."""
    source = SOURCES.get(key)
    if source is None or not source.available() or not clusters:
        return None
    return source.compute(clusters, on)
