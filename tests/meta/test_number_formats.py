"""Numbers, shares and amounts shown to people go through the localised filters and helpers
(issue 14, point 5), so hand-made formatting does not creep back in.

Templates: `|money`, `|percent`, `|number` and `|floatformat` localise; a bare `{{ x }} %`, an
"EUR" or "€" written beside a variable, or `|stringformat` do not. Chart code (SVG): a format
spec such as `:.1f` is fine for a coordinate inside an attribute, never for the text a reader
sees; `:,` grouping and `%.1f` never. Python messages: no "%(x)s EUR" or "%(x)s %%" — pass the
number through common/numbers.py instead. Machine formats (CSV, JSON, iCal) are not checked.
"""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "clusterhub"
TEMPLATES = sorted(SRC.glob("*/templates/**/*.html"))
CHARTS = sorted([SRC / "common" / "charts.py", *SRC.glob("*/charts.py")])
PYTHON = sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)

TEMPLATE_RULES = {
    "a bare number before a per cent sign (use |percent)": re.compile(r"\}\}\s?%(?!\})"),
    "a currency written beside a variable (use |money)": re.compile(r"\}\}\s?(?:EUR\b|€)|€\s?\{\{"),
    "stringformat (use |floatformat, |number, |money or |percent)": re.compile(r"\|stringformat"),
}

# (file relative to src/clusterhub, the exact text allowed, why)
TEMPLATE_ALLOWED: list[tuple[str, str, str]] = []

PYTHON_RULES = {
    "an amount followed by a hard-coded currency (use format_money)": re.compile(
        r"%\(\w+\)s\s?(?:EUR\b|€)|€\s?%\(\w+\)s"
    ),
    "a number followed by a hard-coded per cent sign (use format_percent)": re.compile(
        r"%\(\w+\)s\s?%%"
    ),
}

# A format spec inside an f-string placeholder: {value:.1f}, {x + 3:.1f}, {v:,.0f}.
SPEC = re.compile(r"\{([^{}]*?):([^{}]*)\}")


def _allowed(path: Path, text: str) -> bool:
    rel = path.relative_to(SRC).as_posix()
    return any(rel == f and allowed in text for f, allowed, _why in TEMPLATE_ALLOWED)


def _template_problems() -> list[str]:
    problems = []
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for rule, rx in TEMPLATE_RULES.items():
                for m in rx.finditer(line):
                    window = line[max(m.start() - 40, 0) : m.end() + 20]
                    if not _allowed(path, window):
                        problems.append(f"{path.relative_to(SRC)}:{number}: {rule}: {window!r}")
    return problems


def _chart_problems_in(text: str, name: str) -> list[str]:
    """Format specs in chart code: allowed only where they make a coordinate.

    A coordinate sits in an attribute value (`="{x:.1f}"`) or a point list (`{x:.1f},{y:.1f}`);
    a spec followed by `<` or preceded by `>` writes text a person reads, which must come from
    common/numbers.py in the reader's language.
    """
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(r"%\.\d+f|%d%%", line):
            problems.append(f"{name}:{number}: printf-style number formatting: {line.strip()!r}")
        for m in SPEC.finditer(line):
            spec = m.group(2)
            if not re.fullmatch(r"[,.\d]*[fdg%]?", spec) or spec == "":
                continue  # not a number format (a nested placeholder, a conversion)
            before, after = line[: m.start()], line[m.end() :]
            if "," in spec.split(".")[0] or spec.endswith("%"):
                problems.append(f"{name}:{number}: hand-made grouping or share: {m.group(0)}")
                continue
            in_attribute = before.endswith(('="', ",", " ")) and '="' in before
            in_point_list = after.startswith(",") or before.endswith(",")
            closes_attribute = after.startswith('"') and '="' in before
            writes_text = before.endswith(">") or after.startswith("<")
            if writes_text or not (in_attribute or in_point_list or closes_attribute):
                problems.append(f"{name}:{number}: a number formatted for reading: {m.group(0)}")
    return problems


def _python_problems() -> list[str]:
    problems = []
    for path in PYTHON:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for rule, rx in PYTHON_RULES.items():
                if rx.search(line):
                    problems.append(f"{path.relative_to(SRC)}:{number}: {rule}: {line.strip()!r}")
    return problems


def test_templates_format_numbers_through_the_localised_filters():
    assert TEMPLATES, "no templates found: the glob is wrong"
    assert _template_problems() == []


def test_chart_text_is_localised_and_only_coordinates_use_format_specs():
    assert len(CHARTS) >= 5
    problems = []
    for path in CHARTS:
        problems += _chart_problems_in(path.read_text(encoding="utf-8"), path.name)
    assert problems == []


def test_messages_do_not_write_a_currency_or_per_cent_sign_beside_a_number():
    assert _python_problems() == []


def test_every_allowance_is_still_needed():
    """An allowance whose text has gone is removed, so the list stays short and true."""
    for rel, text, _why in TEMPLATE_ALLOWED:
        assert text in (SRC / rel).read_text(encoding="utf-8"), rel


@pytest.mark.parametrize(
    ("line", "caught"),
    [
        ('f\'<text x="{x:.1f}" y="4">{value:.1f}</text>\'', True),
        ("f'<title>{title}: {share:.0f} %</title>'", True),
        ('return f"{value:,.0f}"', True),
        ('label = "%.1f" % value', True),
        ('f\'<rect x="{x:.1f}" width="{w:.1f}" height="4"/>\'', False),
        ('coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)', False),
        ('f\'<text x="{x + 3:.1f}" y="{y:.1f}">{escape(label)}</text>\'', False),
    ],
)
def test_the_chart_rule_tells_coordinates_from_text(line, caught):
    assert bool(_chart_problems_in(line, "example.py")) is caught


@pytest.mark.parametrize(
    ("line", "caught"),
    [
        ("<td>{{ row.percent }} %</td>", True),
        ("<td>{{ amount|money }} EUR</td>", True),
        ("<td>€{{ amount }}</td>", True),
        ("<td>{{ row.percent|percent }}</td>", False),
        ('{% translate "above 90 %" %}', False),
        ("{% if a %}{{ b }}{% endif %}", False),
    ],
)
def test_the_template_rules_catch_what_they_should(line, caught):
    hits = [rx for rx in TEMPLATE_RULES.values() if rx.search(line)]
    assert bool(hits) is caught
