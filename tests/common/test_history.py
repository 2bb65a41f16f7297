import datetime as dt

from clusterhub.common.history import history_of
from clusterhub.registry import domain
from clusterhub.registry.models import NaceCode
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import UserFactory


def test_history_lists_creation_then_changes_newest_first(db):
    org = OrganisationFactory(name="Old Name", city="Riga")
    org.name = "New Name"
    org.city = ""
    org.save()
    entries = history_of(org)
    assert [e.kind for e in entries] == ["~", "+"]
    changed = {c.field: (c.old, c.new) for c in entries[0].changes}
    assert changed == {"name": ("Old Name", "New Name"), "city": ("Riga", "—")}
    created = {c.field: c.new for c in entries[1].changes}
    assert created["name"] == "Old Name"
    assert created["type"] == "SME"  # choice label, not the stored value
    assert "updated" not in created


def test_history_names_who_changed_and_resolves_related_objects(db):
    user = UserFactory(username="editor", first_name="Eva", last_name="Editor")
    org = OrganisationFactory()
    org.primary_nace = NaceCode.objects.get(code="62.10")
    org._history_user = user
    org.save()
    entry = history_of(org)[0]
    assert entry.who == "Eva Editor"
    assert entry.kind_label == "Changed"
    assert [(c.field, c.old, c.new) for c in entry.changes] == [
        ("primary NACE code", "—", "62.10 Computer programming activities")
    ]


def test_history_shows_booleans_and_dates_readably(db):
    membership = MembershipFactory(committed=False, commitment_ground="")
    membership.committed = True
    membership.commitment_ground = "written"
    membership.until = dt.date(2030, 1, 31)
    domain.save_membership(membership=membership)
    changes = {c.field: (c.old, c.new) for c in history_of(membership)[0].changes}
    assert changes["committed"] == ("no", "yes")
    assert changes["ground of commitment"] == ("—", "Written commitment")
    assert changes["member until"][0] == "—"
    assert "2030" in changes["member until"][1]


def test_system_changes_are_attributed_to_system(db):
    org = OrganisationFactory()
    assert history_of(org)[0].who == "system"
