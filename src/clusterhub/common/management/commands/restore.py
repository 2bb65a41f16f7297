"""`clusterhub restore IN`: load an archive written by `clusterhub backup`, all or nothing."""

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.common.backup import BackupError
from clusterhub.common.backup import restore_backup
from clusterhub.common.progress import progress


class Command(BaseCommand):
    help = _(
        "Restore a backup archive into a migrated database. Refuses a database that "
        "holds data unless --replace is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="IN", help=_("Archive written by `backup`."))
        parser.add_argument(
            "--replace",
            "--force",
            action="store_true",
            dest="replace",
            help=_("Delete every row in the database before restoring."),
        )
        parser.add_argument("--database", default="default", help=_("Database alias."))

    def handle(self, *args, archive, replace, database, **options):
        try:
            with progress(_("Restoring rows"), stream=self.stderr) as on_progress:
                summary = restore_backup(
                    archive, replace=replace, using=database, on_progress=on_progress
                )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Restored %(rows)d rows of %(models)d tables and %(files)d media files "
                "from %(archive)s."
            )
            % {
                "rows": summary.rows,
                "models": summary.models,
                "files": summary.media_files,
                "archive": archive,
            }
        )
