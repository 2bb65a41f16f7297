from django.urls import path

from clusterhub.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("dashboards/", views.dashboard_index, name="dashboard_index"),
]
