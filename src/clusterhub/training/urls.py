from django.urls import path

from clusterhub.training.views import participants
from clusterhub.training.views import programmes

app_name = "training"
urlpatterns = [
    path("", programmes.index, name="index"),
    path("my-sessions/", programmes.my_sessions, name="my_sessions"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/delete/", programmes.programme_delete, name="programme_delete"),
    path("programmes/<int:pk>/modules/new/", programmes.module_create, name="module_create"),
    path("programmes/<int:pk>/enrol/", participants.enrol, name="enrol"),
    path("modules/<int:pk>/edit/", programmes.module_edit, name="module_edit"),
    path("modules/<int:pk>/sessions/new/", programmes.session_create, name="session_create"),
    path("sessions/<int:pk>/", programmes.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", programmes.session_edit, name="session_edit"),
    path("sessions/<int:pk>/attendance/", programmes.attendance_save, name="attendance_save"),
    path("sessions/<int:pk>/materials/new/", programmes.material_add, name="material_add"),
    path("sessions/<int:pk>/feedback/", programmes.feedback_give, name="feedback_give"),
    path("materials/<int:pk>/", programmes.material_download, name="material_download"),
    path("materials/<int:pk>/delete/", programmes.material_delete, name="material_delete"),
    path("enrolments/<int:pk>/", participants.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", participants.enrolment_withdraw, name="enrolment_withdraw"),
    path("enrolments/<int:pk>/self-assessment/<str:phase>/", participants.self_assessment, name="self_assessment"),
    path("enrolments/<int:pk>/certificate/", participants.certificate_issue, name="certificate_issue"),
    path("certificates/<int:pk>/pdf/", participants.certificate_pdf, name="certificate_pdf"),
    path("certificates/<int:pk>/revoke/", participants.certificate_revoke, name="certificate_revoke"),
    path("certificates/verify/", participants.certificate_lookup, name="certificate_lookup"),
    path("certificates/verify/<str:code>/", participants.certificate_verify, name="certificate_verify"),
    path("clusters/<int:pk>/progress/", participants.cluster_progress, name="cluster_progress"),
    path("clusters/<int:pk>/suggestions/", participants.cluster_suggestions, name="cluster_suggestions"),
]
