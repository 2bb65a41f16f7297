"""Read an indicator framework from a YAML or JSON file and check it, naming the faulty field.

The result is a normalised dict (numbers as strings, levels precomputed) that domain.
import_framework stores as Framework.definition and as Area/Indicator rows. Nothing is written
here, so a faulty file never leaves a half-imported framework.

Every text a user reads is either a plain string (English) or a mapping of language codes to
texts (`title: {en: ..., lv: ..., et: ..., sv: ...}`). The normalised dict keeps the English
text under the field's own key and the others under `translations[field]`.
"""

import json
from decimal import Decimal
from decimal import InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from clusterhub.assessment.enums import SERVICE_CATEGORIES
from clusterhub.assessment.enums import TRAINING_TOPICS
from clusterhub.assessment.enums import AnswerType
from clusterhub.core.scoring import Band
from clusterhub.core.scoring import BandError
from clusterhub.core.scoring import check_bands

MAX_FILE_BYTES = 1024 * 1024
BANDED_TYPES = {AnswerType.NUMBER, AnswerType.PERCENTAGE, AnswerType.TEXT, AnswerType.EVIDENCE}


class FrameworkError(ValueError):
    """A problem in a framework file; `field` is a path like indicators[3].bands[1].from."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def read_file(path: str | Path) -> dict:
    """Parse a .yaml/.yml/.json file and check it."""
    path = Path(path)
    if not path.is_file():
        raise FrameworkError("file", _("%(path)s is not a file.") % {"path": path})
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FrameworkError("file", _("The file is larger than 1 MB."))
    return parse_text(path.read_text(encoding="utf-8"), json_format=path.suffix == ".json")


def _safe_yaml(text: str):
    """YAML read by a safe loader: libyaml's (PyYAML's C extension, in its wheels) gives the same
    values as yaml.safe_load in a tenth of its time (10 ms instead of 75 for the shipped
    framework); a PyYAML built without it reads with the pure Python one."""
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def parse_text(text: str, *, json_format: bool = False) -> dict:
    try:
        data = json.loads(text) if json_format else _safe_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise FrameworkError("file", _("Not valid YAML/JSON: %(err)s") % {"err": exc}) from exc
    return validate(data)


def _text(obj: dict, key: str, where: str, *, required: bool = True, limit: int = 2000) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise FrameworkError(f"{where}.{key}", _("must be text."))
    value = str(value).strip()
    if required and not value:
        raise FrameworkError(f"{where}.{key}", _("is required."))
    if len(value) > limit:
        raise FrameworkError(f"{where}.{key}", _("is too long."))
    return value


def _languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def _ltext(
    obj: dict, key: str, where: str, item: str, *, required: bool = True, limit: int = 2000
) -> tuple[str, dict[str, str]]:
    """A user-facing text: the English text and {language: text} for the other languages.

    `item` names the indicator, area or option for the messages ("indicator ST04").
    """
    value = obj.get(key)
    if not isinstance(value, dict):
        return _text(obj, key, where, required=required, limit=limit), {}
    allowed = _languages()
    for language in value:
        if language not in allowed:
            raise FrameworkError(
                f"{where}.{key}",
                _("unknown language code %(lang)s in %(item)s; use one of %(allowed)s.")
                % {"lang": language, "item": item, "allowed": ", ".join(allowed)},
            )
    texts = {
        language: _text(value, language, f"{where}.{key}", required=False, limit=limit)
        for language in value
    }
    for language, text in texts.items():
        if not text and language != "en":
            raise FrameworkError(
                f"{where}.{key}.{language}",
                _("is empty in %(item)s; leave the language out to show the English text.")
                % {"item": item},
            )
    english = texts.pop("en", "")
    if not english and (required or texts):
        raise FrameworkError(
            f"{where}.{key}.en",
            _("the English text is missing in %(item)s; English is required.") % {"item": item},
        )
    return english, texts


INDICATOR_KEYS = (
    "code",
    "area",
    "title",
    "question",
    "help",
    "type",
    "unit",
    "source",
    "bands",
    "max",
    "minimum",
    "options",
    "points",
    "evidence_required",
    "services",
    "training",
)


def _known_keys(obj: dict, where: str, known: tuple[str, ...]) -> None:
    for key in obj:
        if key not in known:
            raise FrameworkError(f"{where}.{key}", _("unknown setting."))


def _number(value, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FrameworkError(where, _("must be a number."))
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise FrameworkError(where, _("must be a number.")) from exc
    if not number.is_finite():
        raise FrameworkError(where, _("must be a number."))
    return number


def _codes(obj: dict, key: str, where: str, allowed: tuple[str, ...]) -> list[str]:
    value = obj.get(key) or []
    if not isinstance(value, list):
        raise FrameworkError(f"{where}.{key}", _("must be a list."))
    for i, code in enumerate(value):
        if code not in allowed:
            raise FrameworkError(
                f"{where}.{key}[{i}]",
                _("unknown code %(code)s; use one of %(allowed)s")
                % {"code": code, "allowed": ", ".join(allowed)},
            )
    return [str(c) for c in value]


def _levels(points: list[Decimal]) -> list[str]:
    return [str(p) for p in sorted(set(points))]


def _indicator(raw, where: str, areas: set[str]) -> dict:
    if not isinstance(raw, dict):
        raise FrameworkError(where, _("must be a mapping."))
    _known_keys(raw, where, INDICATOR_KEYS)
    code = _text(raw, "code", where, limit=20)
    item = _("indicator %(code)s") % {"code": code}
    translations: dict[str, dict] = {}
    area = _text(raw, "area", where)
    if area not in areas:
        raise FrameworkError(f"{where}.area", _("unknown area %(area)s.") % {"area": area})
    kind = _text(raw, "type", where)
    if kind not in AnswerType.values:
        raise FrameworkError(
            f"{where}.type",
            _("unknown answer type %(t)s; use one of %(allowed)s")
            % {"t": kind, "allowed": ", ".join(AnswerType.values)},
        )
    scoring: dict = {"evidence_required": bool(raw.get("evidence_required", False))}
    minimum_raw = raw.get("minimum")
    if kind in BANDED_TYPES:
        scoring |= _banded_scoring(raw, where, kind, minimum_raw)
    elif kind == AnswerType.CHOICE:
        scoring |= _choice_scoring(raw, where, code, minimum_raw, translations)
    else:  # yes_no
        scoring |= _yes_no_scoring(raw, where, minimum_raw)
    texts = {}
    for key, required, limit in (
        ("title", True, 200),
        ("question", True, 2000),
        ("help", False, 2000),
        ("unit", False, 30),
    ):
        texts[key], others = _ltext(raw, key, where, item, required=required, limit=limit)
        if others:
            translations[key] = others
    return {
        "code": code,
        "area": area,
        **texts,
        "translations": translations,
        "type": kind,
        "source": _source(raw, where),
        "scoring": scoring,
        "services": _codes(raw, "services", where, SERVICE_CATEGORIES),
        "training": _codes(raw, "training", where, TRAINING_TOPICS),
    }


def _banded_scoring(raw: dict, where: str, kind: str, minimum_raw) -> dict:
    """Bands of a number or percentage indicator, its range and its minimum."""
    raw_bands = raw.get("bands")
    if not isinstance(raw_bands, list) or not raw_bands:
        raise FrameworkError(f"{where}.bands", _("give at least one scoring band."))
    bands = []
    for j, b in enumerate(raw_bands):
        bw = f"{where}.bands[{j}]"
        if not isinstance(b, dict):
            raise FrameworkError(bw, _("must be a mapping."))
        upper = b.get("to")
        bands.append(
            Band(
                lower=_number(b.get("from"), f"{bw}.from"),
                upper=None if upper is None else _number(upper, f"{bw}.to"),
                points=_number(b.get("points"), f"{bw}.points"),
            )
        )
    try:
        check_bands(bands)
    except BandError as exc:
        raise FrameworkError(f"{where}.bands", str(exc)) from exc
    if any(b.points < 0 for b in bands):
        raise FrameworkError(f"{where}.bands", _("points may not be negative."))
    low = bands[0].lower
    high = Decimal(100) if kind == AnswerType.PERCENTAGE else None
    if raw.get("max") is not None:
        high = _number(raw["max"], f"{where}.max")
    scoring: dict = {
        "bands": [
            [str(b.lower), None if b.upper is None else str(b.upper), str(b.points)] for b in bands
        ],
        "min": str(low),
        "max": None if high is None else str(high),
        "levels": _levels([b.points for b in bands]),
    }
    if minimum_raw is not None:
        minimum = _number(minimum_raw, f"{where}.minimum")
        # The minimum must open a band, so "meets the minimum" is "reaches that band's
        # points" and improvement advice can speak in levels.
        start = [b for b in bands if b.lower == minimum]
        if not start:
            raise FrameworkError(
                f"{where}.minimum", _("must be the lower bound of one of the bands.")
            )
        if any(b.points < start[0].points for b in bands if b.lower > minimum) or any(
            b.points >= start[0].points for b in bands if b.lower < minimum
        ):
            raise FrameworkError(
                f"{where}.minimum",
                _("bands below the minimum must score less, bands above it not less."),
            )
        scoring["minimum"] = str(minimum)
        scoring["minimum_points"] = str(start[0].points)
    return scoring


def _choice_scoring(raw: dict, where: str, code: str, minimum_raw, translations: dict) -> dict:
    """Options of a choice indicator (their label translations go into `translations`)."""
    raw_options = raw.get("options")
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise FrameworkError(f"{where}.options", _("give at least two options."))
    options, seen, option_labels = [], set(), {}
    for j, o in enumerate(raw_options):
        ow = f"{where}.options[{j}]"
        if not isinstance(o, dict):
            raise FrameworkError(ow, _("must be a mapping."))
        # An unquoted comma in a flow mapping ({label: A, b}) makes a stray key: refuse it
        # rather than show a cut label.
        _known_keys(o, ow, ("value", "label", "points"))
        value = _text(o, "value", ow, limit=40)
        if value in seen:
            raise FrameworkError(f"{ow}.value", _("duplicate option %(v)s.") % {"v": value})
        seen.add(value)
        option_item = _("indicator %(code)s, option %(value)s") % {"code": code, "value": value}
        label, option_labels[value] = _ltext(o, "label", ow, option_item)
        options.append([value, label, str(_number(o.get("points"), f"{ow}.points"))])
    scoring: dict = {"options": options, "levels": _levels([Decimal(o[2]) for o in options])}
    if any(option_labels.values()):
        translations["options"] = {v: t for v, t in option_labels.items() if t}
    if minimum_raw is not None:
        match = [o for o in options if o[0] == str(minimum_raw)]
        if not match:
            raise FrameworkError(f"{where}.minimum", _("is not one of the options."))
        scoring["minimum"] = match[0][0]
        scoring["minimum_points"] = match[0][2]
    return scoring


def _yes_no_scoring(raw: dict, where: str, minimum_raw) -> dict:
    """Points of a yes/no indicator."""
    points = _number(raw.get("points"), f"{where}.points")
    if points <= 0:
        raise FrameworkError(f"{where}.points", _("must be above zero."))
    scoring: dict = {"yes_points": str(points), "levels": ["0", str(points)]}
    if minimum_raw is not None:
        if minimum_raw not in (True, "yes"):
            raise FrameworkError(f"{where}.minimum", _("may only be yes."))
        scoring["minimum"] = "yes"
        scoring["minimum_points"] = str(points)
    return scoring


def _source(raw: dict, where: str) -> str:
    from clusterhub.assessment.computed import SOURCES

    source = _text(raw, "source", where, required=False)
    if source and source not in SOURCES:
        raise FrameworkError(
            f"{where}.source",
            _("unknown computed source %(s)s; use one of %(allowed)s")
            % {"s": source, "allowed": ", ".join(sorted(SOURCES))},
        )
    return source


def _label_rules(raw, codes: dict[str, dict]) -> dict:
    if not isinstance(raw, dict):
        raise FrameworkError("labels", _("must be a mapping with bronze, silver and gold."))
    rules: dict = {}
    for level in ("bronze", "silver", "gold"):
        part = raw.get(level)
        if not isinstance(part, dict):
            raise FrameworkError(f"labels.{level}", _("is required."))
        rules[level] = {}
        for key, value in part.items():
            where = f"labels.{level}.{key}"
            if key == "criteria":
                if not isinstance(value, list) or not value:
                    raise FrameworkError(where, _("give at least one criterion."))
                criteria = []
                for i, c in enumerate(value):
                    cw = f"{where}[{i}]"
                    if not isinstance(c, dict) or c.get("indicator") not in codes:
                        raise FrameworkError(f"{cw}.indicator", _("unknown indicator."))
                    if codes[c["indicator"]]["type"] not in BANDED_TYPES:
                        raise FrameworkError(f"{cw}.indicator", _("must be a numeric indicator."))
                    criteria.append(
                        {
                            "indicator": c["indicator"],
                            "minimum": str(_number(c.get("minimum"), f"{cw}.minimum")),
                        }
                    )
                rules[level]["criteria"] = criteria
            elif key == "require_minimums":
                rules[level][key] = bool(value)
            elif key in (
                "validity_months",
                "renewal_grace_months",
                "renewal_extension_months",
                "previous_months_min",
                "previous_months_max",
                "improved_areas_min",
                "min_percent",
            ):
                number = _number(value, where)
                if number < 0:
                    raise FrameworkError(where, _("may not be negative."))
                rules[level][key] = str(number)
            else:
                raise FrameworkError(where, _("unknown setting."))
    for level, required in (
        ("bronze", ("criteria", "validity_months")),
        ("silver", ("previous_months_min", "previous_months_max", "improved_areas_min")),
        ("gold", ("min_percent",)),
    ):
        for key in required + (("validity_months",) if level != "bronze" else ()):
            if key not in rules[level]:
                raise FrameworkError(f"labels.{level}.{key}", _("is required."))
    return rules


def validate(data) -> dict:
    """Check a parsed framework and return it normalised; raises FrameworkError."""
    if not isinstance(data, dict):
        raise FrameworkError("file", _("The file must hold a mapping at the top level."))
    code = _text(data, "code", "framework", limit=60)
    version = _text(data, "version", "framework", limit=20)
    raw_areas = data.get("areas")
    if not isinstance(raw_areas, list) or not raw_areas:
        raise FrameworkError("areas", _("give at least one area."))
    areas, area_codes = [], set()
    for i, a in enumerate(raw_areas):
        if not isinstance(a, dict):
            raise FrameworkError(f"areas[{i}]", _("must be a mapping."))
        area_code = _text(a, "code", f"areas[{i}]", limit=20)
        if area_code in area_codes:
            raise FrameworkError(
                f"areas[{i}].code", _("duplicate area code %(c)s.") % {"c": area_code}
            )
        area_codes.add(area_code)
        item = _("area %(code)s") % {"code": area_code}
        title, others = _ltext(a, "title", f"areas[{i}]", item, limit=200)
        areas.append(
            {
                "code": area_code,
                "title": title,
                "translations": {"title": others} if others else {},
            }
        )
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list) or not raw_indicators:
        raise FrameworkError("indicators", _("give at least one indicator."))
    indicators: list[dict] = []
    by_code: dict[str, dict] = {}
    for i, raw in enumerate(raw_indicators):
        ind = _indicator(raw, f"indicators[{i}]", area_codes)
        if ind["code"] in by_code:
            raise FrameworkError(
                f"indicators[{i}].code",
                _("duplicate indicator code %(c)s.") % {"c": ind["code"]},
            )
        by_code[ind["code"]] = ind
        indicators.append(ind)
    empty = area_codes - {i["area"] for i in indicators}
    if empty:
        raise FrameworkError("areas", _("area %(a)s has no indicators.") % {"a": sorted(empty)[0]})
    item = _("framework %(code)s") % {"code": code}
    name, name_others = _ltext(data, "name", "framework", item, limit=200)
    description, description_others = _ltext(
        data, "description", "framework", item, required=False, limit=5000
    )
    translations = {
        key: others
        for key, others in (("name", name_others), ("description", description_others))
        if others
    }
    return {
        "code": code,
        "version": version,
        "name": name,
        "description": description,
        "translations": translations,
        "areas": areas,
        "indicators": indicators,
        "labels": _label_rules(data.get("labels"), by_code),
    }
