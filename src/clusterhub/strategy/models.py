"""Strategies, their objectives, actions, KPIs and KPI measurements.

A strategy belongs to exactly one owner: a cluster or a programme. Everything below it (objectives,
actions, KPIs, measurements) is reached through it, so its permissions are the strategy's.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme
from clusterhub.strategy.enums import CLOSED_ACTION_STATUSES
from clusterhub.strategy.enums import ActionStatus
from clusterhub.strategy.enums import Direction
from clusterhub.strategy.enums import Frequency
from clusterhub.strategy.enums import Origin

# KPI figures: counts, percentages, euros. Two decimals are enough for all and print cleanly.
FIGURE = {"max_digits": 14, "decimal_places": 2}

# The apps whose objects an action may be linked to (found by app label, never imported).
LINKABLE_APPS = ("services", "training", "events")
# Within them, the kinds (app label, model name): whole services, trainings and events, never
# their parts (registrations, answers, enrolments...), whose labels name people.
LINKABLE_MODELS = (
    ("services", "service"),
    ("training", "trainingprogramme"),
    ("events", "event"),
)


class Strategy(TimeStampedModel):
    cluster = optional_link(
        Cluster, _("cluster"), related_name="strategies", on_delete=models.CASCADE
    )
    programme = optional_link(
        Programme, _("programme"), related_name="strategies", on_delete=models.CASCADE
    )
    # A cluster's strategy written as a result of a funded programme: it then carries that
    # programme's funding acknowledgement and disclaimer. A programme's own strategy always does
    # when the programme is EU-funded.
    output_of = optional_link(
        Programme,
        _("project output of"),
        related_name="cluster_strategy_outputs",
        help_text=_("Set when the strategy is a result of a funded programme the cluster is in."),
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                name="strategy_has_exactly_one_owner",
                condition=models.Q(cluster__isnull=False, programme__isnull=True)
                | models.Q(cluster__isnull=True, programme__isnull=False),
            ),
            models.CheckConstraint(
                name="strategy_end_not_before_start", condition=models.Q(end__gte=models.F("start"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> Cluster | Programme | None:
        return self.cluster if self.cluster_id else self.programme

    @property
    def funding_programme(self) -> Programme | None:
        """The programme whose funding notice the strategy document carries, if any."""
        return self.programme if self.programme_id else self.output_of

    def scope_clusters(self) -> list[Cluster]:
        """The clusters the strategy speaks for: its cluster, or its programme's clusters."""
        if self.cluster_id:
            return [self.cluster]
        return list(self.programme.clusters.all()) if self.programme_id else []

    def scope_programme_ids(self) -> set[int]:
        """The programmes the strategy speaks for: its own, or those its cluster belongs to."""
        if self.programme_id:
            return {self.programme_id}
        return set(
            Programme.clusters.through.objects.filter(cluster_id=self.cluster_id).values_list(
                "programme_id", flat=True
            )
        )

    def contains(self, day) -> bool:
        return self.start <= day <= self.end

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if bool(self.cluster_id) == bool(self.programme_id):
            errors["cluster"] = _("A strategy belongs to a cluster or to a programme: pick one.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end (%(end)s) is before the start (%(start)s).") % {
                "end": self.end,
                "start": self.start,
            }
        if self.output_of_id and self.programme_id:
            errors["output_of"] = _("A programme's strategy is its own output; leave this empty.")
        elif (
            self.output_of_id
            and self.cluster_id
            and not self.output_of.clusters.filter(pk=self.cluster_id).exists()
        ):
            errors["output_of"] = _("The cluster does not take part in %(programme)s.") % {
                "programme": self.output_of.acronym
            }
        if not errors and self.pk and self.start and self.end:
            outside = Measurement.objects.filter(kpi__strategy=self).exclude(
                date__range=(self.start, self.end)
            )
            first = outside.order_by("date").first()
            if first is not None:
                errors["start" if first.date < self.start else "end"] = _(
                    "A measurement of %(kpi)s on %(date)s would fall outside the period; "
                    "delete it first or keep the period wider."
                ) % {"kpi": first.kpi.name, "date": first.date}
        if errors:
            raise ValidationError(errors)


class Objective(TimeStampedModel):
    strategy = required_link(Strategy, _("strategy"), related_name="objectives")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The assessment area the objective answers, when it came from a template.
    area_code = models.CharField(_("assessment area"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("objective")
        ordering = ["strategy", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Action(TimeStampedModel):
    objective = required_link(Objective, _("objective"), related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_user = optional_link("accounts.User", _("owner (user)"), related_name="strategy_actions")
    owner_person = optional_link(Person, _("owner (person)"), related_name="strategy_actions")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = choice_field(_("status"), ActionStatus, max_length=20, default=ActionStatus.PLANNED)

    class Meta:
        verbose_name = _("action")
        ordering = ["objective", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self):
        return self.owner_user or self.owner_person

    @property
    def owner_name(self) -> str:
        if self.owner_user_id:
            return self.owner_user.display_name
        return str(self.owner_person) if self.owner_person_id else ""

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status not in CLOSED_ACTION_STATUSES
        )

    def clean(self) -> None:
        if self.owner_user_id and self.owner_person_id:
            raise ValidationError(
                {"owner_person": _("Give the owner as a user or as a person, not both.")}
            )


class ActionLink(models.Model):
    """A service, event or training an action delivers through, found by content type and id."""

    action = required_link(Action, _("action"), related_name="links")
    content_type = required_link(ContentType, _("kind"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("linked object")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "content_type", "object_id"], name="action_link_once"
            )
        ]

    def __str__(self) -> str:
        target = self.target
        return str(target) if target is not None else _("(deleted)")

    @property
    def kind(self) -> str:
        model = self.content_type.model_class()
        return str(model._meta.verbose_name) if model is not None else self.content_type.model

    def clean(self) -> None:
        if not self.content_type_id:
            return
        kind = (self.content_type.app_label, self.content_type.model)
        if kind not in LINKABLE_MODELS:
            raise ValidationError(
                {"content_type": _("An action links to services, events or trainings only.")}
            )
        model = self.content_type.model_class()
        target = model._default_manager.filter(pk=self.object_id).first() if model else None
        if target is None:
            raise ValidationError(
                {
                    "object_id": _("There is no %(kind)s with id %(id)s.")
                    % {"kind": self.content_type.model, "id": self.object_id}
                }
            )
        # Objects that belong to a cluster (or, without one, to a programme) must belong to one
        # the strategy speaks for, so a link never reveals another cluster's or programme's
        # service, training or event.
        if not self.action_id:
            return
        strategy = self.action.objective.strategy
        cluster_id = getattr(target, "cluster_id", None)
        programme_id = getattr(target, "programme_id", None)
        if cluster_id is not None:
            if cluster_id not in {c.pk for c in strategy.scope_clusters()}:
                raise ValidationError(
                    {"object_id": _("This object belongs to a cluster outside the strategy.")}
                )
        elif programme_id is not None and programme_id not in strategy.scope_programme_ids():
            raise ValidationError(
                {"object_id": _("This object belongs to a programme outside the strategy.")}
            )


class Kpi(TimeStampedModel):
    strategy = required_link(Strategy, _("strategy"), related_name="kpis")
    objective = optional_link(Objective, _("objective"), related_name="kpis")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. members, %"))
    baseline = models.DecimalField(_("baseline"), **FIGURE)
    target = models.DecimalField(_("target"), **FIGURE)
    direction = choice_field(_("direction"), Direction, max_length=4, default=Direction.UP)
    frequency = choice_field(_("frequency"), Frequency, max_length=10, default=Frequency.QUARTERLY)
    # Empty: measured by hand. Otherwise the key of a source in strategy/kpi_sources.py.
    source = models.CharField(_("computed from"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["strategy", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from clusterhub.strategy.kpi_sources import SOURCES

        errors: dict[str, str] = {}
        if self.baseline is not None and self.target is not None:
            if self.target == self.baseline:
                errors["target"] = _(
                    "The target equals the baseline, so there is nothing to achieve; "
                    "set a target above or below %(baseline)s."
                ) % {"baseline": self.baseline}
            elif self.direction == Direction.UP and self.target < self.baseline:
                errors["target"] = _(
                    "Higher is better, so the target must be above the baseline (%(baseline)s)."
                ) % {"baseline": self.baseline}
            elif self.direction == Direction.DOWN and self.target > self.baseline:
                errors["target"] = _(
                    "Lower is better, so the target must be below the baseline (%(baseline)s)."
                ) % {"baseline": self.baseline}
        if self.source and self.source not in SOURCES:
            errors["source"] = _("%(source)s is not a known KPI source.") % {"source": self.source}
        if (
            self.objective_id
            and self.strategy_id
            and self.objective.strategy_id != self.strategy_id
        ):
            errors["objective"] = _("The objective belongs to another strategy.")
        if errors:
            raise ValidationError(errors)


class Measurement(TimeStampedModel):
    kpi = required_link(Kpi, _("KPI"), related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **FIGURE)
    origin = choice_field(_("origin"), Origin, max_length=10, default=Origin.MANUAL)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measurement")
        ordering = ["kpi", "date"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "date"], name="one_measurement_per_kpi_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.kpi.name} {self.date}: {self.value}"

    def clean(self) -> None:
        if not (self.kpi_id and self.date):
            return
        strategy = self.kpi.strategy
        if not strategy.contains(self.date):
            raise ValidationError(
                {
                    "date": _("%(date)s is outside the strategy period (%(start)s to %(end)s).")
                    % {"date": self.date, "start": strategy.start, "end": strategy.end}
                }
            )
        clash = Measurement.objects.filter(kpi_id=self.kpi_id, date=self.date).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "date": _("%(kpi)s already has a measurement on %(date)s.")
                    % {"kpi": self.kpi.name, "date": self.date}
                }
            )
