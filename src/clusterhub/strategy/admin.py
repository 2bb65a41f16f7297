from django.contrib import admin

from clusterhub.strategy.models import Action
from clusterhub.strategy.models import ActionLink
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


class KpiInline(admin.TabularInline):
    model = Kpi
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "cluster", "programme", "start", "end"]
    list_filter = ["programme"]
    search_fields = ["title"]
    inlines = [ObjectiveInline, KpiInline]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "strategy", "position", "area_code"]
    search_fields = ["title"]


class ActionLinkInline(admin.TabularInline):
    model = ActionLink
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [ActionLinkInline]


@admin.register(ActionLink)
class ActionLinkAdmin(admin.ModelAdmin):
    list_display = ["action", "content_type", "object_id"]


@admin.register(Kpi)
class KpiAdmin(admin.ModelAdmin):
    list_display = ["name", "strategy", "baseline", "target", "direction", "source"]
    list_filter = ["direction", "frequency", "source"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["kpi", "date", "value", "origin"]
    list_filter = ["origin"]
