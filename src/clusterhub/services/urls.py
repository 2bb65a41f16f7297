from django.urls import path

from clusterhub.services import survey_views
from clusterhub.services import views

app_name = "services"
urlpatterns = [
    path("", views.index, name="index"),
    path("clusters/<int:pk>/", views.portfolio, name="portfolio"),
    path("clusters/<int:pk>/new/", views.service_create, name="service_create"),
    path("clusters/<int:pk>/pipeline/", views.pipeline, name="pipeline"),
    path("clusters/<int:pk>/gaps/", views.gaps, name="gaps"),
    path("clusters/<int:pk>/gaps.pdf", views.gaps_pdf, name="gaps_pdf"),
    path("clusters/<int:pk>/portfolio.pdf", views.portfolio_pdf, name="portfolio_pdf"),
    path(
        "clusters/<int:pk>/export/<slug:what>.<slug:fmt>",
        views.cluster_export,
        name="cluster_export",
    ),
    path("clusters/<int:pk>/surveys/", survey_views.survey_list, name="survey_list"),
    path("clusters/<int:pk>/surveys/new/", survey_views.survey_create, name="survey_create"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/delete/", views.service_delete, name="service_delete"),
    path("services/<int:pk>/move/", views.service_move, name="service_move"),
    path("services/<int:pk>/guidance/", views.guidance_add, name="guidance_add"),
    path("services/<int:pk>/uptake/", views.uptake_add, name="uptake_add"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path(
        "surveys/<int:pk>/status/<slug:action>/", survey_views.survey_status, name="survey_status"
    ),
    path("surveys/<int:pk>/links/", survey_views.survey_tokens, name="survey_tokens"),
    path("surveys/<int:pk>/results/", survey_views.survey_results_page, name="survey_results"),
    path(
        "surveys/<int:pk>/export/<slug:what>.<slug:fmt>",
        survey_views.survey_export,
        name="survey_export",
    ),
    path("surveys/<int:pk>/answer/", survey_views.survey_answer, name="survey_answer"),
    path("questions/<int:pk>/delete/", survey_views.question_delete, name="question_delete"),
    path("answer/<str:token>/", survey_views.survey_token, name="survey_token"),
    path("programmes/<int:pk>/comparison/", views.comparison, name="comparison"),
    path(
        "programmes/<int:pk>/comparison.<slug:fmt>",
        views.comparison_export,
        name="comparison_export",
    ),
]
