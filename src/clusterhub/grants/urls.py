from django.urls import path

from clusterhub.grants.views import plan
from clusterhub.grants.views import projects
from clusterhub.grants.views import publishing

app_name = "grants"
urlpatterns = [
    path("", projects.index, name="index"),
    path("projects/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projects/<int:pk>/expenditure/", projects.expenditure_list, name="expenditure_list"),
    path("projects/<int:pk>/expenditure/new/", projects.expenditure_create, name="expenditure_create"),
    path("projects/<int:pk>/timeline/", plan.timeline_page, name="timeline"),
    path("projects/<int:pk>/reports/", publishing.reports_page, name="reports"),
    path("projects/<int:pk>/report.<str:fmt>", publishing.report_download, name="report_download"),
    path("projects/<int:pk>/edit/", plan.project_edit, name="project_edit"),
    path("projects/<int:pk>/consortium/", plan.consortium_edit, name="consortium_edit"),
    path("projects/<int:pk>/budget/", plan.budget_edit, name="budget_edit"),
    path("projects/<int:pk>/news/new/", publishing.news_create, name="news_create"),
    path("deliverables/<int:pk>/link/", plan.deliverable_link, name="deliverable_link"),
    path("deliverable-links/<int:pk>/delete/", plan.deliverable_unlink, name="deliverable_unlink"),
    path("expenditure/<int:pk>/delete/", projects.expenditure_delete, name="expenditure_delete"),
    path("expenditure/<int:pk>/receipt/", projects.receipt, name="receipt"),
    path("p/<str:acronym>/", publishing.public_project, name="public_project"),
    path("p/<str:acronym>/news/<int:news_pk>/", publishing.public_news, name="public_news"),
]

# The work plan's parts, one set of pages each: workpackage_create, workpackage_edit, ...
for kind, segment in plan.PLAN_SEGMENTS.items():
    urlpatterns += [
        path(
            f"projects/<int:pk>/{segment}/new/",
            plan.plan_item_edit,
            {"kind": kind},
            name=f"{kind}_create",
        ),
        path(
            f"projects/<int:pk>/{segment}/<int:item>/",
            plan.plan_item_edit,
            {"kind": kind},
            name=f"{kind}_edit",
        ),
        path(
            f"projects/<int:pk>/{segment}/<int:item>/delete/",
            plan.plan_item_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
