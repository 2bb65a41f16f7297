"""The strategy pages: who sees and changes what, forms with their errors, the progress page and
its compute button, and the document as Markdown and PDF with or without the funding notice."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse

from clusterhub.strategy import domain
from clusterhub.strategy.models import ActionLink
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Strategy
from clusterhub.strategy.reports import document_context
from tests.strategy.conftest import make_strategy

ACKNOWLEDGEMENT = "The 5FX project has received funding from the European Union's COSME programme."


@pytest.fixture
def funded(world):
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EASME"
    world.programme.save()
    return world.programme


def url(name: str, *args) -> str:
    return reverse(f"strategy:{name}", args=args)


def test_the_index_lists_only_visible_strategies(plans, world, client_for):
    page = client_for(world["manager_b"]).get(url("index")).content.decode()
    assert "Strategy of B" in page
    assert "Strategy of A" not in page
    assert "Programme strategy" not in page
    outsider = client_for(world["outsider"]).get(url("index")).content.decode()
    assert "No strategy you may see yet." in outsider
    assert "Start from a template" not in outsider


@pytest.mark.parametrize(
    ("username", "status"),
    [("member_a", 200), ("coordinator", 200), ("manager_b", 404), ("outsider", 404)],
)
@pytest.mark.parametrize(
    "name", ["strategy_detail", "strategy_progress", "strategy_markdown", "strategy_pdf"]
)
def test_reading_pages_follow_the_view_permission(plans, world, client_for, username, status, name):
    response = client_for(world[username]).get(url(name, plans.a.pk))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("manager_a", 200),
        ("staff_a", 200),
        ("member_a", 403),
        ("coordinator", 403),
        ("manager_b", 404),
    ],
)
def test_editing_pages_follow_the_change_permission(plans, world, client_for, username, status):
    client = client_for(world[username])
    for path in (
        url("strategy_edit", plans.a.pk),
        url("strategy_delete", plans.a.pk),
        url("objective_create", plans.a.pk),
        url("objective_edit", plans.objective_a.pk),
        url("action_create", plans.a.pk),
        url("action_edit", plans.action_a.pk),
        url("action_link_create", plans.action_a.pk),
        url("kpi_create", plans.a.pk),
        url("kpi_edit", plans.kpi_a.pk),
        url("measurement_create", plans.kpi_a.pk),
    ):
        assert client.get(path).status_code == status, path
    compute = client.post(url("strategy_compute", plans.a.pk), {"date": "2025-01-01"})
    assert compute.status_code == (302 if status == 200 else status)


def test_edit_links_show_only_to_editors(plans, world, client_for):
    edit = url("strategy_edit", plans.a.pk)
    assert (
        edit
        in client_for(world["staff_a"]).get(url("strategy_detail", plans.a.pk)).content.decode()
    )
    assert (
        edit
        not in client_for(world["observer_a"])
        .get(url("strategy_detail", plans.a.pk))
        .content.decode()
    )


def test_a_manager_creates_a_strategy_for_their_cluster_only(world, client_for):
    client = client_for(world["manager_a"])
    form = client.get(url("strategy_create")).content.decode()
    assert f'value="cluster:{world.cluster_a.pk}"' in form
    assert f'value="cluster:{world.cluster_b.pk}"' not in form
    data = {
        "title": "Ours",
        "start": "2025-01-01",
        "end": "2027-12-31",
        "vision": "",
        "mission": "",
    }
    denied = client.post(url("strategy_create"), {**data, "owner": f"cluster:{world.cluster_b.pk}"})
    assert denied.status_code == 400
    assert Strategy.objects.count() == 0
    created = client.post(
        url("strategy_create"), {**data, "owner": f"cluster:{world.cluster_a.pk}"}
    )
    strategy = Strategy.objects.get()
    assert created["Location"] == url("strategy_detail", strategy.pk)
    assert strategy.cluster == world.cluster_a


def test_an_end_before_the_start_is_shown_on_the_form(world, client_for):
    response = client_for(world["manager_a"]).post(
        url("strategy_create"),
        {
            "owner": f"cluster:{world.cluster_a.pk}",
            "title": "X",
            "start": "2025-01-01",
            "end": "2024-01-01",
        },
    )
    assert response.status_code == 400
    assert "The end (2024-01-01) is before the start (2025-01-01)." in response.content.decode()
    assert Strategy.objects.count() == 0


def test_the_coordinator_creates_a_programme_strategy(world, client_for):
    client = client_for(world["coordinator"])
    response = client.post(
        url("strategy_create"),
        {
            "owner": f"programme:{world.programme.pk}",
            "title": "P",
            "start": "2025-01-01",
            "end": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert Strategy.objects.get().programme == world.programme


def test_starting_from_the_template(world, client_for):
    client = client_for(world["staff_a"])
    response = client.post(
        url("strategy_from_template"),
        {
            "cluster": world.cluster_a.pk,
            "title": "From template",
            "start": "2025-01-01",
            "end": "2027-01-01",
        },
    )
    strategy = Strategy.objects.get()
    assert response["Location"] == url("strategy_detail", strategy.pk)
    assert strategy.objectives.count() == 6
    other = client.post(
        url("strategy_from_template"),
        {
            "cluster": world.cluster_b.pk,
            "title": "Not mine",
            "start": "2025-01-01",
            "end": "2027-01-01",
        },
    )
    assert other.status_code == 400
    assert Strategy.objects.count() == 1


def test_kpi_form_refuses_a_target_equal_to_the_baseline(plans, world, client_for):
    response = client_for(world["manager_a"]).post(
        url("kpi_create", plans.a.pk),
        {
            "name": "Flat",
            "baseline": "3",
            "target": "3.00",
            "direction": "up",
            "frequency": "yearly",
            "source": "",
        },
    )
    assert response.status_code == 400
    assert (
        "The target equals the baseline, so there is nothing to achieve"
        in response.content.decode()
    )
    assert Kpi.objects.count() == 1


def test_measurement_form_refuses_a_date_outside_the_period(plans, world, client_for):
    client = client_for(world["manager_a"])
    response = client.post(
        url("measurement_create", plans.kpi_a.pk), {"date": "2019-01-01", "value": "4"}
    )
    assert response.status_code == 400
    assert "2019-01-01 is outside the strategy period (2024-01-01 to 2026-12-31)." in (
        response.content.decode()
    )
    ok = client.post(
        url("measurement_create", plans.kpi_a.pk), {"date": "2025-01-01", "value": "12.5"}
    )
    assert ok.status_code == 302
    assert Measurement.objects.get().value == Decimal("12.50")


def test_the_compute_button_records_values_or_says_why_not(plans, world, client_for):
    client = client_for(world["manager_a"])
    response = client.post(url("strategy_compute", plans.a.pk), {"date": "2025-06-01"}, follow=True)
    assert "1 KPI value computed for 2025-06-01." in response.content.decode()
    assert plans.kpi_a.measurements.get().value == Decimal("1.00")
    response = client.post(url("strategy_compute", plans.a.pk), {"date": "2030-06-01"}, follow=True)
    assert "2030-06-01 is outside the strategy period" in response.content.decode()
    response = client.post(url("strategy_compute", plans.a.pk), {"date": "soon"}, follow=True)
    assert "Give the day to measure on as a date." in response.content.decode()
    assert Measurement.objects.count() == 1


def test_the_progress_page_shows_charts_statuses_and_overdue_actions(plans, world, client_for):
    domain.record_measurement(
        measurement=Measurement(kpi=plans.kpi_a, date=date(2024, 2, 1), value=Decimal("11"))
    )
    page = (
        client_for(world["observer_a"]).get(url("strategy_progress", plans.a.pk)).content.decode()
    )
    assert 'class="chart kpi-chart"' in page
    assert "On track" in page
    assert "Recruit members" in page and "overdue" in page
    assert "Compute KPIs from the platform" not in page  # the observer may not


def test_an_action_links_to_a_training_of_its_cluster_only(plans, world, client_for):
    training = apps.get_model("training", "TrainingProgramme")
    own = training.objects.create(title="Coordinator course", cluster=world.cluster_a)
    foreign = training.objects.create(title="B's course", cluster=world.cluster_b)
    kind = ContentType.objects.get_for_model(training)
    client = client_for(world["manager_a"])
    refused = client.post(
        url("action_link_create", plans.action_a.pk), {"kind": kind.pk, "object_id": foreign.pk}
    )
    assert refused.status_code == 400
    assert "This object belongs to a cluster outside the strategy." in refused.content.decode()
    client.post(
        url("action_link_create", plans.action_a.pk), {"kind": kind.pk, "object_id": own.pk}
    )
    link = ActionLink.objects.get()
    assert str(link) == "Coordinator course"
    page = client.get(url("strategy_detail", plans.a.pk)).content.decode()
    assert "training programme: Coordinator course" in page
    client.post(url("action_link_delete", plans.action_a.pk, link.pk))
    assert ActionLink.objects.count() == 0


def test_markdown_has_no_funding_notice_for_an_unfunded_strategy(plans, world, client_for):
    response = client_for(world["manager_a"]).get(url("strategy_markdown", plans.a.pk))
    text = response.content.decode()
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="strategy-of-a.md"'
    assert text.startswith("# Strategy of A\n")
    assert "## Vision\n\nVision A" in text
    assert "| Recruit members | - | 2024-06-30 | Planned (overdue) | - |" in text
    assert "| Members | 10 members | 20 members | - | No data |" in text
    assert "received funding" not in text


def test_a_cluster_strategy_marked_as_project_output_carries_the_notice(
    plans, world, funded, client_for
):
    plans.a.output_of = funded
    domain.save_strategy(strategy=plans.a)
    text = client_for(world["member_a"]).get(url("strategy_markdown", plans.a.pk)).content.decode()
    assert text.endswith(
        f"---\n\n{ACKNOWLEDGEMENT}\n\nThe content of this publication represents the views of the "
        "author only and is his or her sole responsibility; it cannot be considered to reflect the "
        "views of the European Commission and/or EASME or any other body of the European Union. The "
        "European Commission and EASME do not accept any responsibility for use that may be made of "
        "the information it contains.\n"
    )
    page = client_for(world["member_a"]).get(url("strategy_detail", plans.a.pk)).content.decode()
    assert ACKNOWLEDGEMENT.replace("'", "&#x27;") in page


def test_pdf_content_carries_the_notice_only_for_project_outputs(plans, funded):
    funded_html = render_to_string("strategy/pdf.html", document_context(plans.programme))
    plain_html = render_to_string("strategy/pdf.html", document_context(plans.a))
    assert ACKNOWLEDGEMENT.replace("'", "&#x27;") in funded_html
    assert "EASME do not accept any responsibility" in funded_html
    assert "received funding" not in plain_html
    assert "Strategy of A" in plain_html and "<svg" in plain_html


def test_the_pdf_is_a_pdf(plans, world, client_for):
    response = client_for(world["manager_a"]).get(url("strategy_pdf", plans.a.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="strategy-of-a.pdf"'


def test_deleting_a_strategy_takes_its_contents(plans, world, client_for):
    client = client_for(world["staff_a"])
    confirm = client.get(url("strategy_delete", plans.a.pk)).content.decode()
    assert "objectives" in confirm
    client.post(url("strategy_delete", plans.a.pk))
    assert not Strategy.objects.filter(pk=plans.a.pk).exists()
    assert Kpi.objects.count() == 0


def test_another_programmes_outputs_cannot_be_chosen(plans, world, client_for):
    other = make_strategy(cluster=world.cluster_b, title="B2")
    response = client_for(world["manager_b"]).post(
        url("strategy_edit", other.pk),
        {
            "title": "B2",
            "start": "2024-01-01",
            "end": "2026-12-31",
            "output_of": world.programme.pk,
        },
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.output_of is None
