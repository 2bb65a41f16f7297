"""The organisations an import file may name, fetched once for all its rows: matching a row to
an existing organisation and membership (the rules are in importer/__init__.py's doc)."""

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from clusterhub.registry.countries import country_code_for
from clusterhub.registry.importer.base import name_key
from clusterhub.registry.importer.writing import _chunks
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation


class KnownOrganisations:
    """What validation needs from the registry about the file's organisations: by number, by
    folded name, their memberships in the cluster and their secondary NACE codes."""

    def __init__(self, cluster: Cluster, nuts: dict, nace: dict):
        self.cluster = cluster
        self.nuts = nuts
        self.nace = nace
        self.by_number: dict[tuple[str, str], Organisation] = {}
        self.by_name: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
        self.memberships: dict[int, list[Membership]] = defaultdict(list)
        self.secondary: dict[int, set[str]] = defaultdict(set)

    def fetch(self, rows: list[dict[str, str]], columns: dict[str, str]) -> None:
        """Fetch every organisation the file may name, with its memberships and NACE codes.

        A superset is fine (a name in another country, say): matching below is exact.
        """
        names_header = columns["name"]
        number_header = columns.get("registration_number")
        country_header = columns["country"]
        wanted = {name_key(row.get(names_header, "")) for row in rows} - {""}
        countries = {
            country_code_for(text) for text in {row.get(country_header, "") for row in rows} - {""}
        } - {None}
        numbers = (
            sorted({row.get(number_header, "") for row in rows} - {""}) if number_header else []
        )
        # Names are compared folded (NFC, case), which neither database does alike in SQL: read
        # the names of the file's countries (three columns) and fetch the matching rows by key.
        named = [
            pk
            for pk, name in Organisation.objects.filter(country__in=sorted(countries)).values_list(
                "pk", "name"
            )
            if name_key(name) in wanted
        ]
        found: dict[int, Organisation] = {}
        for chunk in _chunks(sorted(named)):
            found.update((o.pk, o) for o in Organisation.objects.filter(pk__in=chunk))
        for chunk in _chunks(numbers):
            found.update(
                (o.pk, o) for o in Organisation.objects.filter(registration_number__in=chunk)
            )
        for organisation in sorted(found.values(), key=lambda o: o.pk):
            # From the prefetched tables, so comparing and cleaning need no lookup.
            if organisation.nuts_region_id:
                organisation.nuts_region = self.nuts[organisation.nuts_region_id]
            if organisation.primary_nace_id:
                organisation.primary_nace = self.nace[organisation.primary_nace_id]
            if organisation.registration_number is not None:
                key = (organisation.country, organisation.registration_number)
                self.by_number[key] = organisation
            self.by_name[(organisation.country, name_key(organisation.name))].append(organisation)
        for membership in Membership.objects.filter(cluster=self.cluster):
            self.memberships[membership.organisation_id].append(membership)
        through = Organisation.secondary_nace.through
        for chunk in _chunks(sorted(found)):
            pairs = through.objects.filter(organisation_id__in=chunk).values_list(
                "organisation_id", "nacecode_id"
            )
            for organisation_id, code in pairs:
                self.secondary[organisation_id].add(code)

    def match(self, values: dict, problem) -> tuple[Organisation, bool]:
        """The existing organisation this row describes, or a new one (see the module doc)."""
        country, name = values["country"], values["name"]
        number = values.get("registration_number")
        if number:
            by_number = self.by_number.get((country, number))
            if by_number is not None:
                if name_key(by_number.name) != name_key(name):
                    problem(
                        "registration_number",
                        _(
                            "Registration number %(n)s already belongs to %(other)s in "
                            "%(country)s. Check the number, or use that name."
                        )
                        % {"n": number, "other": by_number.name, "country": country},
                    )
                return by_number, False
            found = [
                o for o in self.by_name[(country, name_key(name))] if o.registration_number is None
            ][:2]
        else:
            found = self.by_name[(country, name_key(name))][:2]
        if len(found) > 1:
            problem(
                "name",
                _(
                    "Several organisations are called %(name)s in %(country)s; add the "
                    "registration number to say which one."
                )
                % {"name": name, "country": country},
            )
        if found:
            values["name"] = found[0].name  # the registry's spelling stays
            return found[0], False
        return Organisation(), True

    def membership(
        self, organisation: Organisation, is_new: bool, since: date, since_given: date | None
    ) -> tuple[Membership, bool]:
        """The membership the row describes: the one starting that day, else the open one (an
        open membership is the same membership, whatever day the file is imported), else new."""
        others = [] if is_new else self.memberships[organisation.pk]
        existing = next((m for m in others if m.since == since), None)
        if existing is None:
            existing = next((m for m in others if m.until is None), None)
        membership = existing or Membership(cluster=self.cluster, since=since)
        if not is_new:
            membership.organisation = organisation
        membership.known_others = [m for m in others if m is not membership]
        return membership, existing is None
