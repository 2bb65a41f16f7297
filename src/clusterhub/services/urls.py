from django.urls import path

from clusterhub.services.views import portfolio
from clusterhub.services.views import surveys

app_name = "services"
urlpatterns = [
    path("", portfolio.index, name="index"),
    path("clusters/<int:pk>/", portfolio.portfolio, name="portfolio"),
    path("clusters/<int:pk>/new/", portfolio.service_create, name="service_create"),
    path("clusters/<int:pk>/pipeline/", portfolio.pipeline, name="pipeline"),
    path("clusters/<int:pk>/gaps/", portfolio.gaps, name="gaps"),
    path("clusters/<int:pk>/gaps.pdf", portfolio.gaps_pdf, name="gaps_pdf"),
    path("clusters/<int:pk>/portfolio.pdf", portfolio.portfolio_pdf, name="portfolio_pdf"),
    path("clusters/<int:pk>/export/<slug:what>.<slug:fmt>", portfolio.cluster_export, name="cluster_export"),
    path("clusters/<int:pk>/surveys/", surveys.survey_list, name="survey_list"),
    path("clusters/<int:pk>/surveys/new/", surveys.survey_create, name="survey_create"),
    path("services/<int:pk>/", portfolio.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", portfolio.service_edit, name="service_edit"),
    path("services/<int:pk>/delete/", portfolio.service_delete, name="service_delete"),
    path("services/<int:pk>/move/", portfolio.service_move, name="service_move"),
    path("services/<int:pk>/guidance/", portfolio.guidance_add, name="guidance_add"),
    path("services/<int:pk>/uptake/", portfolio.uptake_add, name="uptake_add"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/status/<slug:action>/", surveys.survey_status, name="survey_status"),
    path("surveys/<int:pk>/links/", surveys.survey_tokens, name="survey_tokens"),
    path("surveys/<int:pk>/results/", surveys.survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/export/<slug:what>.<slug:fmt>", surveys.survey_export, name="survey_export"),
    path("surveys/<int:pk>/answer/", surveys.survey_answer, name="survey_answer"),
    path("questions/<int:pk>/delete/", surveys.question_delete, name="question_delete"),
    path("answer/<str:token>/", surveys.survey_token, name="survey_token"),
    path("programmes/<int:pk>/comparison/", portfolio.comparison, name="comparison"),
    path("programmes/<int:pk>/comparison.<slug:fmt>", portfolio.comparison_export, name="comparison_export"),
]
