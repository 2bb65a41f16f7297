"""`clusterhub export organisations --cluster ACRONYM --format csv|xlsx [--output FILE]` and
`clusterhub export clusters [--programme CODE] --format csv|xlsx [--output FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.common.progress import progress
from clusterhub.registry.exports import FORMATS
from clusterhub.registry.exports import export_clusters
from clusterhub.registry.exports import export_organisations
from clusterhub.registry.management.acronyms import cluster_named
from clusterhub.registry.management.acronyms import programme_named


class Command(BaseCommand):
    help = _(
        "Export a cluster's current members (organisations and memberships, no contacts), or "
        "the clusters (of a programme), as CSV or XLSX. Writes to --output, or to standard "
        "output. "
        "Runs as the operator: no permission check is made."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "what", choices=["organisations", "clusters"], help=_("What to export.")
        )
        parser.add_argument("--cluster", help=_("Acronym of the cluster (organisations)."))
        parser.add_argument(
            "--programme", help=_("Acronym of the programme (clusters; default: all clusters).")
        )
        parser.add_argument("--format", choices=FORMATS, default="csv", help=_("File format."))
        parser.add_argument("--output", help=_("File to write (default: standard output)."))

    def handle(self, *args, **options):
        if options["what"] == "clusters":
            programme = programme_named(options["programme"])
            with progress(_("Exporting clusters"), stream=self.stderr) as on_progress:
                export = export_clusters(
                    programme=programme, fmt=options["format"], on_progress=on_progress
                )
        else:
            if not options["cluster"]:
                raise CommandError(_("Give the cluster to export: --cluster ACRONYM."))
            cluster = cluster_named(options["cluster"])
            with progress(_("Exporting members"), stream=self.stderr) as on_progress:
                export = export_organisations(
                    cluster=cluster, fmt=options["format"], user=None, on_progress=on_progress
                )
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_bytes(export.content)
            except OSError as exc:
                raise CommandError(
                    _("Cannot write %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
                ) from exc
            self.stderr.write(_("Wrote %(path)s.") % {"path": path})
            return
        if options["format"] == "csv":
            self.stdout.write(export.content.decode("utf-8"), ending="")
            return
        # XLSX is binary: only to a pipe or file, never as text to a terminal.
        buffer = getattr(self.stdout._out, "buffer", None)
        if buffer is None or self.stdout.isatty():
            raise CommandError(_("XLSX is a binary format: give --output FILE."))
        self.stdout.flush()
        buffer.write(export.content)
        buffer.flush()
