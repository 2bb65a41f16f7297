"""Membership permission matrix: a cluster's manager sets membership types and fee rules and
decides applications; its manager and staff see types, applications and members with their
fees, renew members, record a leaving and export the member list; every insider of the cluster
(programme coordinator included) sees its membership statistics; anyone, signed in or not, may
open the public application form; admins may do everything (membership/rules.py).

Types, fee rules and applications of a cluster the user does not administer answer 404 (their
querysets hold only administered clusters); a member's terms answer 404 outside the cluster's
insiders and 403 to insiders outside its team.
"""

from decimal import Decimal

import pytest

from clusterhub.membership.domain import submit_application
from clusterhub.membership.models import Application
from tests.factories import FeeRuleFactory
from tests.factories import MembershipTypeFactory
from tests.factories import MemberTermsFactory
from tests.security.matrix import EDITORS_A
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import MANAGERS_A
from tests.security.matrix import PUBLIC
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests

NOT_EDITORS_A = SIGNED_IN - EDITORS_A
# A member's terms: insiders of A find the membership (403), the others do not (404).
NOT_INSIDERS_A = SIGNED_IN - INSIDERS_A

SECRETS = (
    "secret-notes-a",
    "secret-notes-b",
    "membership-note-a",
    "membership-note-b",
    # The applicants' addresses: for the clusters' teams only.
    "ieva@applicant-a.example",
    "janis@applicant-b.example",
)


def _application(cluster, mtype, email: str) -> Application:
    return submit_application(
        application=Application(
            cluster=cluster,
            company_name="Newco SIA",
            registration_number="40003000001",
            country="LV",
            org_type="sme",
            size_class="micro",
            contact_first_name="Ieva",
            contact_last_name="Kalna",
            email=email,
            membership_type=mtype,
        )
    )


@pytest.fixture(scope="module")
def objects(world):
    full = MembershipTypeFactory(cluster=world.cluster_a, name="Full member")
    rule = FeeRuleFactory(membership_type=full, yearly_amount=Decimal("500.00"))
    spare = MembershipTypeFactory(cluster=world.cluster_a, name="Spare")
    full_b = MembershipTypeFactory(cluster=world.cluster_b, name="Full member B")
    membership = world.member_a.memberships.get(cluster=world.cluster_a)
    MemberTermsFactory(membership=membership, membership_type=full)
    return {
        "cluster": world.cluster_a,
        "type": full,
        "spare": spare,
        "rule": rule,
        "membership": membership,
        "application": _application(world.cluster_a, full, "ieva@applicant-a.example"),
        "application_b": _application(world.cluster_b, full_b, "janis@applicant-b.example"),
    }


def _decline(objects):
    return {"decision": "decline", "reason": "The fee is not agreed."}


PAGES = [
    # The clusters one administers (none for most): a page for everyone signed in.
    Page("membership:index", allowed=SIGNED_IN, sees_secrets=frozenset()),
    # The statistics for every insider; members and fees only for the team.
    Page("membership:cluster", ("cluster",), INSIDERS_A, sees_secrets=EDITORS_A),
    Page("membership:member_export", ("cluster", "csv"), EDITORS_A),
    Page("membership:types", ("cluster",), EDITORS_A),
    Page("membership:type_create", ("cluster",), MANAGERS_A),
    Page(
        "membership:type_create",
        ("cluster",),
        MANAGERS_A,
        method="post",
        data=lambda o: {"name": "Associate", "open_for_applications": "on"},
        ok=(302,),
    ),
    Page("membership:applications", ("cluster",), EDITORS_A),
    # The public form and its thanks page: everyone, anonymous included.
    Page("membership:apply", ("cluster",), PUBLIC, sees_secrets=frozenset()),
    Page("membership:apply_thanks", ("cluster",), PUBLIC, sees_secrets=frozenset()),
    Page("membership:type_edit", ("type",), MANAGERS_A, hidden=NOT_EDITORS_A),
    Page(
        "membership:type_edit",
        ("type",),
        MANAGERS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        data=lambda o: {"name": "Full", "open_for_applications": "on"},
        ok=(302,),
    ),
    Page("membership:type_delete", ("spare",), MANAGERS_A, hidden=NOT_EDITORS_A),
    Page(
        "membership:type_delete",
        ("spare",),
        MANAGERS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        ok=(302,),
    ),
    Page("membership:type_history", ("type",), EDITORS_A, hidden=NOT_EDITORS_A),
    Page("membership:rule_create", ("type",), MANAGERS_A, hidden=NOT_EDITORS_A),
    Page("membership:rule_edit", ("rule",), MANAGERS_A, hidden=NOT_EDITORS_A),
    Page("membership:rule_delete", ("rule",), MANAGERS_A, hidden=NOT_EDITORS_A),
    Page(
        "membership:rule_delete",
        ("rule",),
        MANAGERS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        ok=(302,),
    ),
    Page("membership:application", ("application",), EDITORS_A, hidden=NOT_EDITORS_A),
    # Staff see an application; only the manager decides it.
    Page(
        "membership:application",
        ("application",),
        MANAGERS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        data=lambda o: {"action": "decline", "decline-decline_reason": "Not now."},
        ok=(302,),
    ),
    Page("membership:application_history", ("application",), EDITORS_A, hidden=NOT_EDITORS_A),
    Page("membership:terms_edit", ("membership",), EDITORS_A, hidden=NOT_INSIDERS_A),
    Page(
        "membership:renew",
        ("membership",),
        EDITORS_A,
        hidden=NOT_INSIDERS_A,
        method="post",
        ok=(302,),
    ),
    Page("membership:leave", ("membership",), EDITORS_A, hidden=NOT_INSIDERS_A),
    Page("membership:terms_history", ("membership",), EDITORS_A, hidden=NOT_INSIDERS_A),
]

OPERATIONS = [
    Operation("clusterhub_membership_api_list_types", ("cluster",), EDITORS_A),
    Operation(
        "clusterhub_membership_api_create_type",
        ("cluster",),
        MANAGERS_A,
        body=lambda o: {"name": "Associate"},
        ok=(201,),
    ),
    Operation("clusterhub_membership_api_get_type", ("type",), EDITORS_A, NOT_EDITORS_A),
    Operation(
        "clusterhub_membership_api_update_type",
        ("type",),
        MANAGERS_A,
        NOT_EDITORS_A,
        body=lambda o: {"name": "Full member (renamed)"},
    ),
    Operation(
        "clusterhub_membership_api_delete_type",
        ("spare",),
        MANAGERS_A,
        NOT_EDITORS_A,
        ok=(204,),
    ),
    Operation(
        "clusterhub_membership_api_list_applications",
        ("cluster",),
        EDITORS_A,
    ),
    Operation(
        "clusterhub_membership_api_get_application",
        ("application",),
        EDITORS_A,
        NOT_EDITORS_A,
    ),
    Operation(
        "clusterhub_membership_api_decide_application",
        ("application",),
        MANAGERS_A,
        NOT_EDITORS_A,
        body=_decline,
    ),
]


# Where the planted strings do appear, so their absence elsewhere means something.
SHOWN = [
    (PAGES[18], "staff_a", "ieva@applicant-a.example"),
    (OPERATIONS[6], "manager_a", "ieva@applicant-a.example"),
]


globals().update(
    area_tests(
        PAGES,
        OPERATIONS,
        SECRETS,
        namespaces=["membership"],
        tags_or_prefixes=["membership"],
        shown=SHOWN,
    )
)
