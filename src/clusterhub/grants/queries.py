"""What each user may see of funded projects, as querysets. Pages, API and exports start here.

- admins and the coordinators of a project's programme see the whole project;
- the team (manager, staff) of a cluster whose managing organisation is a partner sees the
  project too, and enters that partner's expenditure;
- everyone else, signed in or not, sees only the public project page (no money at all).
"""

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.accounts.enums import CLUSTER_TEAM_ROLES
from clusterhub.accounts.roles import roles_of
from clusterhub.assessment.models import Assessment
from clusterhub.common.access import visible_records
from clusterhub.events.models import Event
from clusterhub.grants.enums import DeliverableStatus
from clusterhub.grants.enums import Dissemination
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project
from clusterhub.registry.models import Cluster
from clusterhub.services.models import Service
from clusterhub.strategy.models import Strategy
from clusterhub.training.models import TrainingProgramme

_ORGS_ATTR = "_clusterhub_partner_orgs"


def partner_organisations_of(user) -> frozenset[int]:
    """Organisations the user acts for as a partner: those managing a cluster they run."""
    r = roles_of(user)
    team = r.clusters_with(*CLUSTER_TEAM_ROLES)
    if not team:
        return frozenset()
    cached = getattr(user, _ORGS_ATTR, None)
    if cached is None:
        cached = frozenset(
            Cluster.objects.filter(pk__in=team, managing_organisation__isnull=False).values_list(
                "managing_organisation_id", flat=True
            )
        )
        setattr(user, _ORGS_ATTR, cached)
    return cached


def projects_visible_to(user) -> QuerySet[Project]:
    """Projects whose budget, spending and work plan the user sees."""

    def own(projects):
        return projects.filter(
            Q(programme_id__in=roles_of(user).coordinated_programmes)
            | Q(partners__organisation_id__in=partner_organisations_of(user))
        ).distinct()

    return visible_records(user, Project.objects.all(), own)


def public_projects() -> QuerySet[Project]:
    return Project.objects.filter(public_page=True)


def expenditures_visible_to(user) -> QuerySet[Expenditure]:
    return Expenditure.objects.filter(partner__project__in=projects_visible_to(user))


def published_news(project: Project) -> QuerySet[NewsArticle]:
    return project.news.filter(published_on__isnull=False, published_on__lte=timezone.localdate())


def public_results(project: Project):
    """Deliverables the public may see: marked public and delivered."""
    return (
        Deliverable.objects.filter(
            work_package__project=project,
            dissemination=Dissemination.PUBLIC,
            status__in=[DeliverableStatus.SUBMITTED, DeliverableStatus.APPROVED],
        )
        .select_related("work_package")
        .order_by("due_month", "number")
    )


# Other areas' objects that may fulfil a deliverable of a project: (model, filter builder).
# Grants sits at the top of the areas, so it reads their models directly.
LINK_SOURCES = (
    (Strategy, lambda p: Q(programme=p) | Q(output_of=p)),
    (TrainingProgramme, lambda p: Q(programme=p)),
    (Assessment, lambda p: Q(programme=p) | Q(cluster__in=p.clusters.all())),
    (Service, lambda p: Q(cluster__in=p.clusters.all())),
    (Event, lambda p: Q(programme=p)),
)


def link_candidates(project: Project, *, limit: int = 200) -> list[tuple[str, str]]:
    """(value "app.model:id", label) for the objects that may fulfil the project's deliverables."""
    result = []
    for model, condition in LINK_SOURCES:
        rows = list(model.objects.filter(condition(project.programme)).distinct()[:limit])
        kind = str(model._meta.verbose_name).capitalize()
        result += [(f"{model._meta.label_lower}:{obj.pk}", f"{kind}: {obj}") for obj in rows]
    return result


def link_target(project: Project, content_type, object_id: int):
    """The object of this kind and id if it may fulfil the project's deliverables (one that
    `link_candidates` offers), else None. An id guessed from another programme or cluster is
    None like an unknown one, so a link never reveals an object outside the project."""
    for model, condition in LINK_SOURCES:
        if (model._meta.app_label, model._meta.model_name) != (
            content_type.app_label,
            content_type.model,
        ):
            continue
        return model.objects.filter(condition(project.programme)).filter(pk=object_id).first()
    return None
