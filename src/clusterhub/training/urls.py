from django.urls import path

from clusterhub.training import views

app_name = "training"
urlpatterns = [
    path("", views.index, name="index"),
    path("my-sessions/", views.my_sessions, name="my_sessions"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/delete/", views.programme_delete, name="programme_delete"),
    path("programmes/<int:pk>/modules/new/", views.module_create, name="module_create"),
    path("programmes/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("modules/<int:pk>/edit/", views.module_edit, name="module_edit"),
    path("modules/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", views.attendance_save, name="attendance_save"),
    path("sessions/<int:pk>/materials/new/", views.material_add, name="material_add"),
    path("sessions/<int:pk>/feedback/", views.feedback_give, name="feedback_give"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
    path("materials/<int:pk>/delete/", views.material_delete, name="material_delete"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path(
        "enrolments/<int:pk>/self-assessment/<str:phase>/",
        views.self_assessment,
        name="self_assessment",
    ),
    path("enrolments/<int:pk>/certificate/", views.certificate_issue, name="certificate_issue"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("certificates/verify/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("clusters/<int:pk>/progress/", views.cluster_progress, name="cluster_progress"),
    path("clusters/<int:pk>/suggestions/", views.cluster_suggestions, name="cluster_suggestions"),
]
