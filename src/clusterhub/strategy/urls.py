from django.urls import path

from clusterhub.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.strategy_create, name="strategy_create"),
    path("new/from-template/", views.strategy_from_template, name="strategy_from_template"),
    path("<int:pk>/", views.strategy_detail, name="strategy_detail"),
    path("<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("<int:pk>/delete/", views.strategy_delete, name="strategy_delete"),
    path("<int:pk>/strategy.md", views.strategy_markdown, name="strategy_markdown"),
    path("<int:pk>/strategy.pdf", views.strategy_pdf, name="strategy_pdf"),
    path("<int:pk>/progress/", views.strategy_progress, name="strategy_progress"),
    path("<int:pk>/compute/", views.strategy_compute, name="strategy_compute"),
    path("<int:pk>/objectives/new/", views.objective_create, name="objective_create"),
    path("<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("<int:pk>/kpis/new/", views.kpi_create, name="kpi_create"),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="action_delete"),
    path("actions/<int:pk>/links/new/", views.action_link_create, name="action_link_create"),
    path("actions/<int:pk>/links/<int:link_pk>/delete/", views.action_link_delete, name="action_link_delete"),
    path("kpis/<int:pk>/edit/", views.kpi_edit, name="kpi_edit"),
    path("kpis/<int:pk>/delete/", views.kpi_delete, name="kpi_delete"),
    path("kpis/<int:pk>/measurements/new/", views.measurement_create, name="measurement_create"),
    path("measurements/<int:pk>/delete/", views.measurement_delete, name="measurement_delete"),
]
