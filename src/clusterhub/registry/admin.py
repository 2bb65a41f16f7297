from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme
from clusterhub.registry.search import words_q


class FoldedSearch:
    """The admin's search (and its autocomplete) forgives accents and case as the pages do:
    "berzs" finds "Bērzs" through `search_text`, besides the admin's own search fields."""

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        condition = words_q(search_term)
        if condition is not None:
            found = found | queryset.filter(condition)
        return found, may_have_duplicates


@admin.register(NaceCode)
class NaceCodeAdmin(FoldedSearch, admin.ModelAdmin):
    list_display = ["code", "level", "title"]
    list_filter = ["level"]
    search_fields = ["code", "title"]


@admin.register(NutsRegion)
class NutsRegionAdmin(FoldedSearch, admin.ModelAdmin):
    list_display = ["code", "country_code", "level", "name"]
    list_filter = ["level", "country_code"]
    search_fields = ["code", "name"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["acronym", "name"]
    search_fields = ["acronym", "name"]
    filter_horizontal = ["clusters"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Cluster)
class ClusterAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ["acronym", "name", "country", "sector_group", "management_fte"]
    list_filter = ["country", "sector_group"]
    search_fields = ["acronym", "name"]
    autocomplete_fields = ["nuts_region", "sectors", "managing_organisation"]


@admin.register(Organisation)
class OrganisationAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ["name", "country", "org_type", "size_class", "primary_nace"]
    list_filter = ["country", "org_type", "size_class"]
    search_fields = ["name", "registration_number"]
    autocomplete_fields = ["nuts_region", "primary_nace", "secondary_nace"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "cluster", "since", "until", "committed"]
    list_filter = ["cluster", "committed"]
    search_fields = ["organisation__name", "cluster__acronym"]
    autocomplete_fields = ["organisation", "cluster"]


@admin.register(Person)
class PersonAdmin(FoldedSearch, SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "organisation", "email"]
    search_fields = ["last_name", "first_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "user"]
