"""The load benchmark's bulk-created directory rows are found by the accent-forgiving search:
bulk_create skips save(), which is what fills the folded `search_text` column."""

import importlib.util
from pathlib import Path

import pytest

from clusterhub.registry.models import Organisation
from clusterhub.registry.search import matching

BENCH = Path(__file__).resolve().parents[2] / "bench" / "web.py"
SMALL = {"users": 5, "organisations": 40}


class _Stop(Exception):
    """Raised once the organisations are written: the rest of the fill needs the full sizes."""


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("bench_web", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_bench_organisations_are_found_by_search(bench, monkeypatch):
    monkeypatch.setattr(bench, "SIZES", {**bench.SIZES, **SMALL})
    handed = []

    def batches(rows, model, size=5_000):
        if model is Organisation:
            # The rows as the fill hands them to bulk_create; the fill's transaction is
            # rolled back by _Stop, so they are written again below, as the fill writes them.
            handed.extend(rows)
            raise _Stop

    monkeypatch.setattr(bench, "_batches", batches)
    with pytest.raises(_Stop):
        bench.fill()
    Organisation.objects.bulk_create(handed)
    organisations = Organisation.objects.all()
    assert organisations.count() == SMALL["organisations"]
    assert not organisations.filter(search_text="").exists()
    first = organisations.get(registration_number="B00000000")
    assert first.search_text == first.make_search_text()
    # The word-start search the directory uses: "nordic 000000" finds "Nordic Foods 000000".
    word = first.name.split()[0].lower()
    found = matching(Organisation.objects.all(), f"{word} 000000", word_start=True)
    assert list(found.values_list("pk", flat=True)) == [first.pk]
    assert matching(Organisation.objects.all(), "b00000000").get() == first
