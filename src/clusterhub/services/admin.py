from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from clusterhub.services.models import GuidanceNote
from clusterhub.services.models import Question
from clusterhub.services.models import QuestionAnswer
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import Survey
from clusterhub.services.models import SurveyResponse
from clusterhub.services.models import SurveyToken
from clusterhub.services.models import Uptake


class GuidanceInline(admin.TabularInline):
    model = GuidanceNote
    extra = 0


class DecisionInline(admin.TabularInline):
    model = StageDecision
    extra = 0
    readonly_fields = ["from_status", "to_status", "decided_by", "decided_at", "reason"]


@admin.register(Service)
class ServiceAdmin(TranslationAdmin):
    list_display = ["name", "cluster", "category", "status", "price_model", "launch_date"]
    list_filter = ["status", "category", "cluster"]
    search_fields = ["name", "description"]
    inlines = [GuidanceInline, DecisionInline]


@admin.register(Uptake)
class UptakeAdmin(admin.ModelAdmin):
    list_display = ["service", "organisation", "used_on", "satisfaction"]
    list_filter = ["service__cluster"]


@admin.register(GuidanceNote)
class GuidanceNoteAdmin(admin.ModelAdmin):
    list_display = ["service", "author", "created_at"]


@admin.register(StageDecision)
class StageDecisionAdmin(admin.ModelAdmin):
    list_display = ["service", "from_status", "to_status", "decided_by", "decided_at"]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "cluster", "status", "opened_at", "closed_at"]
    list_filter = ["status", "cluster"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "kind", "category"]


@admin.register(SurveyToken)
class SurveyTokenAdmin(admin.ModelAdmin):
    list_display = ["survey", "label", "created_at", "used_at"]
    readonly_fields = ["digest"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["survey", "respondent", "organisation", "submitted_at"]


@admin.register(QuestionAnswer)
class QuestionAnswerAdmin(admin.ModelAdmin):
    list_display = ["response", "question", "rating", "text"]
