from django.urls import path

from clusterhub.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/areas/<slug:area>/", views.questionnaire, name="area"),
    path("<int:pk>/answers/<str:code>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/answers/<str:code>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/peers/", views.peers, name="peers"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/compare/<int:other>/", views.compare, name="compare"),
    path("<int:pk>/experts/", views.assign, name="assign"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/awards/", views.award, name="award"),
]
