"""`clusterhub backup OUT`: write the whole database and MEDIA_ROOT to one archive."""

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.common.backup import BackupError
from clusterhub.common.backup import write_backup
from clusterhub.common.progress import progress


class Command(BaseCommand):
    help = _("Back up every table and every uploaded file to one .tar.gz archive.")

    def add_arguments(self, parser):
        parser.add_argument("out", help=_("Archive to write, e.g. clusterhub-2026-01-31.tar.gz"))
        parser.add_argument("--database", default="default", help=_("Database alias."))

    def handle(self, *args, out, database, **options):
        try:
            with progress(_("Backing up tables"), stream=self.stderr) as on_progress:
                summary = write_backup(out, using=database, on_progress=on_progress)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Backed up %(rows)d rows of %(models)d tables and %(files)d media files to %(out)s.")
            % {
                "rows": summary.rows,
                "models": summary.models,
                "files": summary.media_files,
                "out": out,
            }
        )
