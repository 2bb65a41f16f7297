"""The framework loader: the shipped file, and every bad input named by its field."""

import copy
import json

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from clusterhub.assessment import domain
from clusterhub.assessment import loader
from clusterhub.assessment.models import Framework
from clusterhub.assessment.models import Indicator
from tests.assessment.conftest import FRAMEWORK_FILE


@pytest.fixture
def raw():
    return yaml.safe_load(FRAMEWORK_FILE.read_text())


def test_libyaml_and_pure_python_read_the_same_framework(monkeypatch):
    """The loader reads with libyaml when PyYAML has it, else in pure Python: the same result."""
    assert yaml.__with_libyaml__  # the locked PyYAML wheels carry it
    with_libyaml = loader.read_file(FRAMEWORK_FILE)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    monkeypatch.setattr(yaml, "CSafeLoader", None)  # would fail if it were still used
    assert loader.read_file(FRAMEWORK_FILE) == with_libyaml


def test_shipped_framework_has_36_indicators_in_six_areas():
    d = loader.read_file(FRAMEWORK_FILE)
    assert d["code"] == "clusterhub-ecei"
    assert len(d["indicators"]) == 36
    assert [a["code"] for a in d["areas"]] == [
        "structure",
        "governance",
        "financing",
        "services",
        "interaction",
        "achievements",
    ]
    per_area = {a["code"]: 0 for a in d["areas"]}
    for i in d["indicators"]:
        per_area[i["area"]] += 1
    assert set(per_area.values()) == {6}
    assert {i["source"] for i in d["indicators"] if i["source"]} == {
        "committed_members",
        "member_types",
        "sme_share",
        "nearby_share",
        "research_members",
        "new_members",
        "management_fte",
        "organisation_age",
    }
    assert d["labels"]["gold"]["min_percent"] == "80"
    assert [c["indicator"] for c in d["labels"]["bronze"]["criteria"]] == ["ST01", "ST02", "GO01"]


def _error(data) -> loader.FrameworkError:
    with pytest.raises(loader.FrameworkError) as exc:
        loader.validate(data)
    return exc.value


def test_duplicate_indicator_code_is_named(raw):
    raw["indicators"][5]["code"] = "ST01"
    err = _error(raw)
    assert err.field == "indicators[5].code"
    assert "duplicate indicator code ST01" in err.message


def test_gap_in_bands_is_named(raw):
    raw["indicators"][0]["bands"][1]["from"] = 16
    err = _error(raw)
    assert err.field == "indicators[0].bands"
    assert err.message == "band 2: starts at 16 but band 1 ends at 15 (gap or overlap)"


def test_unknown_area_is_named(raw):
    raw["indicators"][3]["area"] = "marketing"
    err = _error(raw)
    assert err.field == "indicators[3].area"
    assert err.message == "unknown area marketing."


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["indicators"][0].pop("question"), "indicators[0].question"),
        (lambda d: d["indicators"][0].update(type="slider"), "indicators[0].type"),
        (
            lambda d: d["indicators"][0]["bands"][0].update(points="many"),
            "indicators[0].bands[0].points",
        ),
        (lambda d: d["indicators"][0].update(minimum=16), "indicators[0].minimum"),
        (lambda d: d["indicators"][0].update(source="turnover"), "indicators[0].source"),
        (lambda d: d["indicators"][0].update(services=["catering"]), "indicators[0].services[0]"),
        (lambda d: d["indicators"][0].update(training=["cooking"]), "indicators[0].training[0]"),
        (lambda d: d["indicators"][8].update(minimum="excellent"), "indicators[8].minimum"),
        (
            lambda d: d["indicators"][8]["options"][1].update(value="none"),
            "indicators[8].options[1].value",
        ),
        (lambda d: d["indicators"][9].update(points=0), "indicators[9].points"),
        (lambda d: d["areas"].append({"code": "empty", "title": "Empty"}), "areas"),
        (lambda d: d["areas"][1].update(code="structure"), "areas[1].code"),
        (
            lambda d: d["labels"]["bronze"]["criteria"][0].update(indicator="XX99"),
            "labels.bronze.criteria[0].indicator",
        ),
        (lambda d: d["labels"]["gold"].pop("min_percent"), "labels.gold.min_percent"),
        (lambda d: d["labels"]["gold"].update(bonus=3), "labels.gold.bonus"),
        (
            lambda d: d["labels"]["silver"].update(improved_areas_min=-1),
            "labels.silver.improved_areas_min",
        ),
        (lambda d: d.pop("labels"), "labels"),
        (lambda d: d.update(indicators=[]), "indicators"),
    ],
)
def test_bad_fields_are_named(raw, change, field):
    data = copy.deepcopy(raw)
    change(data)
    assert _error(data).field == field


def test_not_a_mapping_and_bad_syntax():
    assert _error([1, 2]).field == "file"
    with pytest.raises(loader.FrameworkError) as exc:
        loader.parse_text("code: [unclosed")
    assert exc.value.field == "file"


def test_json_files_load_too(tmp_path, raw):
    path = tmp_path / "fw.json"
    path.write_text(json.dumps(raw))
    assert len(loader.read_file(path)["indicators"]) == 36


def test_import_stores_a_version_and_refuses_other_rules_in_the_same_version(db):
    definition = loader.read_file(FRAMEWORK_FILE)
    framework = domain.import_framework(definition=definition)
    assert framework.indicators.count() == 36
    assert framework.areas.count() == 6
    st01 = Indicator.objects.get(framework=framework, code="ST01")
    assert st01.max_points == 4
    assert st01.has_minimum is True
    assert st01.source == "committed_members"
    # The same file again only updates the texts (test_framework_languages.py); other bands in
    # the same version would re-score old assessments, so they need a new version.
    assert domain.import_framework(definition=definition).pk == framework.pk
    changed = copy.deepcopy(definition)
    changed["indicators"][0]["scoring"]["bands"][0][2] = "1"
    with pytest.raises(ValidationError) as exc:
        domain.import_framework(definition=changed)
    assert "version" in exc.value.message_dict
    newer = dict(definition, version="2027")
    domain.import_framework(definition=newer)
    assert Framework.objects.filter(code="clusterhub-ecei").count() == 2


def test_cli_import_framework(db, tmp_path, raw, capsys):
    call_command("assessment", "import-framework", str(FRAMEWORK_FILE))
    assert "36 indicators in 6 areas" in capsys.readouterr().out
    raw["indicators"][2]["code"] = "ST01"
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    with pytest.raises(CommandError) as exc:
        call_command("assessment", "import-framework", str(bad))
    assert "indicators[2].code: duplicate indicator code ST01." in str(exc.value)
    # Nothing half-imported: still the one framework.
    assert Framework.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("assessment", "import-framework", str(tmp_path / "missing.yaml"))
