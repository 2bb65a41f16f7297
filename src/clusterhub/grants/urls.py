from django.urls import path

from clusterhub.grants import views

app_name = "grants"
urlpatterns = [
    path("", views.index, name="index"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/expenditure/", views.expenditure_list, name="expenditure_list"),
    path("projects/<int:pk>/expenditure/new/", views.expenditure_create, name="expenditure_create"),
    path("projects/<int:pk>/timeline/", views.timeline_page, name="timeline"),
    path("projects/<int:pk>/reports/", views.reports_page, name="reports"),
    path("projects/<int:pk>/report.<str:fmt>", views.report_download, name="report_download"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/consortium/", views.consortium_edit, name="consortium_edit"),
    path("projects/<int:pk>/budget/", views.budget_edit, name="budget_edit"),
    path("projects/<int:pk>/news/new/", views.news_create, name="news_create"),
    path("deliverables/<int:pk>/link/", views.deliverable_link, name="deliverable_link"),
    path("deliverable-links/<int:pk>/delete/", views.deliverable_unlink, name="deliverable_unlink"),
    path("expenditure/<int:pk>/delete/", views.expenditure_delete, name="expenditure_delete"),
    path("expenditure/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("p/<str:acronym>/", views.public_project, name="public_project"),
    path("p/<str:acronym>/news/<int:news_pk>/", views.public_news, name="public_news"),
]

# The work plan's parts, one set of pages each: workpackage_create, workpackage_edit, ...
for kind, segment in views.PLAN_SEGMENTS.items():
    urlpatterns += [
        path(
            f"projects/<int:pk>/{segment}/new/",
            views.plan_item_edit,
            {"kind": kind},
            name=f"{kind}_create",
        ),
        path(
            f"projects/<int:pk>/{segment}/<int:item>/",
            views.plan_item_edit,
            {"kind": kind},
            name=f"{kind}_edit",
        ),
        path(
            f"projects/<int:pk>/{segment}/<int:item>/delete/",
            views.plan_item_delete,
            {"kind": kind},
            name=f"{kind}_delete",
        ),
    ]
