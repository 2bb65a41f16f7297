"""`clusterhub strategy compute-kpis [--strategy ID] [--date YYYY-MM-DD]`.

Records, for every computed KPI, the platform's value on the day (today by default). Without
--strategy it runs over every strategy whose period holds the day and names the others; with
--strategy a day outside that strategy's period is an error.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.strategy.domain import compute_measurements
from clusterhub.strategy.models import Strategy


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(_("%(text)s is not a date (YYYY-MM-DD).") % {"text": text}) from error


class Command(BaseCommand):
    help = _("Strategy tasks: compute-kpis records computed KPI values.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="task", required=True)
        compute = sub.add_parser(
            "compute-kpis", help=_("record each computed KPI's value for a day")
        )
        compute.add_argument("--strategy", type=int, help=_("only this strategy id"))
        compute.add_argument("--date", help=_("the day (default: today)"))

    def handle(self, *args, task: str, **options):
        on = _day(options["date"]) if options.get("date") else timezone.localdate()
        strategies = Strategy.objects.select_related("cluster", "programme").order_by("pk")
        if options.get("strategy") is not None:
            strategies = strategies.filter(pk=options["strategy"])
            if not strategies.exists():
                raise CommandError(_("There is no strategy %(id)s.") % {"id": options["strategy"]})
        total = 0
        for strategy in strategies:
            if not strategy.contains(on) and options.get("strategy") is None:
                self.stdout.write(
                    _("%(s)s: skipped, %(day)s is outside its period.") % {"s": strategy, "day": on}
                )
                continue
            try:
                report = compute_measurements(strategy=strategy, on=on)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            total += len(report.recorded)
            self.stdout.write(
                ngettext(
                    "%(s)s: %(n)s value recorded.",
                    "%(s)s: %(n)s values recorded.",
                    len(report.recorded),
                )
                % {"s": strategy, "n": len(report.recorded)}
            )
            for kpi, reason in report.skipped:
                self.stdout.write(f"  {kpi}: {reason}")
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(n)s KPI value recorded for %(day)s.",
                    "%(n)s KPI values recorded for %(day)s.",
                    total,
                )
                % {"n": total, "day": on}
            )
        )
