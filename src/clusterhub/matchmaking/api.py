"""The matchmaking REST API under /api/v1/matchmaking/: profiles, recommendations with their
reasons, introductions, collaborations and value chains.

Objects come from the user's visible querysets (not visible: 404), rights from
matchmaking/rules.py (visible but not allowed: 403), writes through matchmaking/domain.py
(invalid: 422 with the field named).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
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
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.pagination import PageNumber
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.chains import chain_fill
from clusterhub.matchmaking.chains import chains_fill
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.filters import ProfileFilters
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.queries import collaborations_visible_to
from clusterhub.matchmaking.queries import introductions_visible_to
from clusterhub.matchmaking.queries import profiles_visible_to
from clusterhub.matchmaking.queries import value_chains_visible_to
from clusterhub.matchmaking.recommend import Filters
from clusterhub.matchmaking.recommend import Recommendation
from clusterhub.matchmaking.recommend import for_organisation
from clusterhub.matchmaking.recommend import for_profile
from clusterhub.matchmaking.schemas import CollaborationOut
from clusterhub.matchmaking.schemas import CollaborationUpdate
from clusterhub.matchmaking.schemas import IntroductionIn
from clusterhub.matchmaking.schemas import IntroductionOut
from clusterhub.matchmaking.schemas import ProfileCreate
from clusterhub.matchmaking.schemas import ProfileOut
from clusterhub.matchmaking.schemas import ProfileUpdate
from clusterhub.matchmaking.schemas import RecommendationOut
from clusterhub.matchmaking.schemas import RecommendationQuery
from clusterhub.matchmaking.schemas import ValueChainIn
from clusterhub.matchmaking.schemas import ValueChainOut
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import organisations_visible_to

router = Router(tags=["matchmaking"])


def _org(org) -> dict | None:
    return None if org is None else {"id": org.pk, "name": org.name, "country": org.country}


def _profile_out(user, profile: Profile, notices: list[str] | None = None) -> dict:
    shown = user.has_perm("matchmaking.view_profile_identity", profile)
    return {
        "id": profile.pk,
        "kind": profile.kind,
        "title": profile.title,
        "description": profile.description,
        "keywords": profile.keywords,
        "nace_codes": [n.code for n in profile.nace_codes.all()],
        "target_regions": profile.target_regions,
        "deadline": profile.deadline,
        "visibility": profile.visibility,
        "cluster_id": profile.cluster_id,
        "organisation": _org(profile.organisation) if shown else None,
        "is_open": profile.is_open,
        "notices": notices or [],
    }


def _field_error(name: str, message: str) -> ValidationError:
    return ValidationError({name: message})


# --- profiles ------------------------------------------------------------------------------


@router.get("/matchmaking/profiles", response=list[ProfileOut])
@paginate(PageNumber)
def list_profiles(request, filters: Query[ProfileFilters], open_only: bool = True):
    """Offers and requests the user may see (anonymous ones without the organisation), with
    the filters of the offers and requests page."""
    from clusterhub.matchmaking.queries import open_profiles

    qs = profiles_visible_to(request.user).select_related("organisation")
    qs = qs.prefetch_related("nace_codes")
    if open_only:
        qs = open_profiles(qs)
    qs = filters.apply(qs, user=request.user)
    return [_profile_out(request.user, p) for p in qs[:2000]]


@router.post("/matchmaking/profiles", response={201: ProfileOut, **ERRORS})
def create_profile(request, payload: ProfileCreate):
    """Publish a profile for an organisation. Permission: matchmaking.add_profile_for.

    A description longer than the cap is cut; `notices` says so."""
    org = object_for(
        request.user,
        organisations_visible_to(request.user),
        payload.organisation_id,
        "matchmaking.add_profile_for",
    )
    cluster = chosen(
        clusters_visible_to(request.user),
        payload.cluster_id,
        field="cluster_id",
        message=_("There is no such cluster."),
    )
    data = payload.dict(exclude={"organisation_id", "cluster_id", "nace_codes"})
    data["target_regions"] = data["target_regions"] or ""
    profile = Profile(organisation=org, cluster=cluster, **data)
    saved = domain.save_profile(profile=profile, nace_codes=payload.nace_codes, user=request.user)
    return Status(201, _profile_out(request.user, profile, saved.notices))


@router.get("/matchmaking/profiles/{profile_id}", response={200: ProfileOut, **ERRORS})
def get_profile(request, response: HttpResponse, profile_id: int = path_id("Profile id")):
    profile = with_etag(
        response, object_for(request.user, profiles_visible_to(request.user), profile_id)
    )
    return _profile_out(request.user, profile)


@router.patch("/matchmaking/profiles/{profile_id}", response={200: ProfileOut, **ERRORS})
@transaction.atomic
def update_profile(
    request, response: HttpResponse, payload: ProfileUpdate, profile_id: int = path_id("Profile id")
):
    """Change a profile. Permission: matchmaking.change_profile."""
    profile = object_for(
        request.user, profiles_visible_to(request.user), profile_id, "matchmaking.change_profile"
    )
    if_match(request, profile)
    values = patch_values(payload)
    # null clears, as everywhere (the PATCH rule): no NACE codes, an empty text.
    codes = (values.pop("nace_codes") or []) if "nace_codes" in values else None
    apply_patch(profile, values)
    saved = domain.save_profile(profile=profile, nace_codes=codes, user=request.user)
    with_etag(response, profile)
    return _profile_out(request.user, profile, saved.notices)


@router.delete("/matchmaking/profiles/{profile_id}", response=NO_CONTENT)
def delete_profile(request, profile_id: int = path_id("Profile id")):
    profile = object_for(
        request.user, profiles_visible_to(request.user), profile_id, "matchmaking.change_profile"
    )
    domain.delete_profile(profile=profile)
    return Status(204, None)


# --- recommendations -----------------------------------------------------------------------


def _recommendations_out(items: list[Recommendation]) -> list[dict]:
    return [
        {
            "organisation": _org(r.organisation),
            "profile_id": r.profile.pk if r.profile else None,
            "profile_title": r.profile.title if r.profile else None,
            "score": r.score,
            "parts": {k: round(v, 4) for k, v in r.match.parts.items()} if r.match else {},
            "reasons": [{"code": c, "text": t} for c, t in r.reasons],
        }
        for r in items
    ]


def _filters(q: RecommendationQuery) -> Filters:
    return Filters(q.sector, q.country, q.org_type or "", q.other_clusters_only)


@router.get(
    "/matchmaking/organisations/{organisation_id}/recommendations",
    response={200: list[RecommendationOut], **ERRORS},
)
def organisation_recommendations(
    request,
    q: Query[RecommendationQuery],
    organisation_id: int = path_id("Organisation id"),
):
    """Ranked partners with their reasons. Permission: matchmaking.recommend_for_organisation."""
    org = object_for(
        request.user,
        organisations_visible_to(request.user),
        organisation_id,
        "matchmaking.recommend_for_organisation",
    )
    return _recommendations_out(
        for_organisation(organisation=org, user=request.user, filters=_filters(q), top=q.top)
    )


@router.get(
    "/matchmaking/profiles/{profile_id}/recommendations",
    response={200: list[RecommendationOut], **ERRORS},
)
def profile_recommendations(
    request, q: Query[RecommendationQuery], profile_id: int = path_id("Profile id")
):
    """Answering profiles with reasons. Permission: matchmaking.recommend_for_profile."""
    profile = object_for(
        request.user,
        profiles_visible_to(request.user),
        profile_id,
        "matchmaking.recommend_for_profile",
    )
    return _recommendations_out(
        for_profile(profile=profile, user=request.user, filters=_filters(q), top=q.top)
    )


# --- introductions -------------------------------------------------------------------------


def _intro_out(user, intro: Introduction) -> dict:
    hidden = (
        intro.profile is not None
        and intro.profile.visibility == Visibility.ANONYMOUS
        and intro.status != IntroductionStatus.ACCEPTED
        and not user.has_perm("matchmaking.view_profile_identity", intro.profile)
    )
    collaboration = getattr(intro, "collaboration", None)
    return {
        "id": intro.pk,
        "requester": _org(intro.requester),
        "target": None if hidden else _org(intro.target),
        "profile_id": intro.profile_id,
        "status": intro.status,
        "message": intro.message,
        "created_at": intro.created_at,
        "decided_at": intro.decided_at,
        "collaboration_id": collaboration.pk if collaboration else None,
    }


@router.get("/matchmaking/introductions", response=list[IntroductionOut])
@paginate(PageNumber)
def list_introductions(request):
    qs = introductions_visible_to(request.user).select_related(
        "requester", "target", "profile", "collaboration"
    )
    return [_intro_out(request.user, i) for i in qs[:2000]]


@router.post(
    "/matchmaking/introductions", response={200: IntroductionOut, 201: IntroductionOut, **ERRORS}
)
def request_introduction(request, payload: IntroductionIn):
    """Ask for an introduction (201; a repeated request answers 200 with the existing one).
    Permission: matchmaking.request_introduction_for on the requester."""
    requester = object_for(
        request.user,
        organisations_visible_to(request.user),
        payload.requester_id,
        "matchmaking.request_introduction_for",
    )
    profile = target = None
    if payload.profile_id is not None:
        profile = chosen(
            profiles_visible_to(request.user),
            payload.profile_id,
            field="profile_id",
            message=_("There is no such profile."),
        )
    elif payload.target_id is not None:
        target = chosen(
            organisations_visible_to(request.user),
            payload.target_id,
            field="target_id",
            message=_("There is no such organisation."),
        )
    intro, created = domain.request_introduction(
        requester=requester,
        target=target,
        profile=profile,
        user=request.user,
        message=payload.message,
    )
    return Status(201 if created else 200, _intro_out(request.user, intro))


def _intro(request, pk: int) -> Introduction:
    return object_for(
        request.user, introductions_visible_to(request.user).select_related("profile__cluster"), pk
    )


@router.post(
    "/matchmaking/introductions/{introduction_id}/forward",
    response={200: IntroductionOut, **ERRORS},
)
def forward_introduction(request, introduction_id: int = path_id("Introduction id")):
    """The anonymous profile's cluster manager or staff passes it on."""
    intro = _intro(request, introduction_id)
    require(request.user, "matchmaking.forward_introduction", intro)
    return _intro_out(
        request.user, domain.forward_introduction(introduction=intro, user=request.user)
    )


@router.post(
    "/matchmaking/introductions/{introduction_id}/accept",
    response={200: IntroductionOut, **ERRORS},
)
def accept_introduction(request, introduction_id: int = path_id("Introduction id")):
    """The asked side accepts: a collaboration (exploring) starts."""
    return _decide(request, introduction_id, accept=True)


@router.post(
    "/matchmaking/introductions/{introduction_id}/decline",
    response={200: IntroductionOut, **ERRORS},
)
def decline_introduction(request, introduction_id: int = path_id("Introduction id")):
    """The asked side declines: the pair is not proposed again for 90 days."""
    return _decide(request, introduction_id, accept=False)


def _decide(request, introduction_id: int, *, accept: bool) -> dict:
    intro = _intro(request, introduction_id)
    require(request.user, "matchmaking.decide_introduction", intro)
    domain.decide_introduction(introduction=intro, accept=accept, user=request.user)
    # Read an accepted one again, so that its answer carries the collaboration just started.
    return _intro_out(request.user, Introduction.objects.get(pk=intro.pk) if accept else intro)


# --- collaborations ------------------------------------------------------------------------


def _collab_out(c: Collaboration) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "partners": [_org(p) for p in c.partners.all()],
        "value_chain_id": c.value_chain_id,
        "status": c.status,
        "expected_value_eur": c.expected_value_eur,
        "realised_value_eur": c.realised_value_eur,
        "notes": c.notes,
        "introduction_id": c.introduction_id,
    }


@router.get("/matchmaking/collaborations", response=list[CollaborationOut])
@paginate(PageNumber)
def list_collaborations(request):
    qs = collaborations_visible_to(request.user).prefetch_related("partners")
    return [_collab_out(c) for c in qs[:2000]]


@router.get(
    "/matchmaking/collaborations/{collaboration_id}", response={200: CollaborationOut, **ERRORS}
)
def get_collaboration(
    request, response: HttpResponse, collaboration_id: int = path_id("Collaboration id")
):
    collaboration = with_etag(
        response,
        object_for(request.user, collaborations_visible_to(request.user), collaboration_id),
    )
    return _collab_out(collaboration)


@router.patch(
    "/matchmaking/collaborations/{collaboration_id}", response={200: CollaborationOut, **ERRORS}
)
@transaction.atomic
def update_collaboration(
    request,
    response: HttpResponse,
    payload: CollaborationUpdate,
    collaboration_id: int = path_id("Collaboration id"),
):
    """Status, value chain, values and notes. Permission: matchmaking.change_collaboration."""
    collaboration = object_for(
        request.user,
        collaborations_visible_to(request.user),
        collaboration_id,
        "matchmaking.change_collaboration",
    )
    if_match(request, collaboration)
    values = patch_values(payload)
    # Only a value chain the user sees may be named; apply_patch then sets its id.
    chosen(
        value_chains_visible_to(request.user),
        values.get("value_chain_id"),
        field="value_chain_id",
        message=_("There is no such value chain."),
    )
    apply_patch(collaboration, values)
    saved = domain.save_collaboration(collaboration=collaboration)
    with_etag(response, saved)
    return _collab_out(saved)


# --- value chains --------------------------------------------------------------------------


def _chain_out(chain: ValueChain, stages: list | None = None) -> dict:
    stages = chain_fill(chain) if stages is None else stages
    return {
        "id": chain.pk,
        "cluster_id": chain.cluster_id,
        "name": chain.name,
        "description": chain.description,
        "stages": [
            {
                "position": s.position,
                "name": s.name,
                "nace_codes": s.codes,
                "members": [_org(m) for m in s.members],
                "is_gap": s.is_gap,
            }
            for s in stages
        ],
        "gaps": [s.name for s in stages if s.is_gap],
    }


@router.get("/matchmaking/value-chains", response=list[ValueChainOut])
@paginate(PageNumber)
def list_value_chains(request):
    chains = list(value_chains_visible_to(request.user)[:500])
    filled = chains_fill(chains)
    return [_chain_out(c, filled[c.pk]) for c in chains]


@router.post("/matchmaking/value-chains", response={201: ValueChainOut, **ERRORS})
def create_value_chain(request, payload: ValueChainIn):
    """Define a chain with stages mapped to NACE codes. Permission: add_value_chain_to."""
    cluster = object_for(
        request.user,
        clusters_visible_to(request.user),
        payload.cluster_id,
        "matchmaking.add_value_chain_to",
    )
    if ValueChain.objects.filter(cluster=cluster, name=payload.name).exists():
        raise _field_error("name", _("This cluster already has a value chain of that name."))
    chain = domain.save_value_chain(
        chain=ValueChain(cluster=cluster, name=payload.name, description=payload.description),
        stages=[(s.name, s.nace_codes) for s in payload.stages],
    )
    return Status(201, _chain_out(chain))


@router.get("/matchmaking/value-chains/{chain_id}", response={200: ValueChainOut, **ERRORS})
def get_value_chain(request, chain_id: int = path_id("Value chain id")):
    """Stages, the members filling each, and the gaps."""
    return _chain_out(object_for(request.user, value_chains_visible_to(request.user), chain_id))
