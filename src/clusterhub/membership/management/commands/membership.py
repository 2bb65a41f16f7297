"""`clusterhub membership remind [--days N] [--on YYYY-MM-DD] [--cluster ACRONYM]`: mail the
members whose period ends within N days (default 30) that it is time to renew; each member is
reminded once per period, so the command can run every day (cron)."""

from datetime import date

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.membership import domain
from clusterhub.registry.models import Cluster


class Command(BaseCommand):
    help = _("Membership administration: renewal reminders.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        remind = commands.add_parser(
            "remind", help=_("mail renewal reminders before a period ends")
        )
        remind.add_argument(
            "--days",
            type=int,
            default=domain.REMIND_DAYS_BEFORE,
            help=_("remind this many days before the end of the period (default 30)"),
        )
        remind.add_argument("--on", help=_("the day to count from, YYYY-MM-DD (default today)"))
        remind.add_argument("--cluster", help=_("only this cluster (its acronym)"))

    def handle(self, *args, action: str, days: int, on, cluster, **options):
        if days < 0 or days > 366:
            raise CommandError(_("--days must be between 0 and 366."))
        try:
            day = date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(_("--on must be a date as YYYY-MM-DD.")) from None
        chosen = None
        if cluster:
            chosen = Cluster.objects.filter(acronym=cluster).first()
            if chosen is None:
                raise CommandError(_("There is no cluster %(a)s.") % {"a": cluster})
        count = domain.remind_renewals(on=day, days_before=days, cluster=chosen)
        self.stdout.write(_("Renewal reminders sent to %(n)s members.") % {"n": count})
