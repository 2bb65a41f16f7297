"""`clusterhub events schedule-meetings EVENT_ID [--time-limit S]` and
`clusterhub events send-follow-ups EVENT_ID`. Runs as the operator: no permission check."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.common.progress import progress
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.models import Event


class Command(BaseCommand):
    help = _("Events: schedule the B2B meetings of an event, or send its six-month follow-up.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        schedule = sub.add_parser("schedule-meetings", help=_("Run the B2B meeting scheduler."))
        schedule.add_argument("event_id", type=int)
        schedule.add_argument(
            "--time-limit", type=float, default=30.0, help=_("Seconds the solver may use.")
        )
        follow = sub.add_parser("send-follow-ups", help=_("Ask participants about agreements."))
        follow.add_argument("event_id", type=int)

    def handle(self, *args, **options):
        event = Event.objects.filter(pk=options["event_id"]).first()
        if event is None:
            raise CommandError(_("No event has id %(id)s.") % {"id": options["event_id"]})
        try:
            if options["action"] == "schedule-meetings":
                with progress(_("Scheduling meetings"), stream=self.stderr) as on_progress:
                    run = domain.schedule_meetings(
                        event=event, time_limit=options["time_limit"], on_progress=on_progress
                    )
                self.stdout.write(
                    _(
                        "%(summary)s First come, first served: %(greedy)s; %(idle)s idle slots; "
                        "%(s).1f s."
                    )
                    % {
                        "summary": reports.scheduler_summary(event, run),
                        "greedy": run.greedy,
                        "idle": run.idle_slots,
                        "s": run.seconds,
                    }
                )
            else:
                count = domain.send_follow_ups(event=event)
                self.stdout.write(_("%(n)s participants asked.") % {"n": count})
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
