"""Demo of the assessment area, on top of the registry's 5FOREXCELLENCE demo (idempotent).

- the shipped framework is imported;
- every demo cluster has a submitted assessment; LITC's earlier one is approved by the demo
  expert and holds a Bronze label that expires within months (a reminder shows), and LITC has a
  draft for this year that the manager can fill in;
- HAV-FOOD has two assessments 20 months apart, the first with a Bronze label, the later improved
  in four areas (Silver ready);
- 20 demo peer clusters, acronyms PEER-01..PEER-20 and described as demo peers, with one
  submitted assessment each, so that peer charts have groups of five or more.

Everything goes through domain verbs (registry and assessment); answers are drawn from a fixed
seed so that the demo is the same every time.
"""

import random
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from clusterhub.accounts.models import User
from clusterhub.assessment import domain
from clusterhub.assessment import loader
from clusterhub.assessment.enums import AnswerType
from clusterhub.assessment.evaluation import BANDED
from clusterhub.assessment.evaluation import bands_of
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Framework
from clusterhub.core.months import add_months
from clusterhub.registry.domain import save_cluster
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme

FRAMEWORK_FILE = Path(__file__).parent / "frameworks" / "clusterhub-ecei-2026.yaml"
PEER_PREFIX = "PEER-"
PEER_COUNTRIES = ("LV", "EE", "SE", "LT", "FI", "DE", "PL", "DK")
PEER_SECTORS = ("ict", "food", "transport", "ict", "energy_environment", "food", "transport")
EVIDENCE_LINK = "https://demo.example/evidence"
SEED = 20260301


def _framework() -> Framework:
    # Importing an existing version again updates its texts, so a demo re-run picks up new
    # translations of the shipped file.
    return domain.import_framework(definition=loader.read_file(FRAMEWORK_FILE))


def _input_for(indicator, points: Decimal, rng: random.Random):
    """An answer that earns `points` on the indicator (None: leave to evidence)."""
    kind = indicator.answer_type
    if kind in BANDED:
        band = next(b for b in bands_of(indicator) if b.points == points)
        low = band.lower
        if kind == AnswerType.TEXT:
            return "\n".join(f"Demo success story {i + 1}" for i in range(int(low)))
        if kind == AnswerType.EVIDENCE:
            return int(low)
        # A whole number a little inside the band, when the band is wide enough for one.
        high = band.upper if band.upper is not None else low * 2 + 5
        cap = indicator.scoring.get("max")
        if cap is not None:
            high = min(high, Decimal(cap))
        value = (low + (high - low) * Decimal(rng.randint(0, 60)) / 100).to_integral_value()
        inside = value >= low and (band.upper is None or value < band.upper)
        return str(value if inside and (cap is None or value <= Decimal(cap)) else low)
    if kind == AnswerType.CHOICE:
        return next(v for v, _label, p in indicator.scoring["options"] if Decimal(p) == points)
    return "yes" if points > 0 else "no"


def _fill(assessment: Assessment, quality: float, rng: random.Random, *, peer: bool = False):
    """Answer every open indicator at about `quality` (0..1) of its levels, keeping minimums so
    that a demo cluster is not refused for one. Demo peers have no members in the registry, so
    their computed figures are replaced too (with a reason, as a user would). The values are
    saved together, so the assessment is rescored once rather than after every answer."""
    values = []
    for answer in assessment.answers.select_related("indicator").order_by("indicator__position"):
        ind = answer.indicator
        if answer.computed_number is not None and not peer:
            continue
        levels = [Decimal(p) for p in ind.scoring["levels"]]
        index = round(quality * (len(levels) - 1) + rng.uniform(-0.8, 0.8))
        index = max(0, min(len(levels) - 1, index))
        points = levels[index]
        minimum = ind.scoring.get("minimum_points")
        if minimum is not None:
            points = max(points, Decimal(minimum))
        value = _input_for(ind, points, rng)
        if ind.answer_type == AnswerType.EVIDENCE:
            for i in range(int(value)):
                domain.add_evidence(answer=answer, link=f"{EVIDENCE_LINK}/{ind.code}/{i + 1}")
            if not value:
                values.append((answer, "No awards in this period.", ""))
            continue
        reason = "Demo peer: figure from its own records." if peer else ""
        values.append((answer, value, reason))
        if ind.scoring.get("evidence_required") and points > 0:
            domain.add_evidence(
                answer=answer, link=f"{EVIDENCE_LINK}/{ind.code}", description="Demo document"
            )
    domain.save_answers(assessment=assessment, values=values)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _assess(
    cluster,
    framework,
    *,
    end: date,
    quality: float,
    rng,
    programme=None,
    user=None,
    submit: bool = True,
    peer: bool = False,
) -> Assessment:
    assessment = domain.start_assessment(
        cluster=cluster,
        framework=framework,
        period_start=add_months(end, -12),
        period_end=end,
        programme=programme,
        user=user,
    )
    _fill(assessment, quality, rng, peer=peer)
    if submit:
        domain.submit_assessment(assessment=assessment, on=_at(end))
    assessment.refresh_from_db()
    return assessment


def _peers(framework: Framework, rng: random.Random, end: date) -> None:
    for n in range(1, 21):
        acronym = f"{PEER_PREFIX}{n:02d}"
        cluster = Cluster.objects.filter(acronym=acronym).first()
        if cluster is None:
            cluster = save_cluster(
                cluster=Cluster(
                    name=f"Demo peer cluster {n:02d}",
                    acronym=acronym,
                    country=PEER_COUNTRIES[n % len(PEER_COUNTRIES)],
                    sector_group=PEER_SECTORS[n % len(PEER_SECTORS)],
                    founded=2000 + n % 15,
                    management_fte=Decimal(n % 6) + Decimal("0.5"),
                    description="Demo peer: a made-up cluster so that peer charts have groups "
                    "of five or more. Not a real organisation.",
                )
            )
        if not cluster.assessments.exists():
            _assess(cluster, framework, end=end, quality=rng.uniform(0.2, 0.95), rng=rng, peer=True)


def _litc(litc, framework, programme, users, today: date, rng) -> None:
    """A reviewed, approved and labelled assessment two years ago, and this year's draft."""
    if not litc.assessments.exists():
        earlier = _assess(
            litc,
            framework,
            end=add_months(today, -22),
            quality=0.55,
            rng=rng,
            programme=programme,
            user=users.get("manager"),
        )
        expert = users.get("expert")
        if expert is not None:
            review = domain.assign_expert(
                assessment=earlier, expert=expert, assigned_by=users.get("coordinator")
            )
            fte = earlier.answers.get(indicator__code="SE01")
            domain.review_answer(
                review=review,
                answer=fte,
                comment="Two of the listed service categories are run by a partner.",
                points=max(Decimal(0), fte.points - 1),
                reason="Only services run by the cluster management count.",
            )
            domain.save_findings(
                review=review,
                strengths="Strong, committed IT membership; experienced management team.",
                weaknesses="Few international activities; no member satisfaction survey "
                "results before this year.",
                recommendations="Run a yearly satisfaction survey; plan two trade missions "
                "a year with the logistics and food clusters; publish success stories.",
            )
            domain.approve_review(review=review)
            domain.award_label(
                assessment=earlier,
                level="bronze",
                awarded_on=add_months(today, -21),
                awarded_by=users.get("coordinator"),
            )
        # This year's self-assessment, left as a draft for the manager to complete.
        domain.start_assessment(
            cluster=litc,
            framework=framework,
            period_start=today.replace(month=1, day=1),
            period_end=today,
            programme=programme,
            user=users.get("manager"),
        )


def _food(food, framework, programme, users, recent: date, rng) -> None:
    """A Bronze twenty months ago and a later assessment waiting for its expert."""
    if not food.assessments.exists():
        assess = partial(
            _assess, food, framework, rng=rng, programme=programme, user=users.get("foodmanager")
        )
        first = assess(end=add_months(recent, -20), quality=0.35)
        # Silver builds on a Bronze, so the first assessment earned one.
        domain.award_label(
            assessment=first,
            level="bronze",
            awarded_on=add_months(recent, -19),
            awarded_by=users.get("coordinator"),
            check=False,
        )
        later = assess(end=recent, quality=0.7)
        if users.get("expert") is not None:
            domain.assign_expert(
                assessment=later, expert=users["expert"], assigned_by=users.get("coordinator")
            )


def load_demo() -> None:
    """Build the assessment demo on the registry demo (idempotent)."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        framework = _framework()
        clusters = Cluster.objects.in_bulk(
            ["LITC", "EE-ICT", "NETPORT", "HAV-FOOD", "LLA-LOG"], field_name="acronym"
        )
        if len(clusters) < 5:
            return  # the registry demo is not loaded
        programme = Programme.objects.filter(acronym="5FOREXCELLENCE").first()
        users = User.objects.in_bulk(
            ["manager", "expert", "coordinator", "foodmanager"], field_name="username"
        )
        recent = add_months(today, -1)
        _peers(framework, rng, recent)

        _litc(clusters["LITC"], framework, programme, users, today, rng)
        _food(clusters["HAV-FOOD"], framework, programme, users, recent, rng)

        for acronym, quality in (("EE-ICT", 0.7), ("NETPORT", 0.6), ("LLA-LOG", 0.45)):
            cluster = clusters[acronym]
            if not cluster.assessments.exists():
                _assess(
                    cluster, framework, end=recent, quality=quality, rng=rng, programme=programme
                )
