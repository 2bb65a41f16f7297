"""Lost-update protection: notice when someone else changed a record while it was being edited.

A record's *fingerprint* is a short hash of the values stored for it (every concrete column and
the ids of its many-to-many links), read from the database, so it works for any model, with or
without an `updated_at` column. An edit form carries the fingerprint of the record as it was
opened in a hidden field; on save, inside the transaction that writes, the record is read again
with `select_for_update()` and compared. A difference means another person saved in between: the
form answers 409 with a message saying who and when (where simple-history knows), and nothing is
written. The API does the same with `ETag` / `If-Match` (see `common/api_helpers.py`).

A form posted without the hidden field (a script, an older page) is saved as before; every page
form carries it, so people editing in the browser are always protected.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db import transaction
from django.utils import formats
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

FIELD_NAME = "record_fingerprint"
STALE_CODE = "stale_record"

Record = models.Model | models.QuerySet


def _rows(record: Record, *, lock: bool) -> list:
    """The stored values of one record (or of every record of a queryset), in a fixed order."""
    if isinstance(record, models.QuerySet):
        model, queryset = record.model, record.order_by("pk")
    else:
        model = type(record)
        queryset = model._base_manager.filter(pk=record.pk)
    columns = [f.attname for f in model._meta.concrete_fields]
    values = queryset.select_for_update() if lock else queryset
    rows: list = [tuple(values.values_list(*columns))]
    # Links kept in a many-to-many table are part of what a form edits (a cluster's sectors).
    for m2m in model._meta.many_to_many:
        through = m2m.remote_field.through
        source = m2m.m2m_field_name()
        target = m2m.m2m_reverse_field_name()
        links = through._base_manager.filter(**{f"{source}__in": queryset.values("pk")})
        rows.append(tuple(links.order_by(source, target).values_list(source, target)))
    return rows


def fingerprint(*records: Record, lock: bool = False) -> str:
    """A short hash of what the database holds now for these records (instances or querysets).

    With `lock=True` the rows are read with `select_for_update()`; call it inside the
    transaction that writes, so nobody can change them between the comparison and the write.
    """
    rows = "".join(repr(_rows(record, lock=lock)) for record in records)
    # Keyed with the server's secret: the fingerprint goes out as the API's ETag, and a plain hash
    # of a row whose other columns are public would confirm guesses of a hidden one (a turnover).
    return salted_hmac(FIELD_NAME, rows, algorithm="sha256").hexdigest()[:20]


def _last_change(record: Record) -> str:
    """'Last saved by X: DATE' from simple-history, or '' when the model keeps no history."""
    if isinstance(record, models.QuerySet):
        return ""
    history = getattr(type(record), "history", None)
    if history is None:
        return ""
    latest = history.model.objects.filter(**{record._meta.pk.attname: record.pk}).first()
    if latest is None:
        return ""
    when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
    user = latest.history_user
    # The date goes last without a full stop after it: English formats end in "p.m.".
    if user is None:
        return _("Last saved: %(when)s") % {"when": when}
    who = user.get_full_name() or user.get_username()
    return _("Last saved by %(who)s: %(when)s") % {"who": who, "when": when}


class StaleRecord(ValidationError):
    """The record changed after the form was opened (or the client read it): nothing was saved.

    A ValidationError, so every form helper that puts domain errors on a form shows it as the
    form's error without knowing about it.
    """

    def __init__(self, record: Record):
        message = _(
            "Someone else changed this record after you opened it; your changes were not "
            "saved. Reload to see their version."
        )
        detail = _last_change(record)
        super().__init__(f"{message} {detail}".strip(), code=STALE_CODE)


def edited_records(form) -> tuple:
    """What the form protects: records named by `protect`, else its stored model instance."""
    named = getattr(form, "_fingerprinted", None)
    if named:
        return named
    instance = getattr(form, "instance", None)
    stored = isinstance(instance, models.Model) and instance.pk is not None
    if stored and not instance._state.adding:
        return (instance,)
    return ()


def protect(form, *records: Record):
    """Give the form a hidden field holding the records' fingerprint as opened.

    Without records, the form's own stored instance (an edit ModelForm). A new record (a create
    form) has nothing to protect. Idempotent; returns the form.
    """
    if records:
        form._fingerprinted = records
    records = edited_records(form)
    if records and FIELD_NAME not in form.fields:
        # A bound form keeps the fingerprint it was opened with (posted back in the field);
        # only a fresh form reads the database.
        initial = "" if form.is_bound else fingerprint(*records)
        form.fields[FIELD_NAME] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=initial
        )
    return form


def check(form, *records: Record) -> None:
    """Raise StaleRecord when the records differ from the fingerprint the form was opened with.

    Must run inside the transaction that writes (see `guard`): the rows stay locked until it ends.
    """
    if records:
        form._fingerprinted = records
    records = edited_records(form)
    if not records or not form.is_bound:
        return
    submitted = form.data.get(form.add_prefix(FIELD_NAME), "")
    if not submitted:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("concurrency.check must run inside the writing transaction")
    if fingerprint(*records, lock=True) != submitted:
        raise StaleRecord(records[0])


@contextmanager
def guard(form, *records: Record) -> Iterator[None]:
    """One transaction for the comparison and the write that follows it."""
    with transaction.atomic():
        check(form, *records)
        yield


def is_stale(form) -> bool:
    """Whether the form was refused because its record changed underneath it."""
    if not form.is_bound:
        return False
    return any(
        getattr(error, "code", None) == STALE_CODE for error in form.non_field_errors().as_data()
    )


def form_status(*forms_) -> int:
    """The status of a form page: 200, 400 with errors, 409 when the record had changed."""
    bound = [f for f in forms_ if f is not None and f.is_bound]
    if any(is_stale(f) for f in bound):
        return 409
    if any(f.errors for f in bound):
        return 400
    return 200


@contextmanager
def holding(record: models.Model) -> Iterator[None]:
    """A transaction in which `record`'s row stays locked: for a page that saves many rows of one
    record (the answers of an assessment, the marks of a session), opened before it reads what
    is stored. Someone saving the same list in the same moment waits, then compares with what
    this save wrote, so two saves a second apart cannot both pass `changed_rows`."""
    with transaction.atomic():
        list(type(record)._base_manager.select_for_update().filter(pk=record.pk).values("pk"))
        yield


def changed_rows(post, shown, *, wanted, stored) -> tuple[dict, list]:
    """On a list page whose rows each say how they were shown (`was-<id>`, a state as text):
    the rows this person changed, as {id: wanted state}, and the rows someone else changed
    meanwhile to yet another state, kept as they are (to say so).

    `wanted(id)` is the state the post asks for, `stored(id)` the state stored now. A row left
    as it was shown is not this person's to write, so a change made meanwhile stays. A post
    without the shown states (a script) writes every row whose state differs from the stored.
    Read the stored states inside `holding` the list's record, or two saves a second apart can
    both pass. (Where a row has only two states, as the directory's listing, both saves then
    ask for the same state and nothing is lost.)
    """
    changed, kept = {}, []
    for row in shown:
        now, new = stored(row), wanted(row)
        was = post.get(f"was-{row}", now)
        if new in (was, now):
            continue
        if now != was:
            kept.append(row)
        else:
            changed[row] = new
    return changed, kept
