"""Mail a payment reminder for every overdue invoice not reminded within its cluster's interval
(run it daily from cron or a timer)."""

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.invoicing.domain import send_overdue_reminders
from clusterhub.registry.models import Cluster


class Command(BaseCommand):
    help = _("Send reminders for overdue invoices (every cluster, or one by its acronym).")

    def add_arguments(self, parser):
        parser.add_argument("--cluster", help=_("only this cluster (acronym)"))

    def handle(self, *args, **options):
        cluster = None
        if options.get("cluster"):
            cluster = Cluster.objects.filter(acronym__iexact=options["cluster"]).first()
            if cluster is None:
                raise CommandError(
                    _("No cluster with the acronym %(a)s.") % {"a": options["cluster"]}
                )
        result = send_overdue_reminders(cluster=cluster)
        self.stdout.write(
            _(
                "%(sent)s reminders sent, %(later)s reminded recently, %(none)s without an address, "
                "%(failed)s failed."
            )
            % {
                "sent": result.sent,
                "later": result.not_due_yet,
                "none": len(result.no_address),
                "failed": len(result.failed),
            }
        )
        for number in result.no_address:
            self.stderr.write(_("No address for the reminder of %(n)s.") % {"n": number})
