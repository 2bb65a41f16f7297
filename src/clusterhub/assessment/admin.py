from django.contrib import admin

from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Area
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Evidence
from clusterhub.assessment.models import ExpertReview
from clusterhub.assessment.models import Framework
from clusterhub.assessment.models import Indicator
from clusterhub.assessment.models import LabelAward


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "version", "is_active", "created_at"]
    list_filter = ["is_active"]
    readonly_fields = ["definition"]
    inlines = [AreaInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework", "area", "answer_type", "max_points", "source"]
    list_filter = ["framework", "answer_type"]
    search_fields = ["code", "title"]


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["indicator", "number", "choice", "flag", "points", "expert_points"]
    readonly_fields = ["indicator", "points"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["cluster", "period_start", "period_end", "status", "total_percent"]
    list_filter = ["status", "framework"]
    search_fields = ["cluster__acronym", "cluster__name"]
    inlines = [AnswerInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["answer", "original_name", "link", "size", "created_at"]


@admin.register(ExpertReview)
class ExpertReviewAdmin(admin.ModelAdmin):
    list_display = ["assessment", "expert", "approved_at"]


@admin.register(LabelAward)
class LabelAwardAdmin(admin.ModelAdmin):
    list_display = ["cluster", "level", "valid_from", "valid_until"]
    list_filter = ["level"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["assessment", "indicator", "points", "expert_points"]
    list_select_related = ["assessment__cluster", "indicator"]
