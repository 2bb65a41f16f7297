"""The membership REST API under /api/v1/membership/: membership types with their fee rules
(CRUD for the cluster's manager, read for its team) and applications (list and decide).

Objects come from the user's visible querysets (not visible: 404), rights from
membership/rules.py (403), writes through membership/domain.py (invalid: 422).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Query
from ninja import Router
from ninja import Status
from ninja.pagination import paginate

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import apply_patch
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.pagination import PageNumber
from clusterhub.membership import domain
from clusterhub.membership.filters import ApplicationFilters
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.queries import applications_visible_to
from clusterhub.membership.queries import types_visible_to
from clusterhub.membership.schemas import ApplicationOut
from clusterhub.membership.schemas import DecisionIn
from clusterhub.membership.schemas import TypeCreate
from clusterhub.membership.schemas import TypeOut
from clusterhub.membership.schemas import TypeUpdate
from clusterhub.registry.queries import clusters_visible_to

router = Router(tags=["membership"])


def _cluster(request, pk: int, permission: str):
    return object_for(request.user, clusters_visible_to(request.user), pk, permission)


def _type(request, pk: int, permission: str = "membership.change_membershiptype"):
    return object_for(request.user, types_visible_to(request.user), pk, permission)


def _application(request, pk: int, permission: str):
    return object_for(request.user, applications_visible_to(request.user), pk, permission)


def _replace_rules(mtype: MembershipType, rules) -> None:
    mtype.fee_rules.all().delete()
    seen = set()
    for index, rule in enumerate(rules):
        key = (rule.org_type, rule.size_class)
        if key in seen:
            raise ValidationError(
                {
                    "fee_rules": _("Fee rule %(n)s repeats an organisation type and size class.")
                    % {"n": index + 1}
                }
            )
        seen.add(key)
        domain.save_fee_rule(
            rule=FeeRule(
                membership_type=mtype,
                org_type=str(rule.org_type),
                size_class=str(rule.size_class),
                yearly_amount=rule.yearly_amount,
            )
        )


@router.get("/membership/clusters/{cluster_id}/types", response=list[TypeOut])
@paginate(PageNumber)
def list_types(request, cluster_id: int = path_id("Cluster id")):
    """A cluster's membership types with fee rules. Permission: membership.view_administration."""
    cluster = _cluster(request, cluster_id, "membership.view_administration")
    return MembershipType.objects.filter(cluster=cluster).prefetch_related("fee_rules")


@router.post("/membership/clusters/{cluster_id}/types", response={201: TypeOut, **ERRORS})
@transaction.atomic
def create_type(request, payload: TypeCreate, cluster_id: int = path_id("Cluster id")):
    """Add a membership type with its fee rules. Permission: membership.manage_types."""
    cluster = _cluster(request, cluster_id, "membership.manage_types")
    data = payload.dict()
    rules = payload.fee_rules
    data.pop("fee_rules")
    mtype = domain.save_membership_type(membership_type=MembershipType(cluster=cluster, **data))
    _replace_rules(mtype, rules)
    return Status(201, mtype)


@router.get("/membership/types/{type_id}", response={200: TypeOut, **ERRORS})
def get_type(request, response: HttpResponse, type_id: int = path_id("Membership type id")):
    """A type with its fee rules and its version (`ETag`) for a later `If-Match`."""
    mtype = object_for(request.user, types_visible_to(request.user), type_id)
    require(request.user, "membership.view_administration", mtype.cluster)
    return with_etag(response, mtype)


@router.patch("/membership/types/{type_id}", response={200: TypeOut, **ERRORS})
@transaction.atomic
def update_type(
    request,
    response: HttpResponse,
    payload: TypeUpdate,
    type_id: int = path_id("Membership type id"),
):
    """Change the fields given (null clears one; a required one is then refused, 422);
    `fee_rules` replaces all its rules (null removes them). `If-Match` with the `ETag` of a GET
    refuses (412) a type changed since. Permission: manage the cluster's types
    (membership.change_membershiptype)."""
    mtype = _type(request, type_id)
    if_match(request, mtype)
    values = patch_values(payload)
    replace_rules = "fee_rules" in values
    values.pop("fee_rules", None)
    apply_patch(mtype, values)
    domain.save_membership_type(membership_type=mtype)
    if replace_rules:
        _replace_rules(mtype, payload.fee_rules or [])
    return with_etag(response, mtype)


@router.delete("/membership/types/{type_id}", response=NO_CONTENT)
def delete_type(request, type_id: int = path_id("Membership type id")):
    mtype = _type(request, type_id)
    try:
        domain.delete_membership_type(membership_type=mtype)
    except ProtectedError:
        raise ValidationError(
            _("Membership type %(n)s is in use by members or applications.") % {"n": mtype}
        ) from None
    return Status(204, None)


@router.get("/membership/clusters/{cluster_id}/applications", response=list[ApplicationOut])
@paginate(PageNumber)
def list_applications(
    request, filters: Query[ApplicationFilters], cluster_id: int = path_id("Cluster id")
):
    """A cluster's applications, newest first. Permission: membership.view_administration."""
    cluster = _cluster(request, cluster_id, "membership.view_administration")
    qs = applications_visible_to(request.user).filter(cluster=cluster)
    return filters.apply(qs, user=request.user)


@router.get("/membership/applications/{application_id}", response={200: ApplicationOut, **ERRORS})
def get_application(request, application_id: int = path_id("Application id")):
    return _application(request, application_id, "membership.view_application")


@router.post(
    "/membership/applications/{application_id}/decision", response={200: ApplicationOut, **ERRORS}
)
def decide_application(
    request, payload: DecisionIn, application_id: int = path_id("Application id")
):
    """Accept (creating organisation, membership and person; `since` defaults to today) or
    decline (a `reason` is required and mailed). Permission: membership.decide_application."""
    app = _application(request, application_id, "membership.decide_application")
    if payload.decision == "accept":
        return domain.accept_application(
            application=app, decided_by=request.user, since=payload.since
        )
    return domain.decline_application(
        application=app, decided_by=request.user, reason=payload.reason
    )
