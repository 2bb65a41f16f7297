"""Where text typed by users is cleaned on input, once for every area (docs/architecture.md,
"Text on input"). The rules are common/text.py's; this module hooks them in at three doors:

- forms: every `forms.CharField` (so every form, the admin's included) cleans in `to_python`,
  before validation: a field of line breaks only is "required", and the page shows what will be
  stored. A `Textarea` keeps its line breaks; a password is left exactly as typed.
- the API: its parser cleans every string of a JSON body, query string or form body (NFC, no
  control characters), including free text inside JSON fields such as survey answers.
  In both, a NUL stays for the validators to refuse with a message (the forms' and schemas').
- the models: before a row of a ClusterHub app is saved, each `CharField` is made one line and
  each `TextField` cleaned. The API's schemas hold lengths, not kinds of text; the model knows
  which column is a single line, and imports, commands and the admin pass here too.
"""

import json

from django import forms
from django.db import models
from django.db.models.signals import pre_save
from ninja.parser import Parser

from clusterhub.common.text import clean_text
from clusterhub.common.text import single_line

_django_to_python = forms.CharField.to_python


def _clean_to_python(self, value):
    value = _django_to_python(self, value)
    if not isinstance(value, str) or not value or isinstance(self.widget, forms.PasswordInput):
        return value
    clean = clean_text if isinstance(self.widget, forms.Textarea) else single_line
    value = _keeping_nul(clean, value)
    return value if value else self.empty_value


def _keeping_nul(clean, value: str) -> str:
    # A NUL is left for the validators to refuse with a message (Django's forms and the API's
    # schemas do): it is a broken client or a probe, not a slip to tidy up silently.
    return "\x00".join(clean(part) for part in value.split("\x00"))


def _clean_json(value):
    if isinstance(value, str):
        return _keeping_nul(clean_text, value)
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {_clean_json(key): _clean_json(item) for key, item in value.items()}
    return value


class CleaningParser(Parser):
    """ninja's JSON parser, with every string cleaned (common/text.py's clean_text)."""

    def parse_body(self, request):
        return _clean_json(json.loads(request.body))

    def parse_querydict(self, data, list_fields, request):
        return _clean_json(super().parse_querydict(data, list_fields, request))


def clean_model_text(sender, instance, **kwargs) -> None:
    """pre_save: one line in each CharField, clean text in each TextField."""
    for field in sender._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if not isinstance(value, str) or not value:
            continue
        if isinstance(field, models.TextField):
            setattr(instance, field.attname, clean_text(value))
        elif isinstance(field, models.CharField):
            setattr(instance, field.attname, single_line(value))


def _is_project_model(sender) -> bool:
    return sender.__module__.startswith("clusterhub.")


def _clean_project_model_text(sender, instance, **kwargs) -> None:
    if _is_project_model(sender):
        clean_model_text(sender, instance)


def install() -> None:
    """Hook the cleaning into forms and models (the API's parser is set where the API is built).
    Called once, from the common app's ready()."""
    forms.CharField.to_python = _clean_to_python
    pre_save.connect(_clean_project_model_text, dispatch_uid="clusterhub-clean-text")
