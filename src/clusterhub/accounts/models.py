import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.enums import LockScope
from clusterhub.accounts.enums import Role
from clusterhub.accounts.enums import audit_action_label
from clusterhub.common.fields import choice_field
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel


class User(AbstractUser):
    """A person who signs in. Platform admins are superusers; all other rights come from roles."""

    # Empty: not chosen, the browser decides (the language cookie, then Accept-Language).
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of your pages, wherever you sign in."),
    )

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and self.is_superuser

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(TimeStampedModel):
    """A role a user holds in one cluster, or, for programme coordinators, in one programme."""

    user = required_link(settings.AUTH_USER_MODEL, related_name="role_assignments")
    role = choice_field(_("role"), Role, max_length=32)
    cluster = optional_link(
        "registry.Cluster", related_name="role_assignments", on_delete=models.CASCADE
    )
    programme = optional_link(
        "registry.Programme", related_name="role_assignments", on_delete=models.CASCADE
    )
    # The member organisation a member representative speaks for.
    organisation = optional_link(
        "registry.Organisation", related_name="representatives", on_delete=models.CASCADE
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    models.Q(
                        role="programme_coordinator", programme__isnull=False, cluster__isnull=True
                    )
                    | (
                        ~models.Q(role="programme_coordinator")
                        & models.Q(cluster__isnull=False, programme__isnull=True)
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "cluster"],
                condition=models.Q(cluster__isnull=False),
                name="one_role_per_user_and_cluster",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "programme"],
                condition=models.Q(programme__isnull=False),
                name="one_role_per_user_and_programme",
            ),
        ]

    def __str__(self) -> str:
        scope = self.cluster or self.programme
        return f"{self.user} - {self.get_role_display()} - {scope}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    user = required_link(settings.AUTH_USER_MODEL, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditEntry(models.Model):
    """One security- or money-relevant action: who did what to which record, when and from where.

    Append-only: written by `accounts.audit.record` inside the action's own transaction, never
    changed afterwards (the admin shows entries read-only). `actor_name` keeps the username as it
    was, so an entry still reads right after the account is gone; anonymising an account
    replaces it.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = optional_link(settings.AUTH_USER_MODEL, _("actor"))
    actor_name = models.CharField(_("actor name"), max_length=150)
    action = choice_field(_("action"), AuditAction, max_length=32)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    cluster = optional_link("registry.Cluster", _("cluster"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["action", "-at"], name="audit_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    @property
    def action_label(self) -> str:
        """The action in words, areas' own actions included (accounts/enums.py)."""
        return audit_action_label(self.action)


class SignInThrottle(models.Model):
    """Failed sign-ins counted for one key within a window, and the lock they led to.

    Kept in the database, not the cache, so that every worker shares the counts and a platform
    admin can list and lift the locks (accounts/throttling.py explains the keys).
    """

    scope = choice_field(_("scope"), LockScope, max_length=16)
    # Case-folded as typed; empty for the address scope.
    username = models.CharField(_("username"), max_length=150, blank=True)
    # Empty for the username scope; "unknown" when the client address is not known.
    address = models.CharField(_("address"), max_length=64, blank=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_ends = models.DateTimeField(_("counting until"))
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in lock")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "username", "address"], name="one_throttle_per_key"
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.username, self.address) if part)


class KnownAddress(models.Model):
    """An address the user has signed in from, kept as a keyed hash (never the address itself).

    A correct password from one of these gets in even while the username or the address is
    locked by someone else's failures (accounts/throttling.py).
    """

    user = required_link(settings.AUTH_USER_MODEL, related_name="known_addresses")
    digest = models.CharField(max_length=64)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("known sign-in address")
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="one_known_address_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.digest[:8]}"
