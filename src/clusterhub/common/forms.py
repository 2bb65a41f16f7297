"""Form fields shared by every app."""

import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from clusterhub.common.text import clean_text

_SEPARATORS = re.compile(r"[,;\s]+")


class ListField(forms.Field):
    """A list of strings typed into one box: codes separated by commas, semicolons or spaces, or
    (with `one_per_line`) one item a line, for items that contain spaces.

    A stored list is shown joined the same way, so an empty list shows as an empty box (not the
    "[]" a plain text field would show, and then save as an item) and an unchanged edit saves
    the same list. The typed order is kept; a repeated code is dropped, while repeated lines stay
    (the caller decides whether they make sense, e.g. refuses too many).
    """

    def __init__(self, *, one_per_line: bool = False, max_length: int = 2000, **kwargs):
        self.one_per_line = one_per_line
        self.max_length = max_length
        kwargs.setdefault("required", False)
        if one_per_line:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(self.max_length)
        return attrs

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ("\n" if self.one_per_line else ", ").join(str(v) for v in value)
        return value

    def to_python(self, value) -> list[str]:
        if value in self.empty_values:
            return []
        if isinstance(value, list | tuple):
            parts = [str(v) for v in value]
        else:
            text = str(value)
            if len(text) > self.max_length:
                raise forms.ValidationError(
                    _("Keep this to %(limit)s characters (it has %(length)s)."),
                    code="max_length",
                    params={"limit": self.max_length, "length": len(text)},
                )
            parts = text.splitlines() if self.one_per_line else _SEPARATORS.split(text)
        # Not a CharField, so the project-wide text cleaning does not reach it: refuse a NUL
        # (as every text field does) and clean each item here.
        for part in parts:
            ProhibitNullCharactersValidator()(part)
        items = [clean_text(p).strip() for p in parts if clean_text(p).strip()]
        return items if self.one_per_line else list(dict.fromkeys(items))
