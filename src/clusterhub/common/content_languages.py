"""Forms for organisers' texts kept in several languages (docs/translation.md).

django-modeltranslation gives each translated field one column per language (`title_en`,
`title_lv`...). The English column holds the original text: the one every reader sees until a
translation in their language exists. A page form shows:

- the main field (`title`), which always edits the original, whatever the interface language:
  left to modeltranslation, it would edit the column of the editor's language and, on an
  unchanged save, copy the fallback text into it, freezing a stale copy;
- an "Other languages" group with one optional field per other language (`title_lv`...).
"""

import simple_history
from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import override
from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import translator
from pydantic import create_model

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
OTHER_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE)


def translate(model, *fields: str, history: bool = False) -> None:
    """Keep `fields` of `model` in every content language: an area's `translation.py` calls this.

    With `history`, the model's change history is registered here, after modeltranslation has
    added the per-language columns, so that django-simple-history's copy has them too (its
    documented way of working with django-modeltranslation); a `HistoricalRecords()` on the
    model would be built without them.
    """
    options = type(f"{model.__name__}Translation", (TranslationOptions,), {"fields": fields})
    translator.register(model, options)
    if history:
        simple_history.register(model)


def other_language_fields(*names: str) -> list[str]:
    """Form field names of the other languages' columns of `names`, grouped by field."""
    return [f"{name}_{code}" for name in names for code in OTHER_LANGUAGES]


class ContentLanguagesFormMixin:
    """ModelForm mixin: `translated_fields` names the fields kept in several languages.

    List `other_language_fields(*translated_fields)` in the form's Meta.fields as well.
    """

    translated_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = kwargs.get("initial") or {}
        if self.instance.pk:
            with override(SOURCE_LANGUAGE):
                for name in self.translated_fields:
                    if name in self.fields and name not in given:
                        self.initial[name] = getattr(self.instance, name)
        for name in self.language_field_names:
            field = self.fields[name]
            base, code = name.rsplit("_", 1)
            language = get_language_info(code)["name_translated"]
            field.label = format_lazy("{} ({})", self.fields[base].label, language)
            field.required = False
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4

    @property
    def language_field_names(self) -> list[str]:
        return [
            name for name in other_language_fields(*self.translated_fields) if name in self.fields
        ]

    def visible_fields(self):
        """The main fields; the other languages' fields come in their own group."""
        names = set(self.language_field_names)
        return [field for field in super().visible_fields() if field.name not in names]

    def other_language_fields(self):
        return [self[name] for name in self.language_field_names]

    def other_languages_filled(self) -> bool:
        """Open the group when it holds text or an error, so nothing is hidden from the editor."""
        return any(self[name].value() or self[name].errors for name in self.language_field_names)

    def _post_clean(self):
        # The main field's value goes to the original (English) column, not the editor's language.
        with override(SOURCE_LANGUAGE):
            super()._post_clean()


# --- API schemas -----------------------------------------------------------------------------

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class _SkipUnsentLanguages:
    """A per-language field left out of the input (None) is not passed on to the model.

    Passed on as None, it would win over `title`: modeltranslation fills the request language's
    column from `title` only when that column is not given explicitly.
    """

    def model_dump(self, *args, **kwargs):
        data = super().model_dump(*args, **kwargs)
        for name in type(self).model_fields:
            if name.rpartition("_")[2] in LANGUAGE_CODES and data.get(name, "") is None:
                del data[name]
        return data


def languages_schema(schema_name: str, base: type, /, *, output: bool = False, **fields) -> type:
    """A schema with an optional `<field>_<code>` member per field and language, e.g. `title_lv`.

    `fields` maps each translated field to its type (the input's length-limited text, or `str`
    for output). As input, languages left out are left unchanged; as output, every language
    is listed, null where no text was written.
    """
    members = {
        f"{field}_{code}": (kind | None, None)
        for field, kind in fields.items()
        for code in LANGUAGE_CODES
    }
    bases = base if output else (_SkipUnsentLanguages, base)
    return create_model(schema_name, __base__=bases, **members)
