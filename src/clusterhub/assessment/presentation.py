"""Words for what scoring found: label gaps and improvements in the users' language.

Shared by pages, the PDF report and the API so that all three say the same thing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from clusterhub.assessment.enums import AnswerType
from clusterhub.assessment.evaluation import BANDED
from clusterhub.assessment.evaluation import bands_of
from clusterhub.assessment.models import Indicator
from clusterhub.common.numbers import format_number
from clusterhub.common.numbers import format_percent
from clusterhub.core.scoring import Gap
from clusterhub.core.scoring import Improvement
from clusterhub.core.scoring import Readiness


def _num(value: Decimal | None) -> str:
    if value is None:
        return "—"
    # Up to two decimals, without trailing zeros, in the reader's language ("12,5" in Latvian).
    value = Decimal(value).quantize(Decimal("0.01")).normalize()
    return format_number(value, max(0, -value.as_tuple().exponent))


def shown_value(answer) -> str:
    """An answer's value as the questionnaire's input shows it, and posts it back untouched."""
    kind = answer.indicator.answer_type
    if kind == AnswerType.CHOICE:
        return answer.choice or ""
    if kind == AnswerType.YES_NO:
        return {True: "yes", False: "no"}.get(answer.flag, "")
    if kind in (AnswerType.TEXT, AnswerType.EVIDENCE):
        return answer.text
    return "" if answer.number is None else floatformat(answer.number, "-2")


def describe_level(indicator: Indicator, points: Decimal) -> str:
    """What an answer must look like to earn `points` on this indicator."""
    if indicator.answer_type in BANDED:
        matching = [b for b in bands_of(indicator) if b.points == points]
        if matching:
            b = matching[0]
            unit = f" {indicator.local_unit}" if indicator.local_unit else ""
            if b.upper is None:
                return _("at least %(low)s%(unit)s") % {"low": _num(b.lower), "unit": unit}
            return _("%(low)s to under %(high)s%(unit)s") % {
                "low": _num(b.lower),
                "high": _num(b.upper),
                "unit": unit,
            }
    if indicator.answer_type == AnswerType.CHOICE:
        for _value, label, pts in indicator.local_options:
            if Decimal(pts) == points:
                return f"“{label}”"
    if indicator.answer_type == AnswerType.YES_NO:
        return _("yes") if points > 0 else _("no")
    return _("%(points)s points") % {"points": _num(points)}


@dataclass(frozen=True)
class Line:
    subject: str
    text: str


def gap_lines(ready: Readiness, indicators: dict[str, Indicator], areas: dict[str, str]):
    lines = []
    for g in ready.gaps:
        lines.append(Line(g.subject, _gap_text(g, indicators)))
    return lines


def _title(code: str, indicators: dict[str, Indicator]) -> str:
    ind = indicators.get(code)
    return f"{code} {ind.local_title}" if ind else code


def _gap_text(g: Gap, indicators: dict[str, Indicator]) -> str:
    if g.kind == "criterion":
        ind = indicators.get(g.subject)
        return _("%(ind)s: needs at least %(req)s %(unit)s, has %(act)s.") % {
            "ind": _title(g.subject, indicators),
            "req": _num(g.required),
            "unit": ind.local_unit if ind else "",
            "act": _num(g.actual),
        }
    if g.kind == "minimum":
        ind = indicators.get(g.subject)
        need = describe_level(ind, g.required) if ind else _num(g.required)
        return _("%(ind)s: minimum requirement not met (needs %(need)s).") % {
            "ind": _title(g.subject, indicators),
            "need": need,
        }
    if g.kind == "points":
        return _("Total score %(act)s is below the required %(req)s.") % {
            "act": format_percent(g.actual, "-2"),
            "req": format_percent(g.required, "-2"),
        }
    if g.kind == "previous":
        return _(
            "No earlier assessment that earned a Bronze label 18 to 24 months before this one."
        )
    if g.kind == "areas":
        return _("%(act)s areas improved against the earlier assessment; %(req)s needed.") % {
            "act": _num(g.actual),
            "req": _num(g.required),
        }
    return g.kind  # pragma: no cover - every kind is listed above


def improvement_lines(ready: Readiness, indicators: dict[str, Indicator], areas: dict[str, str]):
    lines = []
    for imp in ready.improvements:
        lines.append(Line(imp.subject, _improvement_text(imp, indicators, areas)))
    return lines


def _improvement_text(imp: Improvement, indicators: dict[str, Indicator], areas) -> str:
    if imp.kind == "criterion":
        ind = indicators.get(imp.subject)
        return _("Raise %(ind)s from %(cur)s to %(target)s %(unit)s.") % {
            "ind": _title(imp.subject, indicators),
            "cur": _num(imp.current),
            "target": _num(imp.target),
            "unit": ind.local_unit if ind else "",
        }
    if imp.kind == "area":
        return _("Improve %(area)s above %(target)s (now %(cur)s).") % {
            "area": areas.get(imp.subject, imp.subject),
            "target": format_percent(imp.target, "-2"),
            "cur": format_percent(imp.current, "-2"),
        }
    ind = indicators.get(imp.subject)
    return _("%(ind)s: reach %(level)s (%(cur)s → %(target)s points).") % {
        "ind": _title(imp.subject, indicators),
        "level": describe_level(ind, imp.target) if ind else "",
        "cur": _num(imp.current),
        "target": _num(imp.target),
    }


def readiness_view(readiness: dict[str, Readiness], indicators, areas) -> list[dict]:
    """Rows for templates: label, ready, gap texts, improvement texts."""
    labels = {"bronze": _("Bronze"), "silver": _("Silver"), "gold": _("Gold")}
    return [
        {
            "level": level,
            "label": labels[level],
            "ready": r.ready,
            "gaps": gap_lines(r, indicators, areas),
            "improvements": improvement_lines(r, indicators, areas),
        }
        for level, r in readiness.items()
    ]
