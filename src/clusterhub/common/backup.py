"""Whole-database backup and restore (`clusterhub backup OUT`, `clusterhub restore IN`).

An archive is a gzip-compressed tar file holding, in this order:

- ``header.json``: format name and version, ClusterHub version, database vendor,
  the applied migrations per app, creation time and row counts;
- ``data.jsonl``: one JSON object per line, each a row in Django's "python"
  serialisation ({"model", "pk", "fields"}). Every concrete model of every
  installed app is written, auto-created many-to-many tables included as tables
  of their own (so their row ids survive), and many-to-many fields are left out
  of the parent rows;
- ``media/...``: every file under MEDIA_ROOT.

Rows are streamed with ``iterator()`` and written one line at a time, so memory
stays bounded however large the database is. Restore reads the lines back in
batches, inside one transaction: it either loads everything or nothing.
"""

import datetime as dt
import gzip
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from pathlib import PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.db import connections
from django.db import transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

import clusterhub
from clusterhub.common.jobs import JobFailed
from clusterhub.common.jobs import register_job
from clusterhub.common.models import job_files_storage
from clusterhub.common.progress import OnProgress

FORMAT = "clusterhub-backup"
FORMAT_VERSION = 1
HEADER_NAME = "header.json"
DATA_NAME = "data.jsonl"
MEDIA_PREFIX = "media/"
BATCH = 1000

# Rows that `migrate` itself creates; a database holding only these counts as empty.
MIGRATE_CREATED = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup cannot be written or restored; the message is meant for the operator."""


@dataclass
class Summary:
    rows: int = 0
    models: int = 0
    media_files: int = 0
    per_model: dict[str, int] = field(default_factory=dict)


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but datetimes and times keep their microseconds.

    The stock encoder cuts them to milliseconds, which would make a restored
    row differ from the original.
    """

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            if isinstance(o, dt.time) and timezone.is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            value = o.isoformat()
            return value[:-6] + "Z" if value.endswith("+00:00") else value
        return super().default(o)


def backed_up_models() -> list:
    """Every concrete, managed model, in dependency order, M2M tables after their owners."""
    app_list = dict.fromkeys(apps.get_app_configs())
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    ordered = [m for m in ordered if not m._meta.proxy and m._meta.managed]
    through = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.auto_created and not m._meta.proxy and m._meta.managed
    ]
    return ordered + [m for m in through if m not in ordered]


def migration_state(using: str = "default") -> dict[str, list[str]]:
    """The applied migrations per app label, sorted, as recorded in the database."""
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {label: sorted(names) for label, names in sorted(state.items())}


def _local_field_names(model) -> list[str]:
    # Restricting the serialiser to local fields drops M2M fields: their rows are
    # written from the through table instead.
    return [f.name for f in model._meta.local_fields]


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def write_backup(
    out: Path | str, using: str = "default", *, on_progress: OnProgress | None = None
) -> Summary:
    """Write the whole database and MEDIA_ROOT to `out` (a .tar.gz archive).

    `on_progress(done, total)` is called after each table."""
    out = Path(out)
    summary = Summary()
    media_root = Path(settings.MEDIA_ROOT)
    tmp_dir = out.parent if out.parent.is_dir() else None
    # One read transaction for a consistent snapshot (repeatable on PostgreSQL).
    with tempfile.TemporaryDirectory(dir=tmp_dir) as tmp, transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql" and connection.savepoint_ids == []:
            # Outermost transaction: see one snapshot for all tables.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        data_path = Path(tmp) / DATA_NAME
        models = backed_up_models()
        with data_path.open("w", encoding="utf-8") as data:
            for done, model in enumerate(models, start=1):
                label = model._meta.label_lower
                names = _local_field_names(model)
                count = 0
                batch = []
                queryset = model._base_manager.using(using).order_by("pk")
                for obj in queryset.iterator(chunk_size=BATCH):
                    batch.append(obj)
                    if len(batch) >= BATCH:
                        count += _write_rows(data, batch, names)
                        batch = []
                count += _write_rows(data, batch, names)
                summary.per_model[label] = count
                summary.rows += count
                summary.models += 1
                if on_progress is not None:
                    on_progress(done, len(models))
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "clusterhub_version": clusterhub.__version__,
            "database_vendor": connections[using].vendor,
            "created_at": timezone.now().isoformat(),
            "migrations": migration_state(using),
            "rows": summary.per_model,
        }
        media = _media_files(media_root)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, HEADER_NAME, json.dumps(header, indent=1).encode())
            tar.add(data_path, arcname=DATA_NAME)
            for path in media:
                tar.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        os.replace(partial, out)  # never leave a half-written archive under the real name
    summary.media_files = len(media)
    return summary


def _write_rows(stream, objects: list, names: list[str]) -> int:
    if not objects:
        return 0
    for row in serializers.serialize("python", objects, fields=names):
        stream.write(json.dumps(row, cls=_Encoder, ensure_ascii=False))
        stream.write("\n")
    return len(objects)


def read_header(path: Path | str) -> dict:
    """The archive's header, or BackupError when the file is not a ClusterHub backup."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.next()
            if member is None or member.name != HEADER_NAME or not member.isfile():
                raise BackupError(_("%(path)s is not a ClusterHub backup.") % {"path": path})
            header = json.loads(tar.extractfile(member).read())
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, FileNotFoundError):
            raise BackupError(_("%(path)s does not exist.") % {"path": path}) from exc
        raise BackupError(
            _("%(path)s is not a readable ClusterHub backup (%(error)s).")
            % {"path": path, "error": exc}
        ) from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(_("%(path)s is not a ClusterHub backup.") % {"path": path})
    if header.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("%(path)s uses backup format %(found)s; this ClusterHub reads format %(ours)s.")
            % {"path": path, "found": header.get("format_version"), "ours": FORMAT_VERSION}
        )
    return header


def check_migrations(header: dict, using: str = "default") -> None:
    """Refuse an archive whose migration state differs from this database's."""
    theirs = header.get("migrations") or {}
    ours = migration_state(using)
    if theirs == ours:
        return
    lines = []
    for label in sorted(set(theirs) | set(ours)):
        a, b = set(theirs.get(label, [])), set(ours.get(label, []))
        if a != b:
            only_backup = ", ".join(sorted(a - b)) or "-"
            only_db = ", ".join(sorted(b - a)) or "-"
            lines.append(f"  {label}: backup only: {only_backup}; database only: {only_db}")
    raise BackupError(
        _(
            "The backup was made at a different migration state than this database "
            "(backup from ClusterHub %(version)s). Migrate this database to the same "
            "state, or restore with the matching ClusterHub version.\n%(diff)s"
        )
        % {"version": header.get("clusterhub_version", "?"), "diff": "\n".join(lines)}
    )


def database_has_data(using: str = "default") -> list[str]:
    """Labels of the models holding rows beyond those `migrate` creates by itself."""
    return [
        m._meta.label_lower
        for m in backed_up_models()
        if m._meta.label_lower not in MIGRATE_CREATED and m._base_manager.using(using).exists()
    ]


def _flush(using: str) -> None:
    """Empty every table that holds rows (and, by cascade, the tables pointing at them).

    Only non-empty tables are named: truncating ~100 tables on PostgreSQL costs seconds.
    """
    connection = connections[using]
    tables = [m._meta.db_table for m in backed_up_models() if m._base_manager.using(using).exists()]
    if not tables:
        return
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=False, allow_cascade=True
    )
    for sql in statements:
        with connection.cursor() as cursor:
            cursor.execute(sql)


def _reset_sequences(using: str) -> None:
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def restore_backup(
    path: Path | str,
    *,
    replace: bool = False,
    using: str = "default",
    on_progress: OnProgress | None = None,
) -> Summary:
    """Load an archive into the database, all or nothing, then copy its media files.

    Without `replace`, a database holding data is refused; with it, every table
    is emptied first (in the same transaction). `on_progress(done, total)` counts rows
    against the header's total, after each batch.
    """
    header = read_header(path)
    check_migrations(header, using)
    if not replace:
        filled = database_has_data(using)
        if filled:
            raise BackupError(
                _(
                    "The database already holds data (%(models)s). Restore into an empty, "
                    "migrated database, or pass --replace to delete everything first."
                )
                % {"models": ", ".join(filled[:5]) + (", ..." if len(filled) > 5 else "")}
            )
    summary = Summary()
    media_members = []
    expected = header.get("rows") or {}
    total = sum(expected.values())
    try:
        with tarfile.open(path, "r:gz") as tar, transaction.atomic(using=using):
            _flush(using)
            data = tar.extractfile(DATA_NAME)
            if data is None:
                raise BackupError(_("%(path)s holds no data.") % {"path": path})
            batch = []
            for line in io.TextIOWrapper(data, encoding="utf-8"):
                batch.append(json.loads(line))
                if len(batch) >= BATCH:
                    _load_rows(batch, using, summary)
                    batch = []
                    if on_progress is not None:
                        on_progress(summary.rows, total)
            _load_rows(batch, using, summary)
            if on_progress is not None:
                on_progress(summary.rows, total)
            if summary.per_model != {k: v for k, v in expected.items() if v}:
                raise BackupError(_("%(path)s is incomplete: row counts differ.") % {"path": path})
            connections[using].check_constraints()
            _reset_sequences(using)
            media_members = [
                m for m in tar.getmembers() if m.isfile() and m.name.startswith(MEDIA_PREFIX)
            ]
            summary.media_files = _restore_media(tar, media_members)
    except KeyError as exc:  # tar member missing
        raise BackupError(_("%(path)s is missing %(name)s.") % {"path": path, "name": exc}) from exc
    except (tarfile.TarError, gzip.BadGzipFile, EOFError, ValueError) as exc:
        raise BackupError(
            _("%(path)s is damaged (%(error)s); nothing was restored.")
            % {"path": path, "error": exc}
        ) from exc
    except (DeserializationError, DatabaseError) as exc:
        raise BackupError(
            _("%(path)s could not be loaded (%(error)s); nothing was restored.")
            % {"path": path, "error": exc}
        ) from exc
    summary.models = len(header.get("rows") or summary.per_model)  # tables in the archive
    return summary


def _load_rows(rows: list[dict], using: str, summary: Summary) -> None:
    if not rows:
        return
    for obj in serializers.deserialize("python", rows, using=using):
        obj.save(using=using)
        label = obj.object._meta.label_lower
        summary.per_model[label] = summary.per_model.get(label, 0) + 1
        summary.rows += 1


def _restore_media(tar: tarfile.TarFile, members: list) -> int:
    """Copy media files into MEDIA_ROOT, refusing any path that would leave it."""
    root = Path(settings.MEDIA_ROOT).resolve()
    for member in members:
        relative = PurePosixPath(member.name[len(MEDIA_PREFIX) :])
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise BackupError(_("Refusing unsafe media path %(name)s.") % {"name": member.name})
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, target.open("wb") as dest:
            shutil.copyfileobj(source, dest)
    return len(members)


# A backup started from the site (the "Back up the whole site" button of the jobs page) is a
# background job: the archive goes under VAR_DIR/jobs/backups (outside MEDIA_ROOT, so the next
# backup does not contain this one) and is downloaded from the job page.


@register_job("common.backup")
def backup_job(job, on_progress: OnProgress) -> dict:
    storage = job_files_storage()
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
    name = f"backups/clusterhub-{stamp}-{job.pk}.tar.gz"
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        summary = write_backup(path, on_progress=on_progress)
    except (BackupError, OSError) as exc:
        raise JobFailed(str(exc)) from exc
    job.result_file.name = name
    return {
        "summary": _("Backed up %(rows)d rows of %(models)d tables and %(files)d media files.")
        % {"rows": summary.rows, "models": summary.models, "files": summary.media_files},
        "rows": summary.rows,
        "tables": summary.models,
        "media_files": summary.media_files,
        "bytes": path.stat().st_size,
    }
