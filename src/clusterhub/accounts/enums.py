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


class AuditAction(models.TextChoices):
    """What an audit entry records: security-relevant and money-relevant actions."""

    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")
    SIGN_IN_LOCKED = "sign_in_locked", _("Sign-in locked")
    SIGN_IN_UNLOCKED = "sign_in_unlocked", _("Sign-in lock lifted")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    ASSESSMENT_APPROVED = "assessment_approved", _("Assessment approved")
    LABEL_AWARDED = "label_awarded", _("Label awarded")
    EXPENDITURE_CREATED = "expenditure_created", _("Expenditure recorded")
    EXPENDITURE_CHANGED = "expenditure_changed", _("Expenditure changed")
    EXPENDITURE_DELETED = "expenditure_deleted", _("Expenditure deleted")
    BUDGET_CHANGED = "budget_changed", _("Budget changed")
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")


# Labels of the audit actions other areas record (mailings, invoices...): each area registers
# its own TextChoices from its AppConfig.ready(), so the log reads in words without accounts
# knowing the areas above it.
_AREA_ACTIONS: dict[str, str] = {}


def register_audit_actions(choices) -> None:
    """Make an area's audit actions (a TextChoices) readable in the audit log."""
    _AREA_ACTIONS.update({member.value: member.label for member in choices})


def audit_action_label(action: str) -> str:
    """The action in words (translated); the stored name when nobody registered it."""
    if action in AuditAction.values:
        return str(AuditAction(action).label)
    label = _AREA_ACTIONS.get(action)
    return str(label) if label is not None else action


class LockScope(models.TextChoices):
    """What a sign-in throttle counts failures of (accounts/throttling.py)."""

    USERNAME_AND_ADDRESS = "pair", _("Username from one address")
    ADDRESS = "address", _("Address, any username")
    USERNAME = "username", _("Username, any address")
