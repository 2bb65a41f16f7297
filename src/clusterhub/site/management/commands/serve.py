from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from clusterhub.site.workers import start_worker
from clusterhub.site.workers import stop_worker

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    help = _(
        "Serve ClusterHub on this machine with Django's development server. Static files come "
        "from WhiteNoise (it finds them in the apps when not in production), so pages are styled "
        "with DEBUG off. A job worker runs beside it (imports, backups) and stops with it. "
        "For production use gunicorn and worker services."
    )
    # runserver runs the system checks itself.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport",
            nargs="?",
            default=DEFAULT_ADDRPORT,
            help=_("address and port to listen on (default %(default)s)"),
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=_("do not start a job worker (one runs elsewhere)"),
        )

    def handle(self, *args, addrport: str, no_worker: bool = False, **options):
        # WhiteNoise warns about a missing STATIC_ROOT even though it serves from the apps here.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        worker = None if no_worker else start_worker()
        if worker is not None:
            self.stdout.write(
                _("Job worker started (process %(pid)s, queue: %(queue)s).")
                % {"pid": worker.pid, "queue": settings.CLUSTERHUB_TASKS}
            )
        try:
            # No reloader: it would start a second process that runs the whole command again.
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if worker is not None:
                stop_worker(worker)
                self.stdout.write(_("Job worker stopped."))
