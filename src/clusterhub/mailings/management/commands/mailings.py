"""`clusterhub mailings send-due` and `clusterhub mailings record-bounces ADDRESS ... [--file F]`.

send-due sends the scheduled mailings whose time has come (for a queue that cannot defer a
task; run it from cron every few minutes; harmless when the queue already did). record-bounces
flags addresses the mail server could not deliver to (one per argument, or one a line in a
file, `-` for standard input); every mailing skips them from then on.
"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.mailings import domain
from clusterhub.mailings import sending


class Command(BaseCommand):
    help = _("Mailings: send-due sends scheduled mailings; record-bounces flags addresses.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="task", required=True)
        sub.add_parser("send-due", help=_("send the scheduled mailings whose time has come"))
        bounces = sub.add_parser("record-bounces", help=_("flag addresses that bounced"))
        bounces.add_argument("addresses", nargs="*", help=_("addresses that bounced"))
        bounces.add_argument("--file", help=_("a file with one address a line ('-': stdin)"))
        bounces.add_argument("--reason", default="", help=_("why, as the mail server said"))

    def handle(self, *args, task: str, **options):
        if task == "send-due":
            return self._send_due()
        return self._bounces(options)

    def _send_due(self):
        mailings = list(sending.due_mailings())
        for mailing in mailings:
            self.stdout.write(sending.summary(mailing, sending.send_pending(mailing.pk)))
        self.stdout.write(
            ngettext("%(n)s mailing was due.", "%(n)s mailings were due.", len(mailings))
            % {"n": len(mailings)}
        )

    def _bounces(self, options):
        addresses = list(options["addresses"])
        if options.get("file"):
            try:
                if options["file"] == "-":
                    lines = sys.stdin.read().splitlines()
                else:
                    with open(options["file"], encoding="utf-8") as f:
                        lines = f.read().splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": error}
                ) from error
            addresses += [line.strip() for line in lines if line.strip()]
        if not addresses:
            raise CommandError(_("Give the addresses, or --file."))
        problems = []
        recorded = 0
        for number, address in enumerate(addresses, start=1):
            try:
                domain.record_bounce(email=address, reason=options["reason"])
            except ValidationError as error:
                problems.append(
                    _("Address %(n)s: %(error)s") % {"n": number, "error": " ".join(error.messages)}
                )
            else:
                recorded += 1
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(
            ngettext("%(n)s bounce recorded.", "%(n)s bounces recorded.", recorded)
            % {"n": recorded}
        )
        if problems:
            raise CommandError(_("Some addresses were not recorded."))
