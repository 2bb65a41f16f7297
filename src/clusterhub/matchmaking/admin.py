from django.contrib import admin

from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import Suggestion
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.models import ValueChainStage


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "cluster", "visibility", "deadline"]
    list_filter = ["kind", "visibility", "cluster"]
    search_fields = ["title", "description", "organisation__name"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["nace_codes"]
    readonly_fields = ["vector_model", "text_hash"]


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = ["requester", "target", "profile", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["requester", "target", "profile", "requested_by", "forwarded_by"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "value_chain", "expected_value_eur", "realised_value_eur"]
    list_filter = ["status"]
    raw_id_fields = ["partners", "introduction"]


class StageInline(admin.TabularInline):
    model = ValueChainStage
    extra = 0
    filter_horizontal = ["nace_codes"]


@admin.register(ValueChain)
class ValueChainAdmin(admin.ModelAdmin):
    list_display = ["name", "cluster"]
    inlines = [StageInline]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "partner", "rank", "score", "computed_at"]
    raw_id_fields = ["organisation", "partner"]
