from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles a user holds in one cluster, or in one programme for the coordinator."""

    CLUSTER_MANAGER = "cluster_manager", _("Cluster manager")
    CLUSTER_STAFF = "cluster_staff", _("Cluster staff")
    MEMBER_REPRESENTATIVE = "member_representative", _("Member representative")
    EXPERT = "expert", _("Expert")
    OBSERVER = "observer", _("Observer")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")


CLUSTER_ROLES = frozenset(
    {
        Role.CLUSTER_MANAGER,
        Role.CLUSTER_STAFF,
        Role.MEMBER_REPRESENTATIVE,
        Role.EXPERT,
        Role.OBSERVER,
    }
)
# Roles that run a cluster day to day and so see its members' contacts and internal notes.
CLUSTER_TEAM_ROLES = frozenset({Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF})
