"""Dates read one way per language: templates use the named formats of clusterhub/formats/ only.

A literal date format in a template ("Y-m-d", "F j, Y", "m/d/Y") would show another order than
the rest of the pages; machine values keep ISO: 'c' (the `datetime` attribute of <time>) and
'Y-m-d' in an attribute (the value of a date input).
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "clusterhub"
NAMED = {
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
}
# Format characters that print a part of a date. Not a time, a time zone or a weekday name: a
# meeting slot within one event reads "Tue 10:30" in every language.
DATE_PARTS = set("djNwzWFmMnbtyYLoEUSrc")
FILTER = re.compile(r"""\|date:(["'])(?P<format>.*?)\1""")
IN_ATTRIBUTE = re.compile(r"""(value|min|max|datetime)="\{\{[^}]*$""")


def literal_date_formats(text: str) -> list[str]:
    found = []
    for match in FILTER.finditer(text):
        fmt = match["format"]
        if fmt in NAMED or not set(fmt) & DATE_PARTS:
            continue
        before = text[: match.start()]
        if fmt in ("c", "Y-m-d") and IN_ATTRIBUTE.search(before):
            continue
        found.append(fmt)
    return found


def test_the_check_finds_literal_formats_and_lets_machine_values_pass():
    assert literal_date_formats('{{ d|date:"Y-m-d" }} {{ d|date:"F j, Y" }}') == [
        "Y-m-d",
        "F j, Y",
    ]
    assert literal_date_formats("{{ d|date:'m/d/Y' }}") == ["m/d/Y"]
    assert (
        literal_date_formats(
            '<time datetime="{{ d|date:\'c\' }}">{{ d|date:"SHORT_DATE_FORMAT" }}</time>'
            '<input type="date" value="{{ d|date:\'Y-m-d\' }}"> {{ d|date:"H:i" }}'
            ' {{ d|date:"T" }} {{ d|date:"D H:i" }} {{ d }}'
        )
        == []
    )


def test_no_template_uses_a_literal_date_format():
    problems = []
    for path in sorted(SRC.rglob("templates/**/*.html")):
        for fmt in literal_date_formats(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(SRC)}: {fmt}")
    assert problems == []


DAY = dt.date(2026, 12, 5)
WHEN = dt.datetime(2026, 12, 5, 9, 7)


@pytest.mark.parametrize(
    ("language", "date", "short_date", "datetime", "year_month"),
    [
        ("en", "5 Dec 2026", "5 Dec 2026", "5 Dec 2026, 09:07", "Dec 2026"),
        ("lv", "05.12.2026.", "05.12.2026.", "05.12.2026. 09:07", "12.2026."),
        ("et", "05.12.2026", "05.12.2026", "05.12.2026 09:07", "12.2026"),
        ("sv", "2026-12-05", "2026-12-05", "2026-12-05 09:07", "2026-12"),
    ],
)
def test_each_language_has_one_unambiguous_format(language, date, short_date, datetime, year_month):
    template = Template(
        '{{ d|date }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ t|date:"SHORT_DATETIME_FORMAT" }}'
        '|{{ t|date:"DATETIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}'
    )
    with translation.override(language):
        text = template.render(Context({"d": DAY, "t": WHEN}))
    assert text == f"{date}|{short_date}|{datetime}|{datetime}|{year_month}"
