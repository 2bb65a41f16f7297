from django.contrib import admin
from django.contrib import messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from clusterhub.accounts.forms import TokenRevokingPasswordForm
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["cluster", "programme", "organisation"]


@admin.register(User)
class ClusterHubUserAdmin(UserAdmin):
    inlines = [RoleAssignmentInline]
    change_password_form = TokenRevokingPasswordForm

    def construct_change_message(self, request, form, formsets, add=False):
        # Django's set-password view calls this right after saving the form, and it is the only
        # hook there that has both the request and the form: tell the admin what was revoked.
        revoked = getattr(form, "revoked", None)
        if revoked:
            messages.warning(
                request,
                _("The API tokens of %(user)s were revoked: %(names)s.")
                % {"user": form.user.get_username(), "names": ", ".join(revoked)},
            )
        return super().construct_change_message(request, form, formsets, add)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "cluster", "programme", "organisation"]
    list_filter = ["role"]
    search_fields = ["user__username", "cluster__acronym", "programme__acronym"]
    autocomplete_fields = ["user", "cluster", "programme", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    search_fields = ["user__username", "name", "prefix"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for superusers."""

    list_display = ["at", "actor_name", "action", "target_type", "target_repr", "cluster", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_repr", "target_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
