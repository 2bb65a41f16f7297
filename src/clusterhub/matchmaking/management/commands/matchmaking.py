"""`clusterhub matchmaking build-complementarity --wiod-dir DIR` and
`clusterhub matchmaking recommend --all --top 10`."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.common.progress import progress
from clusterhub.matchmaking import complementarity as comp
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.stored import recompute_all


class Command(BaseCommand):
    help = _("Value chains and matchmaking: complementarity table, recommendations.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser(
            "build-complementarity",
            help=_("derive the sector complementarity table from WIOD files"),
        )
        build.add_argument("--wiod-dir", required=True)
        build.add_argument("--out", default=str(comp.TABLE_PATH), help=_("where to write"))
        rec = sub.add_parser("recommend", help=_("embed changed profiles, recompute suggestions"))
        rec.add_argument("--all", action="store_true", required=True)
        rec.add_argument("--top", type=int, default=10)
        rec.add_argument(
            "--background",
            action="store_true",
            help=_("queue it as a job for the worker and return at once"),
        )

    def handle(self, *args, action: str, **options):
        if action == "build-complementarity":
            self._build(Path(options["wiod_dir"]), Path(options["out"]))
        else:
            self._recommend(options["top"], background=options["background"])

    def _build(self, directory: Path, out: Path) -> None:
        try:
            scores = comp.build_table(directory)
        except comp.WiodError as exc:
            raise CommandError(str(exc)) from exc
        comp.write_table(scores, out)
        comp.complementarity.cache_clear()
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(n)s division pairs to %(path)s.") % {"n": len(scores), "path": out}
            )
        )

    def _recommend(self, top: int, *, background: bool = False) -> None:
        if not 1 <= top <= 100:
            raise CommandError(_("--top must be between 1 and 100."))
        if background:
            from clusterhub.common.jobs import DuplicateJob
            from clusterhub.common.jobs import start_job
            from clusterhub.matchmaking.jobs import RECOMMEND_ALL_JOB

            try:
                job = start_job(
                    RECOMMEND_ALL_JOB,
                    owner=None,
                    title=_("Recommendations for all profiles"),
                    params={"top": top},
                    dedupe_key=RECOMMEND_ALL_JOB,
                )
            except DuplicateJob as exc:
                raise CommandError(exc.messages[0]) from exc
            self.stdout.write(
                self.style.SUCCESS(_("Queued as job %(id)s for the worker.") % {"id": job.pk})
            )
            return
        profiles = list(Profile.objects.all())
        with progress(_("Embedding"), stream=self.stderr) as on_progress:
            embedded = domain.embed_profiles(profiles=profiles, on_progress=on_progress)
        with progress(_("Recommending"), stream=self.stderr) as on_progress:
            count = recompute_all(top=top, on_progress=on_progress)
        profiles_done = ngettext(
            "Embedded %(n)s profile.", "Embedded %(n)s profiles.", embedded
        ) % {"n": embedded}
        suggestions_done = ngettext(
            "Stored %(n)s suggestion.", "Stored %(n)s suggestions.", count
        ) % {"n": count}
        self.stdout.write(self.style.SUCCESS(f"{profiles_done} {suggestions_done}"))
