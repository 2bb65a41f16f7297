"""`clusterhub import organisations FILE --cluster ACRONYM [--dry-run]` and
`clusterhub import clusters FILE [--programme CODE] [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.common.progress import progress
from clusterhub.registry.importer import ImportResult
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.importer.clusters import import_clusters
from clusterhub.registry.management.acronyms import cluster_named
from clusterhub.registry.management.acronyms import programme_named


class Command(BaseCommand):
    help = _(
        "Import organisations with their memberships into a cluster, or clusters into the "
        "registry (and a programme), from a CSV or XLSX file. Every row is checked first; the "
        "file is written all at once or not at all. Runs as the operator: no permission check "
        "is made."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "what", choices=["organisations", "clusters"], help=_("What to import.")
        )
        parser.add_argument("file", help=_("The CSV or XLSX file."))
        parser.add_argument(
            "--cluster", help=_("Acronym of the cluster to import organisations into.")
        )
        parser.add_argument(
            "--programme",
            help=_("Acronym of the programme imported clusters join (rows may name their own)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Check every row and write nothing.")
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if options["what"] == "clusters":
            if options["cluster"]:
                raise CommandError(_("--cluster is for organisations; clusters take --programme."))
            programme = programme_named(options["programme"])
            data = self._read(path)
            result = import_clusters(
                data=data, filename=path.name, dry_run=options["dry_run"], programme=programme
            )
            self._report(result)
            return
        if options["programme"]:
            raise CommandError(_("--programme is for clusters; organisations take --cluster."))
        if not options["cluster"]:
            raise CommandError(_("Give the cluster to import into: --cluster ACRONYM."))
        cluster = cluster_named(options["cluster"])
        data = self._read(path)
        with progress(_("Checking and importing rows"), stream=self.stderr) as on_progress:
            result = import_organisations(
                cluster=cluster,
                data=data,
                filename=path.name,
                dry_run=options["dry_run"],
                on_progress=on_progress,
            )
        self._report(result)

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc

    def _report(self, result: ImportResult) -> None:
        if result.ignored_columns:
            self.stdout.write(
                _("Columns not read: %(columns)s.") % {"columns": ", ".join(result.ignored_columns)}
            )
        for note in result.notes:
            self.stdout.write(_("Note: %(note)s") % {"note": note})
        if result.problems:
            for problem in result.problems:
                self.stdout.write(str(problem))
            raise CommandError(
                ngettext(
                    "%(n)s problem found; nothing was written.",
                    "%(n)s problems found; nothing was written.",
                    len(result.problems),
                )
                % {"n": len(result.problems)}
            )
        self.stdout.write(result.summary())
