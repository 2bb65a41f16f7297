from django.urls import path

from clusterhub.common import job_views

app_name = "jobs"

urlpatterns = [
    path("", job_views.job_list, name="list"),
    path("backup/", job_views.backup_start, name="backup"),
    path("<int:pk>/", job_views.job_detail, name="detail"),
    path("<int:pk>/status/", job_views.job_status, name="status"),
    path("<int:pk>/download/", job_views.job_download, name="download"),
]
