"""The grants REST API under /api/v1/grants/: projects, consortium, budget, expenditure, work
plan, news, reports, and the public project data.

Handlers are thin: visibility from queries.py (not visible => 404), permission from rules.py
(visible but not allowed => 403), ids in payloads resolved within the project (unknown => 422 on
that field), writes through domain.py.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File
from ninja import Path
from ninja import Query
from ninja import Router
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import apply_patch
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import XLSX
from clusterhub.common.pagination import PageNumber
from clusterhub.grants import domain
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.filters import ExpenditureFilters
from clusterhub.grants.finance import budget_table
from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import DeliverableLink
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Partner
from clusterhub.grants.models import Project
from clusterhub.grants.models import WorkPackage
from clusterhub.grants.queries import expenditures_visible_to
from clusterhub.grants.queries import link_target
from clusterhub.grants.queries import projects_visible_to
from clusterhub.grants.queries import public_projects
from clusterhub.grants.queries import public_results
from clusterhub.grants.queries import published_news
from clusterhub.grants.reports import build_report
from clusterhub.grants.reports import report_pdf
from clusterhub.grants.schemas import BudgetIn
from clusterhub.grants.schemas import BudgetOut
from clusterhub.grants.schemas import ConsortiumIn
from clusterhub.grants.schemas import DeliverableIn
from clusterhub.grants.schemas import DeliverableOut
from clusterhub.grants.schemas import DeliverableUpdate
from clusterhub.grants.schemas import ExpenditureCreate
from clusterhub.grants.schemas import ExpenditureOut
from clusterhub.grants.schemas import ExpenditureResult
from clusterhub.grants.schemas import LinkIn
from clusterhub.grants.schemas import MilestoneIn
from clusterhub.grants.schemas import MilestoneOut
from clusterhub.grants.schemas import NewsIn
from clusterhub.grants.schemas import NewsOut
from clusterhub.grants.schemas import ProjectCreate
from clusterhub.grants.schemas import ProjectOut
from clusterhub.grants.schemas import ProjectUpdate
from clusterhub.grants.schemas import PublicProjectOut
from clusterhub.grants.schemas import WorkPackageIn
from clusterhub.grants.schemas import WorkPackageOut
from clusterhub.grants.schemas import budget_out
from clusterhub.grants.schemas import expenditure_result
from clusterhub.grants.schemas import news_out
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import programmes_visible_to

router = Router(tags=["grants"])


def _projects(user) -> QuerySet[Project]:
    return projects_visible_to(user).prefetch_related(
        Prefetch("partners", queryset=Partner.objects.select_related("organisation"))
    )


def _project(request, pk: int, permission: str = "") -> Project:
    """A project the user may see (with its programme), or 404; then `permission`, or 403."""
    visible = _projects(request.user).select_related("programme")
    return object_for(request.user, visible, pk, permission)


def _shown(project: Project) -> tuple:
    """The records a project's answer shows, whose version its ETag is: the project and its
    consortium (a PUT of the partners changes it as a PATCH of the project does)."""
    return (project, project.partners.all())


def _plan(project: Project) -> tuple:
    """What the budget's ETag is the version of: the project (its rates), the partners' shares
    and the planned lines; spending booked meanwhile does not make a new plan stale."""
    return (*_shown(project), BudgetLine.objects.filter(partner__project=project))


def _partner(project: Project, pk: int, field: str = "partner") -> Partner:
    return chosen(
        project.partners.select_related("organisation", "project"),
        pk,
        field=field,
        message=_("Partner %(id)s is not in this project's consortium."),
    )


def _work_package(project: Project, pk: int | None):
    return chosen(
        project.work_packages.all(),
        pk,
        field="work_package",
        message=_("Work package %(id)s is not in this project."),
    )


def _deliverable(request, pk: int) -> Deliverable:
    return object_for(request.user, _deliverables(request.user), pk)


# Projects


@router.get("/grants/projects", response=list[ProjectOut])
@paginate(PageNumber)
def list_projects(request):
    """Projects the user works on. Permission: grants.view_project."""
    return _projects(request.user).order_by("acronym")


@router.post("/grants/projects", response={201: ProjectOut, **ERRORS})
def create_project(request, payload: ProjectCreate):
    """Create the funded project of a programme. Permission: grants.add_project_for on the
    programme (its coordinators and admins)."""
    data = payload.model_dump()
    programme = chosen(
        programmes_visible_to(request.user),
        data.pop("programme"),
        field="programme",
        message=_("There is no programme with id %(id)s."),
    )
    require(request.user, "grants.add_project_for", programme)
    if Project.objects.filter(programme=programme).exists():
        raise ValidationError({"programme": _("This programme already has its funded project.")})
    project = domain.save_project(project=Project(programme=programme, **data))
    return Status(201, _projects(request.user).get(pk=project.pk))


@router.get("/grants/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def get_project(request, response: HttpResponse, project_id: int = path_id("Project id")):
    project = _project(request, project_id)
    return with_etag(response, project, version=_shown(project))


@router.patch("/grants/projects/{project_id}", response={200: ProjectOut, **ERRORS})
@transaction.atomic
def update_project(
    request, response: HttpResponse, payload: ProjectUpdate, project_id: int = path_id("Project id")
):
    """Change the fields given. Permission: grants.change_project."""
    project = _project(request, project_id, "grants.change_project")
    if_match(request, *_shown(project))
    apply_patch(project, patch_values(payload))
    domain.save_project(project=project)
    return with_etag(response, _projects(request.user).get(pk=project.pk), version=_shown(project))


@router.put("/grants/projects/{project_id}/partners", response={200: ProjectOut, **ERRORS})
@transaction.atomic
def set_partners(
    request, response: HttpResponse, payload: ConsortiumIn, project_id: int = path_id("Project id")
):
    """Replace the consortium; shares must add up to the total budget to the cent.
    `If-Match` takes the project's ETag. Permission: grants.change_project."""
    project = _project(request, project_id, "grants.change_project")
    if_match(request, *_shown(project))
    specs = []
    for i, p in enumerate(payload.partners):
        org = chosen(
            Organisation.objects.all(),
            p.organisation,
            field=f"partners.{i}.organisation",
            message=_("There is no organisation with id %(id)s."),
        )
        specs.append(domain.PartnerSpec(organisation=org, role=p.role, budget_share=p.budget_share))
    domain.set_consortium(project=project, partners=specs)
    return with_etag(response, _projects(request.user).get(pk=project.pk), version=_shown(project))


# Budget


@router.get("/grants/projects/{project_id}/budget", response={200: BudgetOut, **ERRORS})
def get_budget(request, response: HttpResponse, project_id: int = path_id("Project id")):
    """Budget against spending by partner and category, with EU shares; totals are exact sums
    of the cells. The ETag is the version of the plan, for the PUT's `If-Match`."""
    project = _project(request, project_id)
    return with_etag(response, budget_out(budget_table(project)), version=_plan(project))


@router.put("/grants/projects/{project_id}/budget", response={200: BudgetOut, **ERRORS})
@transaction.atomic
def set_budget(
    request, response: HttpResponse, payload: BudgetIn, project_id: int = path_id("Project id")
):
    """Replace the planned direct costs of the partners named. `If-Match` takes the budget's
    ETag. Permission: grants.change_project."""
    project = _project(request, project_id, "grants.change_project")
    if_match(request, *_plan(project))
    lines: dict[Partner, dict[str, object]] = {}
    for i, line in enumerate(payload.lines):
        partner = _partner(project, line.partner, f"lines.{i}.partner")
        lines.setdefault(partner, {})[line.category] = line.amount
    domain.set_budget(project=project, lines=lines)
    return with_etag(response, budget_out(budget_table(project)), version=_plan(project))


# Expenditure


def _expenditure_from(project: Project, payload: ExpenditureCreate) -> Expenditure:
    data = payload.model_dump()
    data.pop("confirm_overrun")
    data["partner"] = _partner(project, data["partner"])
    return Expenditure(**data)


@router.get("/grants/projects/{project_id}/expenditures", response=list[ExpenditureOut])
@paginate(PageNumber)
def list_expenditures(
    request,
    filters: Query[ExpenditureFilters],
    project_id: int = path_id("Project id"),
):
    project = _project(request, project_id)
    qs = expenditures_visible_to(request.user).filter(partner__project=project)
    qs = filters.apply(qs.order_by("date", "pk"), user=request.user)
    return qs.select_related("partner__project")


@router.post(
    "/grants/projects/{project_id}/expenditures/check", response={200: ExpenditureResult, **ERRORS}
)
def check_expenditure(request, payload: ExpenditureCreate, project_id: int = path_id("Project id")):
    """Say what a cost would do to its budget line, without saving it."""
    project = _project(request, project_id)
    expenditure = _expenditure_from(project, payload)
    require(request.user, "grants.add_expenditure_for", expenditure.partner)
    return expenditure_result(None, domain.check_expenditure(expenditure=expenditure))


@router.post(
    "/grants/projects/{project_id}/expenditures", response={201: ExpenditureResult, **ERRORS}
)
def create_expenditure(
    request, payload: ExpenditureCreate, project_id: int = path_id("Project id")
):
    """Record a cost. Above 90 % of its budget line the answer carries a warning; above 100 %
    it is refused (422 on amount) unless confirm_overrun is true.
    Permission: grants.add_expenditure_for on the partner."""
    project = _project(request, project_id)
    expenditure = _expenditure_from(project, payload)
    require(request.user, "grants.add_expenditure_for", expenditure.partner)
    check = domain.save_expenditure(
        expenditure=expenditure, confirm_overrun=payload.confirm_overrun, user=request.user
    )
    return Status(201, expenditure_result(expenditure, check))


@router.get("/grants/expenditures/{expenditure_id}", response={200: ExpenditureOut, **ERRORS})
def get_expenditure(request, expenditure_id: int = path_id("Expenditure id")):
    return object_for(
        request.user,
        expenditures_visible_to(request.user).select_related("partner__project"),
        expenditure_id,
    )


@router.delete("/grants/expenditures/{expenditure_id}", response=NO_CONTENT)
def delete_expenditure(request, expenditure_id: int = path_id("Expenditure id")):
    """Permission: grants.change_expenditure."""
    expenditure = object_for(
        request.user,
        expenditures_visible_to(request.user),
        expenditure_id,
        "grants.change_expenditure",
    )
    domain.delete_expenditure(expenditure=expenditure)
    return Status(204, None)


@router.post(
    "/grants/expenditures/{expenditure_id}/receipt", response={200: ExpenditureOut, **ERRORS}
)
def upload_receipt(
    request, receipt: File[UploadedFile], expenditure_id: int = path_id("Expenditure id")
):
    """Attach a receipt (PDF, PNG or JPEG, at most 5 MB), stored under a generated name.
    Permission: grants.change_expenditure."""
    expenditure = object_for(
        request.user,
        expenditures_visible_to(request.user).select_related("partner__project"),
        expenditure_id,
        "grants.change_expenditure",
    )
    return domain.attach_receipt(expenditure=expenditure, receipt=receipt)


# Work plan


@router.get("/grants/projects/{project_id}/work-packages", response=list[WorkPackageOut])
@paginate(PageNumber)
def list_work_packages(request, project_id: int = path_id("Project id")):
    return _project(request, project_id).work_packages.all()


@router.post(
    "/grants/projects/{project_id}/work-packages", response={201: WorkPackageOut, **ERRORS}
)
def create_work_package(request, payload: WorkPackageIn, project_id: int = path_id("Project id")):
    project = _project(request, project_id, "grants.change_project")
    data = payload.model_dump()
    data["lead"] = _partner(project, data["lead"], "lead") if data["lead"] else None
    return Status(201, domain.save_work_package(work_package=WorkPackage(project=project, **data)))


def _deliverables(user) -> QuerySet[Deliverable]:
    return (
        Deliverable.objects.filter(work_package__project__in=projects_visible_to(user))
        .select_related("work_package__project")
        .prefetch_related("links__content_type")
    )


@router.get("/grants/projects/{project_id}/deliverables", response=list[DeliverableOut])
@paginate(PageNumber)
def list_deliverables(request, project_id: int = path_id("Project id")):
    project = _project(request, project_id)
    return (
        _deliverables(request.user)
        .filter(work_package__project=project)
        .order_by("due_month", "number")
    )


@router.post("/grants/projects/{project_id}/deliverables", response={201: DeliverableOut, **ERRORS})
def create_deliverable(request, payload: DeliverableIn, project_id: int = path_id("Project id")):
    project = _project(request, project_id, "grants.change_project")
    data = payload.model_dump()
    data["work_package"] = _work_package(project, data["work_package"])
    deliverable = domain.save_deliverable(deliverable=Deliverable(**data))
    return Status(201, _deliverables(request.user).get(pk=deliverable.pk))


@router.patch("/grants/deliverables/{deliverable_id}", response={200: DeliverableOut, **ERRORS})
@transaction.atomic
def update_deliverable(
    request,
    response: HttpResponse,
    payload: DeliverableUpdate,
    deliverable_id: int = path_id("Deliverable id"),
):
    deliverable = _deliverable(request, deliverable_id)
    require(request.user, "grants.change_project", deliverable.project)
    if_match(request, deliverable)
    apply_patch(deliverable, patch_values(payload))
    domain.save_deliverable(deliverable=deliverable)
    return with_etag(response, _deliverables(request.user).get(pk=deliverable.pk))


@router.post(
    "/grants/deliverables/{deliverable_id}/links", response={201: DeliverableOut, **ERRORS}
)
def link_deliverable(request, payload: LinkIn, deliverable_id: int = path_id("Deliverable id")):
    """Record a platform object (event, strategy, assessment, training...) that fulfils it."""
    deliverable = _deliverable(request, deliverable_id)
    require(request.user, "grants.change_project", deliverable.project)
    content_type = ContentType.objects.filter(
        app_label=payload.app_label, model=payload.model.lower()
    ).first()
    if content_type is None or content_type.model_class() is None:
        raise ValidationError({"model": _("There is no such kind of object.")})
    link = DeliverableLink(
        deliverable=deliverable,
        content_type=content_type,
        object_id=payload.object_id,
        note=payload.note,
    )
    # A repeated link only updates its note (domain.link_deliverable), so no uniqueness check.
    link.full_clean(validate_unique=False, validate_constraints=False)
    if link_target(deliverable.project, content_type, payload.object_id) is None:
        raise ValidationError({"object_id": _("There is no such object.")})
    domain.link_deliverable(deliverable=deliverable, target=link.target, note=payload.note)
    return Status(201, _deliverables(request.user).get(pk=deliverable.pk))


@router.get("/grants/projects/{project_id}/milestones", response=list[MilestoneOut])
@paginate(PageNumber)
def list_milestones(request, project_id: int = path_id("Project id")):
    return _project(request, project_id).milestones.all()


@router.post("/grants/projects/{project_id}/milestones", response={201: MilestoneOut, **ERRORS})
def create_milestone(request, payload: MilestoneIn, project_id: int = path_id("Project id")):
    project = _project(request, project_id, "grants.change_project")
    data = payload.model_dump()
    data["work_package"] = _work_package(project, data["work_package"])
    return Status(201, domain.save_milestone(milestone=Milestone(project=project, **data)))


# News


@router.get("/grants/projects/{project_id}/news", response=list[NewsOut])
@paginate(PageNumber)
def list_news(request, project_id: int = path_id("Project id")):
    """All articles of the project, drafts too."""
    project = _project(request, project_id)
    return [news_out(a, project) for a in project.news.all()]


@router.post("/grants/projects/{project_id}/news", response={201: NewsOut, **ERRORS})
def create_news(request, payload: NewsIn, project_id: int = path_id("Project id")):
    """Write an article; the funding acknowledgement and disclaimer are appended when shown.
    Permission: grants.change_project."""
    project = _project(request, project_id, "grants.change_project")
    article = domain.save_news(
        article=NewsArticle(project=project, author=request.user, **payload.model_dump())
    )
    return Status(201, news_out(article, project))


# Reports


@router.get("/grants/projects/{project_id}/report.{fmt}", response={200: None, **ERRORS})
def download_report(
    request,
    project_id: int = path_id("Project id"),
    fmt: str = Path(..., pattern="^(pdf|xlsx)$"),
    period: int | None = Query(None, ge=1, le=32767, description="Reporting period number"),
):
    """The periodic report of a period, or the final report over the whole project."""
    project = _project(request, project_id)
    reported = None if period is None else get_object_or_404(project.periods, number=period)
    report = build_report(project, reported)
    if fmt == "pdf":
        return HttpResponse(report_pdf(report), content_type=PDF)
    return HttpResponse(report_xlsx(report), content_type=XLSX)


# Public


@router.get("/grants/public/{acronym}", response={200: PublicProjectOut, 404: None}, auth=None)
def public_project(request, acronym: str = Path(..., max_length=40)):
    """The public project page's data (no sign-in): no financial figures."""
    if "\x00" in acronym:
        raise Http404
    project = public_projects().select_related("programme").filter(acronym=acronym).first()
    if project is None:
        raise Http404
    notice = funding_notice(project.programme)
    return {
        "acronym": project.acronym,
        "title": project.title,
        "description": project.description,
        "funding_programme": project.funding_programme,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "partners": [
            {"name": p.organisation.name, "country": p.organisation.country, "role": p.role}
            for p in project.partners.select_related("organisation").order_by("number")
        ],
        "results": [
            {"number": d.number, "title": d.title, "delivered_on": d.actual_date}
            for d in public_results(project)
        ],
        "news": [news_out(a, project) for a in published_news(project)],
        "acknowledgement": notice.acknowledgement if notice else "",
        "disclaimer": notice.disclaimer if notice else "",
    }
