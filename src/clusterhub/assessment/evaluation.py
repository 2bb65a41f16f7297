"""The bridge between stored answers and the pure scoring in core/scoring.py.

An indicator's `scoring` JSON (written by loader.py) is turned into bands/options; an answer is
turned into a measure, a level and points; an assessment into a core Score and label readiness.
"""

from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterhub.assessment.enums import AnswerType
from clusterhub.assessment.enums import LabelLevel
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Indicator
from clusterhub.core.scoring import Band
from clusterhub.core.scoring import Criterion
from clusterhub.core.scoring import IndicatorResult
from clusterhub.core.scoring import PastAssessment
from clusterhub.core.scoring import Readiness
from clusterhub.core.scoring import Score
from clusterhub.core.scoring import band_level
from clusterhub.core.scoring import bronze_readiness
from clusterhub.core.scoring import gold_readiness
from clusterhub.core.scoring import score
from clusterhub.core.scoring import silver_readiness

BANDED = {AnswerType.NUMBER, AnswerType.PERCENTAGE, AnswerType.TEXT, AnswerType.EVIDENCE}


def bands_of(indicator: Indicator) -> list[Band]:
    """The indicator's bands, parsed once per loaded instance (frameworks are never edited)."""
    cached = indicator.__dict__.get("_bands")
    if cached is None:
        cached = [
            Band(Decimal(lo), None if hi is None else Decimal(hi), Decimal(pts))
            for lo, hi, pts in indicator.scoring["bands"]
        ]
        indicator.__dict__["_bands"] = cached
    return cached


def levels_of(indicator: Indicator) -> tuple[Decimal, ...]:
    cached = indicator.__dict__.get("_levels")
    if cached is None:
        cached = tuple(Decimal(p) for p in indicator.scoring["levels"])
        indicator.__dict__["_levels"] = cached
    return cached


def text_items(text: str) -> int:
    """Text answers list items one per line; blank lines do not count."""
    return sum(1 for line in text.splitlines() if line.strip())


def measure(indicator: Indicator, answer: Answer, evidence_count: int) -> Decimal | None:
    """The quantity the bands are applied to, None when unanswered."""
    kind = indicator.answer_type
    if kind in (AnswerType.NUMBER, AnswerType.PERCENTAGE):
        return answer.number
    if kind == AnswerType.TEXT:
        return Decimal(text_items(answer.text)) if answer.answered else None
    if kind == AnswerType.EVIDENCE:
        return Decimal(evidence_count) if answer.answered or evidence_count else None
    return None


def placed_points(indicator: Indicator, answer: Answer, evidence_count: int) -> Decimal | None:
    """Points the answer earns by the framework's rule (None = unanswered)."""
    kind = indicator.answer_type
    if kind in BANDED:
        m = measure(indicator, answer, evidence_count)
        if m is None:
            return None
        bands = bands_of(indicator)
        level = band_level(bands, m)
        return None if level is None else bands[level].points
    if kind == AnswerType.CHOICE:
        for value, _label, pts in indicator.scoring["options"]:
            if value == answer.choice:
                return Decimal(pts)
        return None
    if answer.flag is None:
        return None
    return Decimal(indicator.scoring["yes_points"]) if answer.flag else Decimal(0)


def indicator_result(
    indicator: Indicator, answer: Answer, evidence_count: int, reached: object = ...
) -> IndicatorResult:
    """The answer on the indicator's levels; pass `reached` when placed_points is known."""
    levels = levels_of(indicator)
    if reached is ...:
        reached = placed_points(indicator, answer, evidence_count)
    minimum_points = indicator.scoring.get("minimum_points")
    return IndicatorResult(
        code=indicator.code,
        area=indicator.area.code,
        levels=levels,
        level=None if reached is None else levels.index(reached),
        points=answer.effective_points,
        minimum_level=None if minimum_points is None else levels.index(Decimal(minimum_points)),
    )


def clean_input(indicator: Indicator, raw: object) -> dict:
    """Turn a submitted value into answer fields, or raise ValidationError naming the indicator.

    `raw` is what a form or the API sent: text for numbers, choices and text, "yes"/"no" or a
    bool for yes/no. Empty input clears the answer.
    """
    kind = indicator.answer_type
    field = indicator.code
    fields = {"number": None, "choice": "", "flag": None, "text": "", "answered": False}
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return fields
    if kind in (AnswerType.NUMBER, AnswerType.PERCENTAGE):
        text = str(raw).strip().replace(",", ".").removesuffix("%").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError({field: _("Enter a number.")}) from None
        if not number.is_finite():
            raise ValidationError({field: _("Enter a number.")})
        low = Decimal(indicator.scoring["min"])
        high = indicator.scoring.get("max")
        if number < low or (high is not None and number > Decimal(high)):
            raise ValidationError(
                {
                    field: _("Enter a value from %(low)s to %(high)s %(unit)s.")
                    % {
                        "low": low,
                        "high": high if high is not None else "∞",
                        "unit": indicator.local_unit,
                    }
                }
            )
        if number != number.quantize(Decimal("0.01")):
            raise ValidationError({field: _("Use at most two decimals.")})
        fields |= {"number": number, "answered": True}
    elif kind == AnswerType.CHOICE:
        values = [o[0] for o in indicator.scoring["options"]]
        if str(raw) not in values:
            raise ValidationError({field: _("Choose one of: %(v)s.") % {"v": ", ".join(values)}})
        fields |= {"choice": str(raw), "answered": True}
    elif kind == AnswerType.YES_NO:
        value = str(raw).strip().lower() if not isinstance(raw, bool) else raw
        if value in (True, "yes", "true", "1", "on"):
            fields |= {"flag": True, "answered": True}
        elif value in (False, "no", "false", "0", "off"):
            fields |= {"flag": False, "answered": True}
        else:
            raise ValidationError({field: _("Answer yes or no.")})
    else:  # text or evidence list (the note beside the evidence)
        text = str(raw)
        if len(text) > 10000:
            raise ValidationError({field: _("Keep the answer under 10,000 characters.")})
        fields |= {"text": text.strip(), "answered": True}
    return fields


@dataclass(frozen=True)
class Evaluation:
    """Everything scoring needs about one assessment, loaded once."""

    assessment: Assessment
    answers: list[Answer]
    results: list[IndicatorResult]
    score: Score


def evaluate(assessment: Assessment) -> Evaluation:
    answers = list(
        Answer.objects.filter(assessment=assessment)
        .select_related("indicator", "indicator__area")
        .prefetch_related("evidence")
        .order_by("indicator__position")
    )
    results = [indicator_result(a.indicator, a, len(a.evidence.all())) for a in answers]
    area_order = list(assessment.framework.areas.values_list("code", flat=True))
    return Evaluation(assessment, answers, results, score(results, area_order))


def readiness(evaluation: Evaluation) -> dict[str, Readiness]:
    """Bronze, Silver and Gold readiness by the framework version's own label rules."""
    a = evaluation.assessment
    rules = a.framework.label_rules
    measures = {}
    for ans in evaluation.answers:
        measures[ans.indicator.code] = measure(ans.indicator, ans, len(ans.evidence.all()))
    bronze = bronze_readiness(
        [Criterion(c["indicator"], Decimal(c["minimum"])) for c in rules["bronze"]["criteria"]],
        measures,
    )
    gold_rules = rules["gold"]
    gold = gold_readiness(
        evaluation.results,
        min_percent=Decimal(gold_rules["min_percent"]),
        require_minimums=gold_rules.get("require_minimums", True),
    )
    silver_rules = rules["silver"]
    # Silver builds on a Bronze: only an earlier assessment that earned one counts.
    earlier = (
        Assessment.objects.filter(
            cluster_id=a.cluster_id,
            framework__code=a.framework.code,
            awards__level=LabelLevel.BRONZE,
        )
        .exclude(status="draft")
        .exclude(pk=a.pk)
        .distinct()
    )
    previous = [
        PastAssessment(
            p.assessed_on, {k: Decimal(str(v)) for k, v in (p.area_percents or {}).items()}
        )
        for p in earlier
        if p.assessed_on < a.assessed_on
    ]
    unmet = (
        [g for g in gold.gaps if g.kind == "minimum"]
        if silver_rules.get("require_minimums", True)
        else []
    )
    silver = silver_readiness(
        assessed_on=a.assessed_on,
        area_percents=evaluation.score.area_percents(),
        previous=previous,
        months_min=int(Decimal(silver_rules["previous_months_min"])),
        months_max=int(Decimal(silver_rules["previous_months_max"])),
        improved_areas_min=int(Decimal(silver_rules["improved_areas_min"])),
        unmet_minimums=unmet,
    )
    return {"bronze": bronze, "silver": silver, "gold": gold}
