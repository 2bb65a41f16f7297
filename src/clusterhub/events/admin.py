from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.admin import TranslationTabularInline

from clusterhub.common.models import Notification
from clusterhub.events.models import Availability
from clusterhub.events.models import Event
from clusterhub.events.models import Feedback
from clusterhub.events.models import FollowUp
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import MeetingSlot
from clusterhub.events.models import Question
from clusterhub.events.models import Registration
from clusterhub.events.models import SchedulingRun
from clusterhub.events.models import Session


class SessionInline(TranslationTabularInline):
    model = Session
    extra = 0
    filter_horizontal = ("speakers",)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ("title", "kind", "starts_at", "cluster", "programme", "capacity", "published")
    list_filter = ("kind", "published", "b2b_enabled")
    search_fields = ("title", "city")
    filter_horizontal = ("audience_clusters",)
    inlines = [SessionInline, QuestionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "status", "checked_in_at", "b2b_opt_in")
    list_filter = ("status", "b2b_opt_in")
    search_fields = ("user__username", "user__last_name", "event__title")
    raw_id_fields = ("user", "event")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("sender", "receiver", "status", "priority", "expires_at")
    list_filter = ("status",)
    raw_id_fields = ("sender", "receiver", "event")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("request", "slot", "table", "locked", "status")
    list_filter = ("status", "locked")
    raw_id_fields = ("request", "slot")


for model in (
    Session,
    Question,
    Notification,
    Feedback,
    FollowUp,
    MeetingSlot,
    Availability,
    SchedulingRun,
):
    admin.site.register(model)
