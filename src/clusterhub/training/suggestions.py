"""Training modules suggested for a cluster's weak assessment indicators.

The assessment framework maps each indicator to training topics (competence codes); a module
whose competence is one of a weak indicator's topics is suggested for it.
"""

from dataclasses import dataclass

from clusterhub.assessment.insights import WeakIndicator
from clusterhub.assessment.insights import latest_assessment
from clusterhub.assessment.insights import weak_indicators
from clusterhub.registry.models import Cluster
from clusterhub.training.enums import Competence
from clusterhub.training.models import Module
from clusterhub.training.queries import training_programmes_visible_to


@dataclass(frozen=True)
class Suggestion:
    indicator: WeakIndicator
    competences: list[str]
    modules: list[Module]

    @property
    def competence_labels(self) -> list[str]:
        """The topics in words (a code the enum does not know is shown as it is)."""
        return [str(Competence(c).label) if c in Competence.values else c for c in self.competences]


@dataclass(frozen=True)
class Suggestions:
    has_assessment: bool
    items: list[Suggestion]


def suggestions_for(cluster: Cluster, user) -> Suggestions:
    """For each weak indicator of the cluster's latest assessment, the modules the user can see
    that build one of its training topics (weakest indicator first)."""
    if latest_assessment(cluster) is None:
        return Suggestions(has_assessment=False, items=[])
    weak = weak_indicators(cluster)
    topics = {t for item in weak for t in item.training_topics}
    modules = list(
        Module.objects.filter(
            competence__in=topics,
            training_programme__in=training_programmes_visible_to(user),
        ).select_related("training_programme")
    )
    items = [
        Suggestion(
            indicator=item,
            competences=list(item.training_topics),
            modules=[m for m in modules if m.competence in item.training_topics],
        )
        for item in weak
    ]
    return Suggestions(has_assessment=True, items=items)
