from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Feedback
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme


class ModuleInline(TranslationTabularInline):
    model = Module
    extra = 0


@admin.register(TrainingProgramme)
class TrainingProgrammeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "programme", "cluster"]
    search_fields = ["title"]
    inlines = [ModuleInline]


@admin.register(Module)
class ModuleAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "training_programme", "competence", "order", "required"]
    list_filter = ["competence", "required"]


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 0


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "module", "starts_at", "trainer", "required"]
    list_filter = ["required"]
    raw_id_fields = ["trainer"]
    inlines = [MaterialInline]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "session", "original_name", "url"]


@admin.register(Enrolment)
class EnrolmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "training_programme", "cluster"]
    raw_id_fields = ["user"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "session", "present"]


@admin.register(CompetenceRating)
class CompetenceRatingAdmin(SimpleHistoryAdmin):
    list_display = ["enrolment", "phase", "competence", "score"]
    list_filter = ["phase", "competence"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["session", "rating", "created_at"]


@admin.register(Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = ["holder_name", "programme_title", "issued_on", "display_code", "revoked_at"]
    search_fields = ["holder_name", "code"]
    readonly_fields = ["code"]
