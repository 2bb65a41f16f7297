"""The lv, et and sv catalogues (issue 14): every message translated and none fuzzy, accepted by
`msgfmt -c`, placeholders kept, current with the code, and the committed .mo files compiled from
them and shipped in the package (docs/translation.md, "How the catalogues are built")."""

import re
import shutil
import subprocess
import tomllib
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.utils.translation import pgettext_lazy

import clusterhub

PACKAGE = Path(clusterhub.__file__).parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ("lv", "et", "sv")
PLURAL_FORMS = {
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "et": "nplurals=2; plural=(n != 1);",
    "sv": "nplurals=2; plural=(n != 1);",
}
# A printf directive as Python's % operator reads it: %(name)s, %s, %d, %.1f, %(s).1f; and %%.
PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(po_path(lang)))


def key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def forms(entry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def placeholders(text: str, entry) -> Counter:
    """The format directives of a message (a multiset: `%s %s` has two); `%%` is text."""
    if "python-format" not in entry.flags:
        return Counter()
    return Counter(m[0] for m in PYTHON_FORMAT.finditer(text) if m[0] != "%%")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_in_all_plural_forms_and_none_is_fuzzy(lang):
    po = catalogue(lang)
    assert po.metadata["Plural-Forms"] == PLURAL_FORMS[lang]
    nplurals = int(PLURAL_FORMS[lang].split(";")[0].removeprefix("nplurals="))
    untranslated = [
        key(e) for e in po if not all(forms(e)) or (e.msgid_plural and len(forms(e)) != nplurals)
    ]
    fuzzy = [key(e) for e in po if "fuzzy" in e.flags]
    obsolete = [key(e) for e in po.obsolete_entries()]
    assert {"untranslated": untranslated, "fuzzy": fuzzy, "obsolete": obsolete} == {
        "untranslated": [],
        "fuzzy": [],
        "obsolete": [],
    }
    assert len(po) > 2000


@pytest.mark.skipif(
    shutil.which("msgfmt") is None,
    reason="GNU gettext's msgfmt is not installed (apt-get install gettext): the msgfmt -c "
    "check cannot run here; the other catalogue checks do not need it",
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_msgfmt_check_accepts_the_catalogue_without_a_word(lang, tmp_path):
    result = subprocess.run(  # noqa: S603  # fixed arguments, our own file
        ["msgfmt", "-c", "-o", str(tmp_path / "django.mo"), str(po_path(lang))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_translation_keeps_the_placeholders_of_its_english(lang):
    """A plural form may have the placeholders of either English form ("One token" / "%(n)s
    tokens"), never others and never fewer."""
    wrong = []
    for entry in catalogue(lang):
        english = [placeholders(entry.msgid, entry)]
        if entry.msgid_plural:
            english.append(placeholders(entry.msgid_plural, entry))
        for i, text in enumerate(forms(entry)):
            if placeholders(text, entry) not in english:
                wrong.append((entry.msgid, i, text))
    assert wrong == []


def test_the_placeholder_check_tells_a_changed_placeholder():
    entry = polib.POEntry(msgid="%(n)s of %(total)s", msgstr="%(n)s no %(kopā)s")
    entry.flags = ["python-format"]
    assert placeholders(entry.msgid, entry) == Counter({"%(n)s": 1, "%(total)s": 1})
    assert placeholders(entry.msgstr, entry) != placeholders(entry.msgid, entry)
    assert placeholders("100 %% of %s and %.1f s", entry) == Counter({"%s": 1, "%.1f": 1})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_counts_with_a_bracketed_s(lang):
    """Plurals go through ngettext / blocktranslate count, never "token(s)"."""
    assert [e.msgid for e in catalogue(lang) if re.search(r"\w\((s|es|i)\)", e.msgid)] == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="GNU gettext's xgettext is not installed (apt-get install gettext): makemessages "
    "cannot run here",
)
def test_the_catalogues_hold_exactly_the_messages_of_the_code(tmp_path, monkeypatch, settings):
    """makemessages over a copy of the source (it writes files next to the templates it reads)
    finds the same message ids as each committed catalogue: none missing, none left over.
    About a second on this machine (2 cores)."""
    source = tmp_path / "clusterhub"
    shutil.copytree(
        PACKAGE, source, ignore=shutil.ignore_patterns("locale", "static", "__pycache__")
    )
    monkeypatch.chdir(source)
    settings.LOCALE_PATHS = [source / "locale"]
    call_command("makemessages", locale=["et"], verbosity=0)
    fresh = {key(e) for e in polib.pofile(str(source / "locale/et/LC_MESSAGES/django.po"))}
    assert len(fresh) > 2000
    for lang in LANGUAGES:
        committed = {key(e) for e in catalogue(lang)}
        assert {"missing": sorted(fresh - committed), "left over": sorted(committed - fresh)} == {
            "missing": [],
            "left over": [],
        }, lang


def compiled_messages(entries) -> dict:
    return {key(e): tuple(forms(e)) for e in entries}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_its_po(lang):
    """The .mo files are committed so that an install needs no GNU gettext; each must hold
    exactly its .po's translated, non-fuzzy messages and header (whatever compiled it)."""
    po = catalogue(lang)
    mo = polib.mofile(str(po_path(lang).with_suffix(".mo")))
    # msgfmt leaves out the date the ids were extracted; it changes no translation.
    header = {k: v for k, v in po.metadata.items() if k != "POT-Creation-Date"}
    assert {k: v for k, v in mo.metadata.items() if k != "POT-Creation-Date"} == header
    expected = compiled_messages(e for e in po if "fuzzy" not in e.flags and all(forms(e)))
    assert compiled_messages(mo) == expected


def test_a_stale_mo_file_is_told_apart(tmp_path):
    po = catalogue("sv")
    changed = next(e for e in po if e.msgid == "Language")
    changed.msgstr = "Språket"
    po.save_as_mofile(str(tmp_path / "django.mo"))
    stale = polib.mofile(str(tmp_path / "django.mo"))
    assert compiled_messages(stale) != compiled_messages(catalogue("sv"))


def test_the_package_data_ships_the_compiled_catalogues():
    pyproject = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    for lang in LANGUAGES:
        assert po_path(lang).with_suffix(".mo") in shipped, lang


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        # Latvian: one form for 1, 21, 31 ..., one for other non-zero numbers, one for zero.
        (
            "lv",
            {
                1: "Atrasta 1 problēma; nekas netika ierakstīts.",
                21: "Atrasta 21 problēma; nekas netika ierakstīts.",
                2: "Atrastas 2 problēmas; nekas netika ierakstīts.",
                11: "Atrastas 11 problēmas; nekas netika ierakstīts.",
                0: "Atrasts 0 problēmu; nekas netika ierakstīts.",
            },
        ),
        (
            "et",
            {
                1: "Leiti 1 probleem; midagi ei kirjutatud.",
                2: "Leiti 2 probleemi; midagi ei kirjutatud.",
                0: "Leiti 0 probleemi; midagi ei kirjutatud.",
            },
        ),
        (
            "sv",
            {
                1: "Återkallade 1 aktiv token för alice.",
                2: "Återkallade 2 aktiva token för alice.",
                0: "Återkallade 0 aktiva token för alice.",
            },
        ),
    ],
)
def test_a_count_picks_the_plural_form_of_the_language(lang, counts):
    singular, plural = {
        "sv": ("Revoked %(n)s active token of %(u)s.", "Revoked %(n)s active tokens of %(u)s."),
    }.get(
        lang,
        ("%(n)s problem found; nothing was written.", "%(n)s problems found; nothing was written."),
    )
    with translation.override(lang):
        shown = {n: ngettext(singular, plural, n) % {"n": n, "u": "alice"} for n in counts}
    assert shown == counts


def test_each_sense_of_an_ambiguous_english_word_has_its_own_translation():
    from clusterhub.events.enums import RegistrationStatus
    from clusterhub.events.forms import FeedbackForm
    from clusterhub.strategy.enums import ActionStatus
    from clusterhub.strategy.forms import TemplateForm

    def say(lang: str, text) -> str:
        with translation.override(lang):
            return str(text)

    organisation_criterion = FeedbackForm.base_fields["organisation"].label
    assert [say("et", _("Organisation")), say("et", organisation_criterion)] == [
        "Organisatsioon",
        "Korraldus",
    ]
    assert [say("lv", _("Organisation")), say("lv", organisation_criterion)] == [
        "Organizācija",
        "Organizēšana",
    ]
    assert [
        say("sv", RegistrationStatus.CANCELLED.label),
        say("sv", ActionStatus.CANCELLED.label),
    ] == ["Avbokad", "Inställd"]
    assert [
        say("lv", pgettext_lazy("button", "Start")),
        say("lv", TemplateForm.base_fields["start"].label),
    ] == [
        "Sākt",
        "Sākums",
    ]
    assert [
        say("sv", pgettext_lazy("button", "Link")),
        say("sv", pgettext_lazy("column header", "Link")),
    ] == ["Länka", "Länk"]
