from decimal import Decimal

from clusterhub.assessment.demo import load_demo
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Evidence
from clusterhub.assessment.models import ExpertReview
from clusterhub.assessment.models import LabelAward
from clusterhub.registry.demo import load_demo as load_registry_demo
from clusterhub.registry.models import Cluster


def _counts():
    return (
        Assessment.objects.count(),
        Answer.objects.count(),
        Evidence.objects.count(),
        ExpertReview.objects.count(),
        LabelAward.objects.count(),
        Cluster.objects.count(),
    )


def test_demo_is_idempotent_and_tells_the_story(db):
    load_registry_demo()
    load_demo()
    first = _counts()
    load_registry_demo()
    load_demo()
    assert _counts() == first
    # 20 peers + LITC (2) + HAV-FOOD (2) + 3 others
    assert first[0] == 27
    assert Cluster.objects.filter(acronym__startswith="PEER-").count() == 20
    litc = Assessment.objects.filter(cluster__acronym="LITC")
    assert sorted(litc.values_list("status", flat=True)) == ["approved", "draft"]
    award = LabelAward.objects.get(cluster__acronym="LITC")
    assert award.level == "bronze"
    food_award = LabelAward.objects.get(cluster__acronym="HAV-FOOD")
    assert food_award.level == "bronze"
    food = list(Assessment.objects.filter(cluster__acronym="HAV-FOOD").order_by("period_end"))
    assert len(food) == 2
    assert food_award.assessment == food[0]
    assert readiness(evaluate(food[0]))["bronze"].ready is True
    ready = readiness(evaluate(food[1]))
    assert ready["silver"].ready is True
    assert ready["bronze"].ready is True
    assert food[1].total_percent > food[0].total_percent
    assert Decimal(food[1].total_percent) > Decimal("0")
