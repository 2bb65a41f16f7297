"""`clusterhub assessment import-framework FILE` and `clusterhub assessment report ID --pdf OUT`.

Both take `--language` (default: the site's default, English): the messages, and the report's
texts and framework texts, are in that language.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from clusterhub.assessment import domain
from clusterhub.assessment import loader
from clusterhub.assessment.models import Assessment


class Command(BaseCommand):
    help = _("Cluster management assessment: frameworks and reports.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-framework", help=_("load a framework from a YAML/JSON file"))
        imp.add_argument("file")
        rep = sub.add_parser("report", help=_("write an assessment report"))
        rep.add_argument("id", type=int)
        rep.add_argument("--pdf", required=True, help=_("output PDF file"))
        for part in (imp, rep):
            part.add_argument(
                "--language",
                choices=[code for code, _name in settings.LANGUAGES],
                default=settings.LANGUAGE_CODE,
                help=_("language of the messages and the report"),
            )

    def handle(self, *args, action: str, **options):
        with translation.override(options["language"]):
            if action == "import-framework":
                self._import(options["file"])
            else:
                self._report(options["id"], options["pdf"])

    def _import(self, file: str) -> None:
        try:
            definition = loader.read_file(file)
            existed = domain.framework_exists(definition)
            framework = domain.import_framework(definition=definition)
        except loader.FrameworkError as exc:
            raise CommandError(
                _("%(file)s: %(field)s: %(message)s")
                % {"file": file, "field": exc.field, "message": exc.message}
            ) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if existed:
            message = _(
                "Updated the texts of %(name)s version %(version)s: %(n)s indicators in %(a)s "
                "areas."
            )
        else:
            message = _("Imported %(name)s version %(version)s: %(n)s indicators in %(a)s areas.")
        self.stdout.write(
            self.style.SUCCESS(
                message
                % {
                    "name": framework.local_name,
                    "version": framework.version,
                    "n": framework.indicators.count(),
                    "a": framework.areas.count(),
                }
            )
        )

    def _report(self, pk: int, out: str) -> None:
        from clusterhub.assessment.reports import report_pdf

        assessment = Assessment.objects.select_related("cluster", "framework").filter(pk=pk).first()
        if assessment is None:
            raise CommandError(_("There is no assessment with id %(id)s.") % {"id": pk})
        pdf = report_pdf(assessment)
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(_("The folder %(dir)s does not exist.") % {"dir": target.parent})
        target.write_bytes(pdf)
        self.stdout.write(
            self.style.SUCCESS(_("Wrote %(file)s (%(n)s bytes).") % {"file": out, "n": len(pdf)})
        )
