"""The services demo: every partner cluster has what the issue's "done when" asks, twice."""

from clusterhub.registry.demo import load_demo as load_registry_demo
from clusterhub.registry.models import Cluster
from clusterhub.services.analysis import gap_analysis
from clusterhub.services.analysis import survey_results
from clusterhub.services.demo import load_demo
from clusterhub.services.models import GuidanceNote
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import Survey
from clusterhub.services.models import SurveyResponse
from clusterhub.services.models import Uptake

PARTNERS = ["LITC", "EE-ICT", "NETPORT", "HAV-FOOD", "LLA-LOG"]


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Service, Survey, SurveyResponse, StageDecision, GuidanceNote, Uptake)
    )


def test_demo_builds_every_partner_clusters_services_idempotently(db):
    load_registry_demo()
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    for acronym in PARTNERS:
        cluster = Cluster.objects.get(acronym=acronym)
        services = Service.objects.filter(cluster=cluster)
        assert services.filter(status="active").count() >= 2, acronym
        survey = Survey.objects.get(cluster=cluster)
        assert survey.status == "closed"
        assert survey_results(survey).responses == 8, acronym
        analysis = gap_analysis(cluster)
        assert any(o.kind == "new" for o in analysis.opportunities), acronym
        moving = services.filter(decisions__isnull=False).distinct()
        assert sorted(moving.values_list("status", flat=True)) == ["design", "pilot"], acronym
        assert StageDecision.objects.filter(service__cluster=cluster).count() == 3
        assert GuidanceNote.objects.filter(service__cluster=cluster).count() == 3
    litc = Survey.objects.get(cluster__acronym="LITC")
    assert litc.responses.filter(respondent__username="member").count() == 1
    assert litc.responses.filter(token__isnull=False).count() == 7
