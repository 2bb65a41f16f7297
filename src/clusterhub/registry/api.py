"""The registry's REST API: clusters, organisations, memberships, people, programmes, and the
reference data that pages' pickers search.

Handlers are thin. Each starts from the user's visible queryset (queries.py: not visible is 404),
asks rules.py before a write (visible but not allowed is 403), turns ids and codes in the payload
into objects (unknown ones are 422 on their field) and writes through domain.py. Lists take the
same filter classes as the pages and are paginated.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja.pagination import paginate
from ninja.responses import Status

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
from clusterhub.registry import domain
from clusterhub.registry import lookups
from clusterhub.registry import nace_suggest as nace_suggest_module
from clusterhub.registry.countries import country_choices
from clusterhub.registry.filters import ClusterFilters
from clusterhub.registry.filters import MembershipFilters
from clusterhub.registry.filters import OrganisationFilters
from clusterhub.registry.filters import PersonFilters
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import memberships_visible_to
from clusterhub.registry.queries import organisations_visible_to
from clusterhub.registry.queries import people_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.registry.queries import team_clusters_prefetch
from clusterhub.registry.schemas import ClusterCreate
from clusterhub.registry.schemas import ClusterOut
from clusterhub.registry.schemas import ClusterUpdate
from clusterhub.registry.schemas import CountryOut
from clusterhub.registry.schemas import MembershipCreate
from clusterhub.registry.schemas import MembershipOut
from clusterhub.registry.schemas import MembershipUpdate
from clusterhub.registry.schemas import NaceOut
from clusterhub.registry.schemas import NutsOut
from clusterhub.registry.schemas import OrganisationCreate
from clusterhub.registry.schemas import OrganisationOut
from clusterhub.registry.schemas import OrganisationUpdate
from clusterhub.registry.schemas import PersonCreate
from clusterhub.registry.schemas import PersonOut
from clusterhub.registry.schemas import PersonUpdate
from clusterhub.registry.schemas import ProgrammeOut
from clusterhub.registry.search import code_or_words

router = Router(tags=["registry"])

# Search text may be anything but NUL, which PostgreSQL cannot compare.
NO_NUL = r"^[^\x00]*$"


# Querysets with what their Out schema reads, so a page of any length costs the same queries.


def _clusters(user) -> QuerySet[Cluster]:
    return clusters_visible_to(user).prefetch_related(
        Prefetch("sectors", queryset=NaceCode.objects.only("code"))
    )


def _organisations(user) -> QuerySet[Organisation]:
    return organisations_visible_to(user).prefetch_related(
        Prefetch("secondary_nace", queryset=NaceCode.objects.only("code")),
        # The finances of each row are shown by a rule that asks for its clusters.
        team_clusters_prefetch(),
    )


def _memberships(user) -> QuerySet[Membership]:
    return memberships_visible_to(user).select_related("cluster", "organisation")


def _people(user) -> QuerySet[Person]:
    return people_visible_to(user).select_related("organisation")


def _saved_person(user, person: Person) -> Person:
    """The person as stored; the one who moved a person to another organisation may no longer
    see them, and is then answered with what they sent, as saved."""
    return _people(user).filter(pk=person.pk).first() or person


def _patched(request, obj, payload, named: dict[str, Callable] | None = None) -> dict:
    """Apply a PATCH body to the record (common.api_helpers: left out unchanged, null cleared),
    after the If-Match check, with the ids and codes it names looked up; returns the values."""
    if_match(request, obj)
    values = lookups.resolved(request.user, patch_values(payload), named or {})
    m2m = {name: values.pop(name) for name in M2M_FIELDS if name in values}
    apply_patch(obj, values)
    return m2m


# Many-to-many fields a PATCH replaces through the domain verb, not by assignment.
M2M_FIELDS = ("sectors", "secondary_nace")


# Clusters

CLUSTER_LOOKUPS = {
    "nuts_region": lookups.nuts_region,
    "managing_organisation": lookups.organisation,
    "sectors": lookups.nace_codes,
}


@router.get("/clusters", response=list[ClusterOut])
@paginate(PageNumber)
def list_clusters(request, filters: Query[ClusterFilters]):
    """The cluster directory. Permission: registry.view_cluster (every signed-in user)."""
    return filters.apply(_clusters(request.user), user=request.user)


@router.post("/clusters", response={201: ClusterOut, **ERRORS})
def create_cluster(request, payload: ClusterCreate):
    """Register a cluster. Permission: registry.add_cluster."""
    require(request.user, "registry.add_cluster")
    data = lookups.resolved(request.user, payload.model_dump(), CLUSTER_LOOKUPS)
    sectors = data.pop("sectors")
    cluster = domain.register_cluster(
        cluster=Cluster(**data), sectors=sectors, registered_by=request.user
    )
    return Status(201, _clusters(request.user).get(pk=cluster.pk))


@router.get("/clusters/{cluster_id}", response={200: ClusterOut, **ERRORS})
def get_cluster(request, response: HttpResponse, cluster_id: int = path_id("Cluster id")):
    """One cluster. Internal notes only with registry.view_cluster_private."""
    return with_etag(response, object_for(request.user, _clusters(request.user), cluster_id))


@router.patch("/clusters/{cluster_id}", response={200: ClusterOut, **ERRORS})
@transaction.atomic
def update_cluster(
    request, response: HttpResponse, payload: ClusterUpdate, cluster_id: int = path_id("Cluster id")
):
    """Change the fields given. Permission: registry.change_cluster on the cluster."""
    cluster = object_for(
        request.user, _clusters(request.user), cluster_id, "registry.change_cluster"
    )
    m2m = _patched(request, cluster, payload, CLUSTER_LOOKUPS)
    domain.save_cluster(cluster=cluster, sectors=m2m.get("sectors"))
    return with_etag(response, _clusters(request.user).get(pk=cluster.pk))


@router.delete("/clusters/{cluster_id}", response=NO_CONTENT)
def delete_cluster(request, cluster_id: int = path_id("Cluster id")):
    """Delete a cluster with its memberships. Permission: registry.delete_cluster."""
    cluster = object_for(
        request.user, clusters_visible_to(request.user), cluster_id, "registry.delete_cluster"
    )
    domain.delete_cluster(cluster=cluster)
    return Status(204, None)


# Organisations

ORGANISATION_LOOKUPS = {
    "nuts_region": lookups.nuts_region,
    "primary_nace": lookups.nace_code,
    "secondary_nace": lookups.nace_codes,
}


@router.get("/organisations", response=list[OrganisationOut])
@paginate(PageNumber)
def list_organisations(request, filters: Query[OrganisationFilters]):
    """The organisation directory. Permission: registry.view_organisation (signed in)."""
    return filters.apply(_organisations(request.user), user=request.user)


@router.post("/organisations", response={201: OrganisationOut, **ERRORS})
def create_organisation(request, payload: OrganisationCreate):
    """Register an organisation. Permission: registry.add_organisation."""
    require(request.user, "registry.add_organisation")
    data = lookups.resolved(request.user, payload.model_dump(), ORGANISATION_LOOKUPS)
    secondary = data.pop("secondary_nace")
    organisation = domain.save_organisation(
        organisation=Organisation(**data), secondary_nace=secondary
    )
    return Status(201, _organisations(request.user).get(pk=organisation.pk))


@router.get("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS})
def get_organisation(
    request, response: HttpResponse, organisation_id: int = path_id("Organisation id")
):
    """One organisation."""
    return with_etag(
        response, object_for(request.user, _organisations(request.user), organisation_id)
    )


@router.patch("/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS})
@transaction.atomic
def update_organisation(
    request,
    response: HttpResponse,
    payload: OrganisationUpdate,
    organisation_id: int = path_id("Organisation id"),
):
    """Change the fields given. Permission: registry.change_organisation on it."""
    organisation = object_for(
        request.user, _organisations(request.user), organisation_id, "registry.change_organisation"
    )
    m2m = _patched(request, organisation, payload, ORGANISATION_LOOKUPS)
    domain.save_organisation(organisation=organisation, secondary_nace=m2m.get("secondary_nace"))
    return with_etag(response, _organisations(request.user).get(pk=organisation.pk))


@router.delete("/organisations/{organisation_id}", response=NO_CONTENT)
def delete_organisation(request, organisation_id: int = path_id("Organisation id")):
    """Delete an organisation that is no member anywhere (422 otherwise).
    Permission: registry.delete_organisation."""
    organisation = object_for(
        request.user,
        organisations_visible_to(request.user),
        organisation_id,
        "registry.delete_organisation",
    )
    domain.delete_organisation(organisation=organisation)
    return Status(204, None)


# Memberships


@router.get("/memberships", response=list[MembershipOut])
@paginate(PageNumber)
def list_memberships(request, filters: Query[MembershipFilters]):
    """Memberships of the clusters the user has a role in. Internal notes only with
    registry.view_membership_private."""
    return filters.apply(_memberships(request.user), user=request.user)


@router.post("/memberships", response={201: MembershipOut, **ERRORS})
def create_membership(request, payload: MembershipCreate):
    """Add a member to a cluster. Permission: registry.add_membership_to on the cluster."""
    data = lookups.resolved(request.user, payload.model_dump(), {"cluster": lookups.cluster})
    require(request.user, "registry.add_membership_to", data["cluster"])
    data = lookups.resolved(request.user, data, {"organisation": lookups.organisation})
    membership = domain.save_membership(membership=Membership(**data))
    return Status(201, _memberships(request.user).get(pk=membership.pk))


@router.get("/memberships/{membership_id}", response={200: MembershipOut, **ERRORS})
def get_membership(request, response: HttpResponse, membership_id: int = path_id("Membership id")):
    """One membership, if the user has a role in its cluster."""
    return with_etag(response, object_for(request.user, _memberships(request.user), membership_id))


@router.patch("/memberships/{membership_id}", response={200: MembershipOut, **ERRORS})
@transaction.atomic
def update_membership(
    request,
    response: HttpResponse,
    payload: MembershipUpdate,
    membership_id: int = path_id("Membership id"),
):
    """Change the fields given. Permission: registry.change_membership on it."""
    membership = object_for(
        request.user, _memberships(request.user), membership_id, "registry.change_membership"
    )
    _patched(request, membership, payload)
    domain.save_membership(membership=membership)
    return with_etag(response, _memberships(request.user).get(pk=membership.pk))


@router.delete("/memberships/{membership_id}", response=NO_CONTENT)
def delete_membership(request, membership_id: int = path_id("Membership id")):
    """Delete a membership. Permission: registry.delete_membership on it."""
    membership = object_for(
        request.user, _memberships(request.user), membership_id, "registry.delete_membership"
    )
    domain.delete_membership(membership=membership)
    return Status(204, None)


# People


@router.get("/people", response=list[PersonOut])
@paginate(PageNumber)
def list_people(request, filters: Query[PersonFilters]):
    """The people the user may see (registry.view_person)."""
    return filters.apply(_people(request.user), user=request.user)


@router.post("/people", response={201: PersonOut, **ERRORS})
def create_person(request, payload: PersonCreate):
    """Add a person. Permission: registry.add_person_to on their organisation (admins only
    may add a person without one)."""
    data = lookups.resolved(
        request.user, payload.model_dump(), {"organisation": lookups.organisation}
    )
    require(request.user, "registry.add_person_to", data["organisation"])
    person = domain.save_person(person=Person(**data))
    return Status(201, _saved_person(request.user, person))


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request, response: HttpResponse, person_id: int = path_id("Person id")):
    """One person, if the user may see them."""
    return with_etag(response, object_for(request.user, _people(request.user), person_id))


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS})
@transaction.atomic
def update_person(
    request, response: HttpResponse, payload: PersonUpdate, person_id: int = path_id("Person id")
):
    """Change the fields given. Permission: registry.change_person on the person, and
    registry.add_person_to on the new organisation when it changes."""
    person = object_for(request.user, _people(request.user), person_id, "registry.change_person")
    organisation = person.organisation
    _patched(request, person, payload, {"organisation": lookups.organisation})
    if person.organisation != organisation:
        require(request.user, "registry.add_person_to", person.organisation)
    return with_etag(response, _saved_person(request.user, domain.save_person(person=person)))


@router.delete("/people/{person_id}", response=NO_CONTENT)
def delete_person(request, person_id: int = path_id("Person id")):
    """Delete a person. Permission: registry.delete_person on them."""
    person = object_for(request.user, _people(request.user), person_id, "registry.delete_person")
    domain.delete_person(person=person)
    return Status(204, None)


# Programmes


def _programmes(user):
    return programmes_visible_to(user).prefetch_related(
        Prefetch("clusters", queryset=Cluster.objects.only("id"))
    )


@router.get("/programmes", response=list[ProgrammeOut])
@paginate(PageNumber)
def list_programmes(request):
    """Programmes and the clusters taking part. Permission: registry.view_programme."""
    return _programmes(request.user).order_by("acronym", "pk")


@router.get("/programmes/{programme_id}", response={200: ProgrammeOut, **ERRORS})
def get_programme(request, programme_id: int = path_id("Programme id")):
    """One programme."""
    return object_for(request.user, _programmes(request.user), programme_id)


# Reference data for pickers: codes that start with the text come first, then titles or
# names that hold every word of it, in any of the four languages, accents and case forgiven
# (registry/search.py). Titles are answered in the reader's language, English the fallback.


def _codes_matching(qs, q: str | None, level: int | None):
    """The reference codes of the level asked (all levels without one); with a text, those that
    match it, else every one in code order."""
    if level is not None:
        qs = qs.filter(level=level)
    q = (q or "").strip()
    if not q:
        return qs.order_by("code")
    return code_or_words(qs, q)


@router.get("/reference/nace", response=list[NaceOut])
@paginate(PageNumber)
def nace_codes(
    request,
    q: str | None = Query(
        None,
        max_length=100,
        pattern=NO_NUL,
        description="Code prefix, or words of the title in English, Latvian, Estonian or Swedish",
    ),
    level: int | None = Query(None, ge=1, le=4, description="1 section ... 4 class"),
):
    """Search NACE Rev. 2.1 codes."""
    return _codes_matching(NaceCode.objects.all(), q, level)


class NaceSuggestionOut(Schema):
    code: str
    title: str
    score: float
    reason: str


class NaceSuggestOut(Schema):
    suggestions: list[NaceSuggestionOut]
    note: str | None = None  # Set when the text was cut before matching.


@router.get("/reference/nace/suggest", response=NaceSuggestOut)
def nace_suggest(
    request,
    text: str = Query("", description="What the organisation does, in its own words"),
):
    """The 5 NACE 2.1 classes that best fit a free text (English, Latvian, Estonian, Swedish)."""
    # Long texts are cut, not refused: a picker cannot show a 422 for a pasted description.
    text = text.replace("\x00", " ").strip()
    if not text:
        raise ValidationError({"text": [_("Describe the activity in a few words.")]})
    suggestions, truncated = nace_suggest_module.suggest(text, lang=get_language()[:2])
    note = None
    if truncated:
        note = _("Only the first %(n)d characters were used.") % {
            "n": nace_suggest_module.MAX_CHARS
        }
    return {"suggestions": [s.__dict__ for s in suggestions], "note": note}


@router.get("/reference/nuts", response=list[NutsOut])
@paginate(PageNumber)
def nuts_regions(
    request,
    q: str | None = Query(
        None,
        max_length=100,
        pattern=NO_NUL,
        description="Code prefix or words of the (national) name",
    ),
    country: str | None = Query(None, pattern="^[A-Za-z]{2}$", description="ISO country code"),
    level: int | None = Query(None, ge=1, le=3, description="NUTS level 1 to 3"),
):
    """Search NUTS 2024 regions."""
    qs = NutsRegion.objects.all()
    if country:
        # NUTS writes Greece as EL where ISO 3166 says GR.
        code = country.upper()
        qs = qs.filter(country_code="EL" if code == "GR" else code)
    return _codes_matching(qs, q, level)


@router.get("/reference/countries", response=list[CountryOut])
@paginate(PageNumber)
def countries(
    request,
    q: str | None = Query(
        None, max_length=100, pattern=NO_NUL, description="Code or part of the name"
    ),
):
    """Search ISO 3166 countries."""
    rows = [{"code": code, "name": name} for code, name in country_choices()]
    q = (q or "").strip().casefold()
    if not q:
        return rows
    by_code = [r for r in rows if r["code"].casefold().startswith(q)]
    codes = {r["code"] for r in by_code}
    by_name = [r for r in rows if q in r["name"].casefold() and r["code"] not in codes]
    return by_code + by_name
