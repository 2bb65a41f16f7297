"""`clusterhub import organisations FILE --cluster ACRONYM [--dry-run]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.common.progress import progress
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.models import Cluster


class Command(BaseCommand):
    help = _(
        "Import organisations with their memberships into a cluster from a CSV or XLSX file. "
        "Every row is checked first; the file is written all at once or not at all. "
        "Runs as the operator: no permission check is made."
    )

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["organisations"], help=_("What to import."))
        parser.add_argument("file", help=_("The CSV or XLSX file."))
        parser.add_argument(
            "--cluster", required=True, help=_("Acronym of the cluster to import into.")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Check every row and write nothing.")
        )

    def handle(self, *args, **options):
        cluster = Cluster.objects.filter(acronym=options["cluster"]).first()
        if cluster is None:
            raise CommandError(_("No cluster has the acronym %(a)s.") % {"a": options["cluster"]})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        with progress(_("Checking and importing rows"), stream=self.stderr) as on_progress:
            result = import_organisations(
                cluster=cluster,
                data=data,
                filename=path.name,
                dry_run=options["dry_run"],
                on_progress=on_progress,
            )
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
