"""Change history of any record kept by django-simple-history, as plain rows for a page.

`history_of(obj)` returns one entry per saved version, newest first: when, who, what kind of
change, and which fields went from which value to which. Values are shown as people read them
(choice labels, related objects' names, yes/no), not as raw database values.

`exclude` names fields the reader may not see (an app's field-level rule decides which): their
values and changes are left out, and so is a version that changed nothing else, since its mere
presence would tell when the hidden field changed.
"""

from dataclasses import dataclass
from dataclasses import field
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

# Bookkeeping fields that change on every save and say nothing to a reader.
ALWAYS_EXCLUDED = ("created_at", "updated_at")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: Any
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}.get(self.kind, "changed")

    @property
    def kind_label(self) -> str:
        return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}.get(self.kind, self.kind)


class _Formatter:
    """Turns stored values into readable text, looking related objects up once each."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self._related: dict[tuple[type[models.Model], Any], str] = {}

    def _related_name(self, related_model, pk) -> str:
        key = (related_model, pk)
        if key not in self._related:
            obj = related_model._default_manager.filter(pk=pk).first()
            # A related object deleted since keeps showing by its key.
            self._related[key] = str(obj) if obj is not None else f"#{pk}"
        return self._related[key]

    def label(self, name: str) -> str:
        try:
            return str(self.model._meta.get_field(name).verbose_name)
        except models.FieldDoesNotExist:
            return name

    def value(self, name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        try:
            model_field = self.model._meta.get_field(name)
        except models.FieldDoesNotExist:
            return str(value)
        if isinstance(value, list):
            # Many-to-many changes come as rows of the through table; show the far side.
            target = model_field.related_model
            names = []
            for row in value:
                pk = row.get(target._meta.model_name) if isinstance(row, dict) else row
                names.append(self._related_name(target, pk) if target else str(pk))
            return ", ".join(sorted(names))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if model_field.is_relation and model_field.related_model is not None:
            return self._related_name(model_field.related_model, value)
        return str(formats.localize(value))


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("system")
    return getattr(user, "display_name", None) or user.get_username()


def history_of(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """Every recorded version of `instance` the reader may notice, newest first, with the
    fields each one changed, leaving out the fields in `exclude`."""
    hidden = set(exclude)
    records = list(
        instance.history.select_related("history_user").order_by("history_date", "history_id")
    )
    fmt = _Formatter(type(instance))
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        if previous is None:
            # The first version: show the values it was created with.
            changes = []
            for f in type(instance)._meta.concrete_fields:
                if f.name in ALWAYS_EXCLUDED or f.name in hidden or f.primary_key:
                    continue
                raw = getattr(record, f.attname, None)
                if raw not in (None, ""):
                    changes.append(FieldChange(fmt.label(f.name), "—", fmt.value(f.name, raw)))
        else:
            delta = record.diff_against(previous, excluded_fields=ALWAYS_EXCLUDED)
            visible = [c for c in delta.changes if c.field not in hidden]
            if delta.changes and not visible and record.history_type == "~":
                previous = record
                continue
            changes = [
                FieldChange(
                    fmt.label(c.field), fmt.value(c.field, c.old), fmt.value(c.field, c.new)
                )
                for c in visible
            ]
        entries.append(
            HistoryEntry(record.history_date, _who(record), record.history_type, changes)
        )
        previous = record
    entries.reverse()
    return entries
