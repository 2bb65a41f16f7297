from collections.abc import Callable

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from clusterhub.assessment import demo as assessment_demo
from clusterhub.common.progress import OnProgress
from clusterhub.common.progress import progress
from clusterhub.directory import demo as directory_demo
from clusterhub.events import demo as events_demo
from clusterhub.grants import demo as grants_demo
from clusterhub.invoicing import demo as invoicing_demo
from clusterhub.mailings import demo as mailings_demo
from clusterhub.matchmaking import demo as matchmaking_demo
from clusterhub.membership import demo as membership_demo
from clusterhub.registry.demo import DEMO_PASSWORD
from clusterhub.registry.demo import DemoLogin
from clusterhub.registry.demo import load_demo
from clusterhub.services import demo as services_demo
from clusterhub.site.management.commands.serve import DEFAULT_ADDRPORT
from clusterhub.strategy import demo as strategy_demo
from clusterhub.training import demo as training_demo

# The demo loader of each area above the registry, lower areas first: an area's demo links to
# the demo objects of the areas below it (grants' deliverables to strategies and trainings).
AREA_DEMOS: tuple[tuple[str, Callable[[], object]], ...] = (
    ("assessment", assessment_demo.load_demo),
    ("services", services_demo.load_demo),
    ("training", training_demo.load_demo),
    ("strategy", strategy_demo.load_demo),
    ("grants", grants_demo.load_demo),
    ("matchmaking", matchmaking_demo.load_demo),
    ("events", events_demo.load_demo),
    ("membership", membership_demo.load_demo),
    ("invoicing", invoicing_demo.load_demo),
    ("mailings", mailings_demo.load_demo),
    ("directory", directory_demo.load_demo),
)


class Command(BaseCommand):
    help = _(
        "Migrate, load the reference data and the 5FOREXCELLENCE demo (idempotent), print the demo "
        "logins, then serve. Demo users' passwords are reset to the demo password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help=_("load the demo, then stop"))
        parser.add_argument(
            "--addrport",
            default=DEFAULT_ADDRPORT,
            help=_("address and port to serve on (default %(default)s)"),
        )

    def handle(self, *args, no_serve: bool, addrport: str, **options):
        quiet = max(options["verbosity"] - 1, 0)
        # The first run takes minutes: say what is happening, so nobody thinks it hangs.
        self.step(_("Migrating the database"))
        call_command("migrate", interactive=False, verbosity=quiet, stdout=self.stdout)
        self.step(_("Loading the reference data (NACE, NUTS)"))
        call_command("load_reference_data", stdout=self.stdout)
        # One step for the registry, then one per area.
        total = 1 + len(AREA_DEMOS)
        with progress(_("Loading the demo"), stream=self.stderr) as on_progress:
            self.step(_("Loading the demo: registry"))
            try:
                logins = load_demo()
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            on_progress(1, total)
            load_area_demos(
                on_area=lambda label: self.step(_("Loading the demo: %s") % label),
                on_progress=lambda done, areas: on_progress(1 + done, total),
            )
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded: the 5FOREXCELLENCE consortium.")))
        self.stdout.write(login_table(logins))
        self.stdout.write(_("Open %(url)s and sign in.") % {"url": url_of(addrport)})
        if not no_serve:
            call_command("serve", addrport)

    def step(self, text: str) -> None:
        self.stdout.write(f"{text}…")
        self.stdout.flush()


def load_area_demos(
    *, on_area: Callable[[str], None] = lambda label: None, on_progress: OnProgress | None = None
) -> None:
    """Load each area's idempotent demo (`<area>/demo.py: load_demo()`) in `AREA_DEMOS` order;
    `on_progress(done, total)` is called after each area."""
    for done, (label, load) in enumerate(AREA_DEMOS, start=1):
        on_area(str(apps.get_app_config(label).verbose_name))
        load()
        if on_progress is not None:
            on_progress(done, len(AREA_DEMOS))


def login_table(logins: list[DemoLogin]) -> str:
    """The demo logins as a plain-text table, with the one password they share."""
    header = (_("username"), _("role"), _("where"), _("password"))
    rows = [header] + [(x.username, x.role, x.scope, DEMO_PASSWORD) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(["", *lines, ""])


def url_of(addrport: str) -> str:
    """The address to open in a browser for what runserver listens on."""
    host, _sep, port = addrport.rpartition(":")
    if not host:  # a bare port
        host, port = "127.0.0.1", addrport
    if host in ("0.0.0.0", "[::]", "::"):  # noqa: S104  # nosec B104  # a comparison, not a bind
        host = "127.0.0.1"
    return f"http://{host}:{port}/"
