"""The progress bar shows on a terminal only; piped or called from code, output stays clean."""

import io
from pathlib import Path

from django.core.management import call_command

from clusterhub.common.backup import backed_up_models
from clusterhub.common.backup import read_header
from clusterhub.common.backup import restore_backup
from clusterhub.common.backup import write_backup
from clusterhub.common.progress import progress
from clusterhub.registry.exports import export_organisations

GOOD = Path(__file__).resolve().parents[1] / "data" / "members_good.csv"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_the_count():
    stream = Terminal()
    with progress("Importing", stream=stream) as on_progress:
        on_progress(5, 10)
        on_progress(10, 10)
    text = stream.getvalue()
    assert "Importing" in text
    assert "10/10" in text
    assert "━" in text


def test_a_pipe_gets_nothing():
    stream = io.StringIO()
    with progress("Importing", stream=stream) as on_progress:
        on_progress(5, 10)
    assert stream.getvalue() == ""


def test_the_import_command_prints_only_its_summary_when_not_on_a_terminal(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "organisations", str(GOOD), cluster="CLA", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert out.getvalue().startswith("Imported 3 rows: 3 organisations created")
    assert "━" not in out.getvalue() and "\r" not in out.getvalue()


def test_the_export_command_prints_only_the_csv_when_not_on_a_terminal(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", "organisations", cluster="CLA", stdout=out, stderr=err)
    assert err.getvalue() == ""
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("\ufeffname,registration_number,")
    assert [line.split(",")[0] for line in lines[1:]] == ["Member A Ltd"]


def test_the_exporter_reports_each_row_up_to_the_total(world):
    seen = []
    export_organisations(
        cluster=world.cluster_a, fmt="csv", user=None, on_progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(1, 1)]


# Real transactions: on PostgreSQL a restore TRUNCATEs, which a test wrapped in one transaction
# with deferred constraints pending is refused.
def test_backup_and_restore_print_only_their_summary_and_count_to_the_total(
    transactional_db, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # keep the real media folder out of it
    archive = tmp_path / "backup.tar.gz"
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", str(archive), stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert out.getvalue().startswith("Backed up ")
    tables = []
    write_backup(archive, on_progress=lambda d, t: tables.append((d, t)))
    assert tables[-1] == (len(backed_up_models()), len(backed_up_models()))
    assert [d for d, _ in tables] == list(range(1, len(tables) + 1))

    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(archive), replace=True, stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert out.getvalue().startswith("Restored ")
    rows = []
    summary = restore_backup(archive, replace=True, on_progress=lambda d, t: rows.append((d, t)))
    total = sum(read_header(archive)["rows"].values())
    assert rows[-1] == (total, total) == (summary.rows, summary.rows)
