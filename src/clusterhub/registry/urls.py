from django.urls import path

from clusterhub.registry import cluster_io_views
from clusterhub.registry import io_views
from clusterhub.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.cluster_list, name="cluster_list"),
    path("dashboards/", views.dashboard_index, name="dashboard_index"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/import/", cluster_io_views.clusters_import, name="clusters_import"),
    path("clusters/export.<str:fmt>", cluster_io_views.clusters_export, name="clusters_export"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/delete/", views.cluster_delete, name="cluster_delete"),
    path("clusters/<int:pk>/dashboard/", views.cluster_dashboard, name="cluster_dashboard"),
    path("clusters/<int:pk>/members/", views.cluster_members, name="cluster_members"),
    path("clusters/<int:pk>/members/add/", views.membership_create, name="membership_create"),
    path("clusters/<int:pk>/roles/", views.cluster_roles, name="cluster_roles"),
    path("clusters/<int:pk>/history/", views.cluster_history, name="cluster_history"),
    path("clusters/<int:pk>/import/", io_views.organisations_import, name="organisations_import"),
    path(
        "clusters/<int:pk>/export.<str:fmt>",
        io_views.organisations_export,
        name="organisations_export",
    ),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation_delete"),
    path(
        "organisations/<int:pk>/history/", views.organisation_history, name="organisation_history"
    ),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("memberships/<int:pk>/history/", views.membership_history, name="membership_history"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person_delete"),
    path("people/<int:pk>/history/", views.person_history, name="person_history"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path(
        "programmes/<int:pk>/clusters/import/",
        cluster_io_views.clusters_import,
        name="programme_clusters_import",
    ),
    path(
        "programmes/<int:pk>/clusters/export.<str:fmt>",
        cluster_io_views.clusters_export,
        name="programme_clusters_export",
    ),
]
