"""Imports write in bulk (issue 16.6): the query count does not grow with the rows, each
written object has its history row, and the folded search column is filled."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterhub.registry.importer import import_organisations
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.search import matching
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory

HEADER = "name,reg_no,country,nuts,nace,secondary_nace,type,headcount,member_since,committed,ground"


def _file(rows: int) -> bytes:
    """`rows` new organisations and `rows` that update existing members of the cluster."""
    lines = [HEADER]
    for i in range(rows):
        lines.append(f"Bērzs {i} SIA,4000{i:07d},LV,LV00A,62.10,62.20;62.90,SME,{i + 1},,no,")
        lines.append(f"Existing {i} OÜ,1000{i:04d},EE,EE001,72.10,,research,,2020-01-01,yes,fee")
    return "\n".join(lines).encode("utf-8")


def _existing(cluster, rows: int) -> None:
    for i in range(rows):
        organisation = OrganisationFactory(
            name=f"Existing {i} OÜ", country="EE", registration_number=f"1000{i:04d}"
        )
        MembershipFactory(
            cluster=cluster,
            organisation=organisation,
            since="2020-01-01",
            committed=False,
            commitment_ground="",
        )


def _queries(cluster, rows: int, *, dry_run: bool) -> int:
    _existing(cluster, rows)
    with CaptureQueriesContext(connection) as queries:
        result = import_organisations(
            cluster=cluster, data=_file(rows), filename="m.csv", dry_run=dry_run
        )
    assert result.problems == []
    assert (result.created, result.updated, result.memberships_updated) == (rows, rows, rows)
    return len(queries)


@pytest.mark.parametrize(
    ("dry_run", "expected"),
    [
        # reference tables 2, the names of the file's countries 1, organisations matched by
        # name and by number 2, memberships 1, secondary NACE 1
        (True, 7),
        # + savepoint 2, organisations and their history 2 + 2 (new, changed), secondary
        # NACE delete + insert 2, memberships and their history 2 + 2 (new, changed)
        (False, 19),
    ],
)
@pytest.mark.parametrize("rows", [3, 30])
def test_the_query_count_does_not_grow_with_the_rows(world, rows, dry_run, expected):
    assert _queries(world.cluster_a, rows, dry_run=dry_run) == expected


def test_every_written_organisation_and_membership_has_a_history_row(world):
    _existing(world.cluster_a, 2)
    result = import_organisations(
        cluster=world.cluster_a, data=_file(2), filename="m.csv", dry_run=False
    )
    assert result.written
    for name in ("Bērzs 0 SIA", "Bērzs 1 SIA"):
        organisation = Organisation.objects.get(name=name)
        assert list(organisation.history.values_list("history_type", flat=True)) == ["+"]
        assert organisation.size_class == "micro"  # from the headcount, as the model's clean()
        assert set(organisation.secondary_nace.values_list("code", flat=True)) == {
            "62.20",
            "62.90",
        }
        membership = Membership.objects.get(organisation=organisation)
        assert list(membership.history.values_list("history_type", flat=True)) == ["+"]
    updated = Organisation.objects.get(name="Existing 1 OÜ")
    assert updated.org_type == "research"
    assert [h.history_type for h in updated.history.order_by("history_date")] == ["+", "~"]
    membership = Membership.objects.get(organisation=updated)
    assert (membership.committed, membership.commitment_ground) == (True, "fee")
    assert membership.history.latest("history_date").committed is True


def test_an_imported_accented_name_is_found_by_its_unaccented_form(world):
    import_organisations(cluster=world.cluster_a, data=_file(1), filename="m.csv", dry_run=False)
    found = matching(Organisation.objects.all(), "berzs 0")
    assert [o.name for o in found] == ["Bērzs 0 SIA"]
    assert Organisation.objects.get(name="Existing 0 OÜ").search_text == "existing 0 ou 10000000"


def test_progress_is_reported_up_to_the_total(world):
    calls = []
    import_organisations(
        cluster=world.cluster_a,
        data=_file(150),  # 300 rows: one report during validation, at row 200
        filename="m.csv",
        dry_run=False,
        on_progress=lambda done, total: calls.append((done, total)),
    )
    assert calls[0] == (200, 600)
    assert calls[-1] == (600, 600)
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)
