"""Pages of the registry; urls.py refers to them as views.<name>."""

from clusterhub.registry.views.clusters import cluster_create
from clusterhub.registry.views.clusters import cluster_dashboard
from clusterhub.registry.views.clusters import cluster_delete
from clusterhub.registry.views.clusters import cluster_detail
from clusterhub.registry.views.clusters import cluster_edit
from clusterhub.registry.views.clusters import cluster_history
from clusterhub.registry.views.clusters import cluster_list
from clusterhub.registry.views.clusters import cluster_members
from clusterhub.registry.views.clusters import cluster_roles
from clusterhub.registry.views.clusters import dashboard_index
from clusterhub.registry.views.clusters import membership_create
from clusterhub.registry.views.clusters import membership_delete
from clusterhub.registry.views.clusters import membership_edit
from clusterhub.registry.views.clusters import membership_history
from clusterhub.registry.views.directory import organisation_create
from clusterhub.registry.views.directory import organisation_delete
from clusterhub.registry.views.directory import organisation_detail
from clusterhub.registry.views.directory import organisation_edit
from clusterhub.registry.views.directory import organisation_history
from clusterhub.registry.views.directory import organisation_list
from clusterhub.registry.views.directory import person_create
from clusterhub.registry.views.directory import person_delete
from clusterhub.registry.views.directory import person_detail
from clusterhub.registry.views.directory import person_edit
from clusterhub.registry.views.directory import person_history
from clusterhub.registry.views.directory import person_list
from clusterhub.registry.views.directory import programme_detail

__all__ = [
    "cluster_list",
    "cluster_detail",
    "cluster_create",
    "cluster_edit",
    "cluster_delete",
    "cluster_history",
    "cluster_members",
    "membership_create",
    "membership_edit",
    "membership_delete",
    "membership_history",
    "cluster_roles",
    "dashboard_index",
    "cluster_dashboard",
    "organisation_list",
    "organisation_detail",
    "organisation_create",
    "organisation_edit",
    "organisation_delete",
    "organisation_history",
    "person_list",
    "person_detail",
    "person_create",
    "person_edit",
    "person_delete",
    "person_history",
    "programme_detail",
]
