"""`clusterhub backup` / `clusterhub restore` round-trip every table of the database."""

import gzip
import io
import json
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from clusterhub.accounts.models import User
from clusterhub.common import backup


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table (auto-created M2M tables included), as tuples, by pk."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.label_lower] = [
            tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in model._base_manager.order_by("pk").values_list(*names)
        ]
    return tables


def flush_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def rich_data(transactional_db, settings, tmp_path):
    """The registry, grants and events demos, partnering profiles with binary vectors,
    and an uploaded file in MEDIA_ROOT. (The matchmaking demo embeds texts: too slow here.)"""
    from clusterhub.events.demo import load_demo as load_events
    from clusterhub.grants.demo import load_demo as load_grants
    from clusterhub.matchmaking.models import Profile
    from clusterhub.registry.demo.load import load_demo as load_registry
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import NaceCode

    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "receipts").mkdir(parents=True)
    (settings.MEDIA_ROOT / "receipts" / "r1.pdf").write_bytes(b"%PDF-1.4 receipt")
    load_registry()
    load_grants()
    load_events()
    for n, membership in enumerate(Membership.objects.order_by("pk")[:3]):
        profile = Profile.objects.create(
            organisation_id=membership.organisation_id,
            cluster_id=membership.cluster_id,
            kind="business_offer",
            title=f"Offer {n}",
            description="A partnering offer long enough to be valid.",
            vector=bytes(range(256)) * (n + 1),  # every byte value, NUL included
            vector_model="test-model",
        )
        profile.nace_codes.set(NaceCode.objects.order_by("pk")[n : n + 2])
    yield


def test_backup_restore_round_trips_every_table(rich_data, settings, tmp_path, capsys):
    before = snapshot()
    # The dataset really covers the awkward kinds of data.
    from clusterhub.matchmaking.models import Profile

    assert Profile.objects.exclude(vector=None).count() > 0
    assert User.objects.exclude(password="").count() > 0
    assert len(before["registry.cluster_sectors"]) > 0
    assert any(m.endswith("historicalcluster") and rows for m, rows in before.items())
    assert len([m for m, rows in before.items() if rows]) >= 30

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    out = capsys.readouterr().out
    total = sum(len(rows) for rows in before.values())
    tables = len(before)
    assert out.startswith(f"Backed up {total} rows of {tables} tables")
    assert "and 1 media files to" in out

    flush_database()
    (settings.MEDIA_ROOT / "receipts" / "r1.pdf").unlink()
    assert User.objects.count() == 0

    call_command("restore", str(archive))
    out = capsys.readouterr().out
    assert out.startswith(f"Restored {total} rows of {tables} tables")
    assert "and 1 media files from" in out

    after = snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label
    assert (settings.MEDIA_ROOT / "receipts" / "r1.pdf").read_bytes() == b"%PDF-1.4 receipt"

    # Sequences continue after the restored ids.
    highest = max(before["accounts.user"])[0]
    new = User.objects.create_user(username="after-restore", password="x-y-z-123456")
    assert new.pk > highest

    # A non-empty database is refused without --replace, and nothing changes.
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(archive))
    assert User.objects.filter(username="after-restore").count() == 1

    # --replace empties the database first, then restores the archive exactly.
    call_command("restore", str(archive), "--replace")
    assert "Restored" in capsys.readouterr().out
    assert User.objects.filter(username="after-restore").count() == 0
    assert snapshot() == before


def _archive(tmp_path: Path, header: dict, lines: list[str]) -> Path:
    path = tmp_path / "forged.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in (
            ("header.json", json.dumps(header).encode()),
            ("data.jsonl", "".join(line + "\n" for line in lines).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _header(**changes) -> dict:
    header = {
        "format": backup.FORMAT,
        "format_version": backup.FORMAT_VERSION,
        "clusterhub_version": "0.1.0",
        "migrations": backup.migration_state(),
        "rows": {"accounts.user": 1},
    }
    header.update(changes)
    return header


def test_restore_refuses_foreign_or_damaged_files(transactional_db, tmp_path):
    flush_database()
    not_gzip = tmp_path / "notes.txt"
    not_gzip.write_text("hello")
    with pytest.raises(CommandError, match=r"notes\.txt is not a readable ClusterHub backup"):
        call_command("restore", str(not_gzip))

    plain_gz = tmp_path / "dump.json.gz"
    plain_gz.write_bytes(gzip.compress(b'[{"model": "x"}]'))
    with pytest.raises(CommandError, match="not a readable ClusterHub backup"):
        call_command("restore", str(plain_gz))

    with pytest.raises(CommandError, match=r"missing\.tar\.gz does not exist"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))

    wrong_format = _archive(tmp_path, _header(format="other"), [])
    with pytest.raises(CommandError, match="is not a ClusterHub backup"):
        call_command("restore", str(wrong_format))

    future = _archive(tmp_path, _header(format_version=99), [])
    with pytest.raises(CommandError, match="uses backup format 99"):
        call_command("restore", str(future))

    migrations = backup.migration_state()
    migrations["registry"] = [*migrations["registry"], "9999_from_the_future"]
    newer = _archive(tmp_path, _header(migrations=migrations), [])
    with pytest.raises(CommandError, match="different migration state") as info:
        call_command("restore", str(newer))
    assert "registry: backup only: 9999_from_the_future; database only: -" in str(info.value)

    user_row = {
        "model": "accounts.user",
        "pk": 1,
        "fields": {"username": "restored", "password": "x", "date_joined": "2026-01-01T00:00Z"},
    }
    # A damaged line after a good one: nothing at all is restored.
    damaged = _archive(tmp_path, _header(), [json.dumps(user_row), '{"model": "accounts.us'])
    with pytest.raises(CommandError, match="is damaged .*nothing was restored"):
        call_command("restore", str(damaged))
    assert User.objects.count() == 0

    unknown = _archive(tmp_path, _header(), ['{"model": "nope.thing", "pk": 1, "fields": {}}'])
    with pytest.raises(CommandError, match="could not be loaded .*nothing was restored"):
        call_command("restore", str(unknown))

    truncated = _archive(tmp_path, _header(rows={"accounts.user": 2}), [json.dumps(user_row)])
    with pytest.raises(CommandError, match="incomplete: row counts differ"):
        call_command("restore", str(truncated))
    assert User.objects.count() == 0

    good = _archive(tmp_path, _header(), [json.dumps(user_row)])
    call_command("restore", str(good))
    assert User.objects.get(pk=1).username == "restored"


def test_encoder_keeps_microseconds_and_decimals():
    import datetime as dt

    value = dt.datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=dt.UTC)
    encoded = json.dumps([value, Decimal("12.30")], cls=backup._Encoder)
    assert encoded == '["2026-01-02T03:04:05.123456Z", "12.30"]'
