from django.urls import path

from clusterhub.registry.views import cluster_io
from clusterhub.registry.views import clusters
from clusterhub.registry.views import directory
from clusterhub.registry.views import io

app_name = "registry"
urlpatterns = [
    path("", clusters.cluster_list, name="cluster_list"),
    path("dashboards/", clusters.dashboard_index, name="dashboard_index"),
    path("clusters/new/", clusters.cluster_create, name="cluster_create"),
    path("clusters/import/", cluster_io.clusters_import, name="clusters_import"),
    path("clusters/export.<str:fmt>", cluster_io.clusters_export, name="clusters_export"),
    path("clusters/<int:pk>/", clusters.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", clusters.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/delete/", clusters.cluster_delete, name="cluster_delete"),
    path("clusters/<int:pk>/dashboard/", clusters.cluster_dashboard, name="cluster_dashboard"),
    path("clusters/<int:pk>/members/", clusters.cluster_members, name="cluster_members"),
    path("clusters/<int:pk>/members/add/", clusters.membership_create, name="membership_create"),
    path("clusters/<int:pk>/roles/", clusters.cluster_roles, name="cluster_roles"),
    path("clusters/<int:pk>/history/", clusters.cluster_history, name="cluster_history"),
    path("clusters/<int:pk>/import/", io.organisations_import, name="organisations_import"),
    path("clusters/<int:pk>/export.<str:fmt>", io.organisations_export, name="organisations_export"),
    path("organisations/", directory.organisation_list, name="organisation_list"),
    path("organisations/new/", directory.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", directory.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/delete/", directory.organisation_delete, name="organisation_delete"),
    path("organisations/<int:pk>/history/", directory.organisation_history, name="organisation_history"),
    path("memberships/<int:pk>/edit/", clusters.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/delete/", clusters.membership_delete, name="membership_delete"),
    path("memberships/<int:pk>/history/", clusters.membership_history, name="membership_history"),
    path("people/", directory.person_list, name="person_list"),
    path("people/new/", directory.person_create, name="person_create"),
    path("people/<int:pk>/", directory.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", directory.person_edit, name="person_edit"),
    path("people/<int:pk>/delete/", directory.person_delete, name="person_delete"),
    path("people/<int:pk>/history/", directory.person_history, name="person_history"),
    path("programmes/<int:pk>/", directory.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/clusters/import/", cluster_io.clusters_import, name="programme_clusters_import"),
    path("programmes/<int:pk>/clusters/export.<str:fmt>", cluster_io.clusters_export, name="programme_clusters_export"),
]
