"""`clusterhub grants report ACRONYM --pdf OUT --xlsx OUT [--period N]`: write a project report."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.common.numbers import format_money
from clusterhub.common.progress import progress
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.models import Project
from clusterhub.grants.reports import build_report
from clusterhub.grants.reports import report_pdf


class Command(BaseCommand):
    help = _("Funded projects: write a periodic or final report as PDF and/or XLSX.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        report = commands.add_parser("report", help=_("write a project report"))
        report.add_argument("acronym", help=_("the project's acronym"))
        report.add_argument("--pdf", type=Path, help=_("write the PDF here"))
        report.add_argument("--xlsx", type=Path, help=_("write the XLSX here"))
        report.add_argument(
            "--period",
            type=int,
            help=_("reporting period number (default: the whole project)"),
        )

    def handle(self, *args, action: str, acronym: str, pdf, xlsx, period, **options):
        if not pdf and not xlsx:
            raise CommandError(_("Give --pdf OUT, --xlsx OUT or both."))
        project = Project.objects.select_related("programme").filter(acronym=acronym).first()
        if project is None:
            raise CommandError(_("There is no funded project %(acronym)s.") % {"acronym": acronym})
        chosen = None
        if period is not None:
            chosen = project.periods.filter(number=period).first()
            if chosen is None:
                raise CommandError(
                    _("%(acronym)s has no reporting period %(n)s.")
                    % {"acronym": acronym, "n": period}
                )
        targets = [(p, r) for p, r in ((pdf, report_pdf), (xlsx, report_xlsx)) if p is not None]
        # Steps: gathering the figures, then one per file rendered.
        with progress(_("Writing the report"), stream=self.stderr) as on_progress:
            report = build_report(project, chosen)
            on_progress(1, 1 + len(targets))
            for done, (path, render) in enumerate(targets, start=2):
                try:
                    path.write_bytes(render(report))
                except OSError as exc:
                    raise CommandError(
                        _("Cannot write %(path)s: %(error)s")
                        % {"path": path, "error": exc.strerror}
                    ) from exc
                on_progress(done, 1 + len(targets))
                self.stdout.write(_("Wrote %(path)s") % {"path": path})
        self.stdout.write(
            _("%(title)s: costs %(spent)s of %(planned)s, EU share %(eu)s.")
            % {
                "title": report.title,
                "spent": format_money(report.finance.total.spent),
                "planned": format_money(report.finance.total.planned),
                "eu": format_money(report.finance.total.eu_share),
            }
        )
