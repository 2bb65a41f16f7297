from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import DeliverableLink
from clusterhub.grants.models import Expenditure
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Partner
from clusterhub.grants.models import Project
from clusterhub.grants.models import ReportingPeriod
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = [
        "acronym",
        "title",
        "funding_programme",
        "start_date",
        "duration_months",
        "total_budget",
        "grant_amount",
    ]
    search_fields = ["acronym", "title", "grant_agreement_number"]
    inlines = [PartnerInline]


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["project", "number", "organisation", "role", "budget_share"]
    list_filter = ["project"]


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin):
    list_display = ["partner", "category", "amount"]
    list_filter = ["partner__project", "category"]


@admin.register(Expenditure)
class ExpenditureAdmin(SimpleHistoryAdmin):
    list_display = ["date", "partner", "category", "amount", "currency", "amount_eur"]
    list_filter = ["partner__project", "category", "currency"]
    search_fields = ["description"]
    date_hierarchy = "date"


@admin.register(WorkPackage)
class WorkPackageAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "title", "lead", "start_month", "end_month"]
    list_filter = ["project"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["work_package", "number", "title", "start_month", "end_month"]


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "work_package", "due_month", "actual_date", "status"]
    list_filter = ["status", "dissemination"]


@admin.register(DeliverableLink)
class DeliverableLinkAdmin(admin.ModelAdmin):
    list_display = ["deliverable", "content_type", "object_id", "note"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "project", "due_month", "actual_date"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "kind", "start_month", "end_month"]


@admin.register(NewsArticle)
class NewsArticleAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "project", "published_on"]
