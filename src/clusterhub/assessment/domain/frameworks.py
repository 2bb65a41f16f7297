"""Frameworks: importing a checked definition as a version, and the one offered for new work."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterhub.assessment.models import Area
from clusterhub.assessment.models import Framework
from clusterhub.assessment.models import Indicator
from clusterhub.common.saving import save

# The keys of a normalised definition that hold texts a user reads (loader.py); everything else
# (codes, areas, types, bands, options, label rules) decides scores and may not change within a
# version.
_TEXT_KEYS = ("name", "description", "title", "question", "help", "unit", "translations")


def _rules_only(definition: dict) -> dict:
    """The definition without its texts: what must be equal for a re-import to only update texts."""

    def strip(part):
        if isinstance(part, dict):
            return {k: strip(v) for k, v in part.items() if k not in _TEXT_KEYS}
        if isinstance(part, list):
            return [strip(v) for v in part]
        return part

    rules = strip(definition)
    for ind in rules["indicators"]:
        if "options" in ind["scoring"]:
            ind["scoring"]["options"] = [[v, p] for v, _label, p in ind["scoring"]["options"]]
    return rules


def framework_exists(definition: dict) -> bool:
    return Framework.objects.filter(code=definition["code"], version=definition["version"]).exists()


@transaction.atomic
def import_framework(*, definition: dict) -> Framework:
    """Store a checked framework (loader.validate) as a new version. Writes Framework, Areas,
    Indicators. Importing a code+version that exists already updates its texts in every
    language (idempotent) and refuses any change to codes, bands, options or label rules."""
    existing = (
        Framework.objects.select_for_update()
        .filter(code=definition["code"], version=definition["version"])
        .first()
    )
    if existing is not None:
        if _rules_only(existing.definition) != _rules_only(definition):
            raise ValidationError(
                {
                    "version": _(
                        "Framework %(code)s version %(version)s exists already with other "
                        "indicators or rules; give the changed file a new version."
                    )
                    % {"code": definition["code"], "version": definition["version"]}
                }
            )
        return _update_texts(existing, definition)
    framework = Framework(
        code=definition["code"],
        version=definition["version"],
        name=definition["name"],
        description=definition["description"],
        translations=definition.get("translations", {}),
        definition=definition,
    )
    save(framework)
    areas = {}
    for position, a in enumerate(definition["areas"], start=1):
        areas[a["code"]] = Area.objects.create(
            framework=framework,
            code=a["code"],
            title=a["title"],
            translations=a.get("translations", {}),
            position=position,
        )
    for position, i in enumerate(definition["indicators"], start=1):
        Indicator.objects.create(
            framework=framework,
            area=areas[i["area"]],
            code=i["code"],
            position=position,
            title=i["title"],
            question=i["question"],
            help_text=i["help"],
            answer_type=i["type"],
            unit=i["unit"],
            translations=i.get("translations", {}),
            scoring=i["scoring"],
            max_points=max(Decimal(p) for p in i["scoring"]["levels"]),
            has_minimum="minimum_points" in i["scoring"],
            source=i["source"],
            service_categories=i["services"],
            training_topics=i["training"],
        )
    return framework


def _update_texts(framework: Framework, definition: dict) -> Framework:
    """Re-import of an existing version: the texts and translations only (rules are equal)."""
    framework.name = definition["name"]
    framework.description = definition["description"]
    framework.translations = definition.get("translations", {})
    framework.definition = definition
    framework.full_clean()
    framework.save(update_fields=["name", "description", "translations", "definition"])
    new_areas = {a["code"]: a for a in definition["areas"]}
    areas = list(framework.areas.all())
    for area in areas:
        area.title = new_areas[area.code]["title"]
        area.translations = new_areas[area.code].get("translations", {})
    Area.objects.bulk_update(areas, ["title", "translations"])
    new_indicators = {i["code"]: i for i in definition["indicators"]}
    indicators = list(framework.indicators.all())
    for ind in indicators:
        new = new_indicators[ind.code]
        ind.title, ind.question, ind.help_text = new["title"], new["question"], new["help"]
        ind.unit, ind.scoring = new["unit"], new["scoring"]
        ind.translations = new.get("translations", {})
    Indicator.objects.bulk_update(
        indicators, ["title", "question", "help_text", "unit", "scoring", "translations"]
    )
    return framework


def current_framework() -> Framework | None:
    """The newest framework offered for new assessments."""
    return Framework.objects.filter(is_active=True).order_by("-created_at", "-pk").first()
