"""Staff see every background job in the admin, filtered by state and kind (read-only: a job
changes only through its worker; a stuck one is failed by common.jobs.reap_stale_jobs)."""

from django.contrib import admin

from clusterhub.common.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "title",
        "kind",
        "owner",
        "state",
        "progress_done",
        "progress_total",
        "attempts",
        "created_at",
        "finished_at",
    )
    list_filter = ("state", "kind")
    search_fields = ("title", "kind", "owner__username", "error")
    date_hierarchy = "created_at"
    list_select_related = ("owner",)
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
