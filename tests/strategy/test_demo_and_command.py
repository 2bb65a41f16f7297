"""The demo strategies (twice, same counts) and `clusterhub strategy compute-kpis`."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.urls import URLPattern
from django.urls import reverse

from clusterhub.registry.demo import load_demo as load_registry_demo
from clusterhub.strategy import urls as strategy_urls
from clusterhub.strategy.demo import LITC_TITLE
from clusterhub.strategy.demo import TITLE
from clusterhub.strategy.demo import load_demo as load_strategy_demo
from clusterhub.strategy.enums import Origin
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.strategy.reports import to_markdown
from tests.factories import UserFactory


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Strategy, Objective, Action, Kpi, Measurement))


@pytest.mark.django_db
def test_the_demo_loads_twice_with_the_same_counts():
    load_registry_demo()
    load_strategy_demo()
    first = _counts()
    load_strategy_demo()
    assert _counts() == first
    programme_strategy = Strategy.objects.get(title=TITLE)
    assert programme_strategy.programme.acronym == "5FOREXCELLENCE"
    assert (programme_strategy.start, programme_strategy.end) == (
        date(2017, 1, 1),
        date(2020, 12, 31),
    )
    assert programme_strategy.objectives.count() == 5
    assert set(programme_strategy.kpis.values_list("source", flat=True)) == {
        "members",
        "committed_members",
        "assessment_score",
    }
    members = programme_strategy.kpis.get(source="members")
    computed = members.measurements.filter(origin=Origin.COMPUTED)
    assert computed.count() == 5  # four past days and the closing one
    assert all(m.value > Decimal(0) for m in computed)
    text = to_markdown(programme_strategy)
    assert "The 5FOREXCELLENCE project has received funding from the European Union's COSME" in text
    litc = Strategy.objects.get(title=LITC_TITLE)
    assert litc.cluster.acronym == "LITC"
    assert litc.objectives.count() >= 1
    assert "received funding" not in to_markdown(litc)


@pytest.mark.django_db
def test_compute_kpis_command(world, plans):
    out = StringIO()
    call_command("strategy", "compute-kpis", "--date", "2025-02-01", stdout=out)
    text = out.getvalue()
    assert "Strategy of A: 1 value recorded." in text
    assert "1 KPI value recorded for 2025-02-01." in text
    assert plans.kpi_a.measurements.get().date == date(2025, 2, 1)
    out = StringIO()
    call_command("strategy", "compute-kpis", "--date", "2030-01-01", stdout=out)
    assert "Strategy of A: skipped, 2030-01-01 is outside its period." in out.getvalue()
    with pytest.raises(CommandError, match="outside the strategy period"):
        call_command(
            "strategy", "compute-kpis", "--strategy", str(plans.a.pk), "--date", "2030-01-01"
        )
    with pytest.raises(CommandError, match="There is no strategy 999999."):
        call_command("strategy", "compute-kpis", "--strategy", "999999")
    with pytest.raises(CommandError, match="not a date"):
        call_command("strategy", "compute-kpis", "--date", "01/02/2025")


NAMED = [p for p in strategy_urls.urlpatterns if isinstance(p, URLPattern) and p.name]


def _kwargs(pattern: URLPattern, pk: int) -> dict[str, int]:
    return dict.fromkeys(pattern.pattern.converters, pk)


@pytest.mark.parametrize("pattern", NAMED, ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_sign_in(pattern, client, db):
    path = reverse(f"strategy:{pattern.name}", kwargs=_kwargs(pattern, 1))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


@pytest.mark.parametrize(
    "pattern", [p for p in NAMED if p.pattern.converters], ids=lambda p: p.name
)
def test_an_unknown_id_is_not_found(pattern, client_for, db):
    path = reverse(f"strategy:{pattern.name}", kwargs=_kwargs(pattern, 999_999))
    client = client_for(UserFactory(username="visitor"))
    response = (
        client.post(path)
        if pattern.name in {"strategy_compute", "action_link_delete"}
        else client.get(path)
    )
    assert response.status_code == 404
