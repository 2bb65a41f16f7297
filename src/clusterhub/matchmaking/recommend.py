"""Partner recommendations for an organisation or a profile, with their reasons in words.

Text similarities come from the vector index (matrix products over the open profiles); the
rest of the score comes from core.matching with the complementarity table. Only what the user
may see is used: anonymous profiles count for profile recommendations, shown without a name.
"""

from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache

import numpy as np
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.roles import roles_of
from clusterhub.common.numbers import format_number
from clusterhub.common.numbers import format_percent
from clusterhub.core.complementarity import Complementarity
from clusterhub.core.matching import Match
from clusterhub.core.matching import Party
from clusterhub.core.matching import Reason
from clusterhub.core.matching import Weights
from clusterhub.core.matching import score_pair
from clusterhub.core.matching import top_k
from clusterhub.core.types import Point
from clusterhub.matchmaking.complementarity import complementarity
from clusterhub.matchmaking.embedding import TEXT_FLOOR
from clusterhub.matchmaking.embedding import from_bytes
from clusterhub.matchmaking.enums import OFFER_KINDS
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.index import ProfileIndex
from clusterhub.matchmaking.index import get_index
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.queries import managed_organisations
from clusterhub.matchmaking.queries import open_profiles
from clusterhub.matchmaking.queries import profiles_visible_to
from clusterhub.matchmaking.queries import recently_declined_pairs
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person

# Organisations scoring at least this are "strong" (edges of the network map).
STRONG = 0.6


@dataclass(frozen=True)
class Filters:
    sector: str = ""  # NACE section letter or a code prefix such as "49" or "62.0"
    country: str = ""
    org_type: str = ""
    other_clusters_only: bool = False
    # Only these organisations (the participants of an event, say); None: any member.
    among: frozenset[int] | None = None


@dataclass
class Recommendation:
    organisation: Organisation | None  # None for an anonymous profile
    profile: Profile | None  # their profile that matched best, if any
    score: float
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (code, sentence)
    match: Match | None = None

    @property
    def anonymous(self) -> bool:
        return self.organisation is None


@lru_cache(maxsize=1)
def _sections() -> dict[str, str]:
    return dict(NaceCode.objects.filter(level=2).values_list("code", "parent_id"))


def section_of(division: str) -> str:
    sections = _sections()
    if not sections:
        _sections.cache_clear()
    return sections.get(division[:2], division[:2])


@lru_cache(maxsize=8)
def _division_titles(language: str) -> dict[str, str]:
    # The language keys the cache because the title read is the active language's.
    return dict(NaceCode.objects.filter(level=2).values_list("code", "title"))


def division_title(division: str) -> str:
    """The NACE division's title in the reader's language. Reference data changes only when
    it is loaded again, so the titles are read once per language, not once per reason (a
    recommendation list names about twenty)."""
    titles = _division_titles(get_language())
    if not titles:
        _division_titles.cache_clear()
    return titles.get(division[:2]) or division


def org_divisions(org: Organisation) -> tuple[str, ...]:
    codes = [org.primary_nace_id] if org.primary_nace_id else []
    codes += [n.code for n in org.secondary_nace.all()]
    return tuple(dict.fromkeys(c[:2] for c in codes if c))


def profile_divisions(profile: Profile) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.code[:2] for n in profile.nace_codes.all()))


def org_party(org: Organisation, extra: tuple[str, ...] = ()) -> Party:
    location = Point(float(org.latitude), float(org.longitude)) if org.has_location else None
    return Party(
        divisions=tuple(dict.fromkeys(org_divisions(org) + extra)),
        location=location,
        size_class=org.size_class or "",
    )


def reason_text(reason: Reason) -> str:
    p = reason.params
    if reason.code == "text_match":
        return _("What they offer or ask for matches your profiles (%(pct)s text match).") % {
            "pct": format_percent(round(p["similarity"] * 100))
        }
    if reason.code == "buys_from":
        return _(
            "Your sector (%(mine)s) buys from theirs (%(theirs)s): a strong supplier link in "
            "the input-output tables (%(s)s)."
        ) % {
            "mine": division_title(p["mine"]),
            "theirs": division_title(p["theirs"]),
            "s": p["strength"],
        }
    if reason.code == "supplies_to":
        return _(
            "Your sector (%(mine)s) supplies theirs (%(theirs)s): they are a likely customer "
            "(%(s)s)."
        ) % {
            "mine": division_title(p["mine"]),
            "theirs": division_title(p["theirs"]),
            "s": p["strength"],
        }
    if reason.code == "sought_sector":
        return _("They work in %(theirs)s, the sector your request asks for.") % {
            "theirs": division_title(p["theirs"])
        }
    if reason.code == "cross_industry":
        return _("A partner from another industry: a cross-industry value chain.")
    if reason.code == "nearby":
        return _("%(km)s km away.") % {"km": format_number(p["km"])}
    if reason.code == "size_fit":
        return _("A company of a fitting size (%(size)s).") % {"size": p["size"]}
    return reason.code


def _weights(index: ProfileIndex) -> Weights:
    return Weights(text_floor=TEXT_FLOOR.get(index.model, 0.0))


@dataclass
class Context:
    """What every recommendation for one viewer shares: the index, the member organisations
    and the profiles the viewer may see. Built once for a batch of many recommendations."""

    index: ProfileIndex
    orgs: dict[int, Organisation]
    clusters_of: dict[int, set[int]]
    visible: set[int]  # profile ids the viewer may see
    named: set[int]  # of those, the ones shown with the organisation's name
    user: object

    @classmethod
    def build(cls, user) -> "Context":
        today = timezone.localdate()
        current = Membership.objects.filter(Q(until__isnull=True) | Q(until__gte=today))
        clusters_of: dict[int, set[int]] = {}
        for org_id, cluster_id in current.values_list("organisation_id", "cluster_id"):
            clusters_of.setdefault(org_id, set()).add(cluster_id)
        orgs = Organisation.objects.filter(pk__in=list(clusters_of)).prefetch_related(
            "secondary_nace"
        )
        visible_qs = profiles_visible_to(user)
        return cls(
            index=get_index(),
            orgs={o.pk: o for o in orgs},
            clusters_of=clusters_of,
            visible=set(visible_qs.values_list("pk", flat=True)),
            named=_named(user, visible_qs),
            user=user,
        )

    def candidates(self, filters: Filters, me: Organisation) -> dict[int, Organisation]:
        """Member organisations other than `me`, narrowed by the filters."""
        exclude = {me.pk} | recently_declined_pairs(me.pk)
        mine = self.clusters_of.get(me.pk, set()) or _clusters_of(me)
        result = {}
        for pk, org in self.orgs.items():
            if pk in exclude or (filters.among is not None and pk not in filters.among):
                continue
            if filters.country and org.country != filters.country.upper():
                continue
            if filters.org_type and org.org_type != filters.org_type:
                continue
            if filters.sector and not _in_sector(org, filters.sector.strip()):
                continue
            if filters.other_clusters_only and self.clusters_of.get(pk, set()) & mine:
                continue
            result[pk] = org
        return result


def _named(user, visible_qs) -> set[int]:
    """Visible profiles shown with the organisation's name: all but the anonymous ones, and
    anonymous ones to those acting for the owner, its cluster's team and admins."""
    r = roles_of(user)
    if r.is_admin:
        return set(visible_qs.values_list("pk", flat=True))
    return set(
        visible_qs.filter(
            ~Q(visibility=Visibility.ANONYMOUS)
            | Q(cluster_id__in=r.team_clusters)
            | Q(organisation__in=Organisation.objects.filter(managed_organisations(user)))
        ).values_list("pk", flat=True)
    )


def _in_sector(org: Organisation, sector: str) -> bool:
    code = org.primary_nace_id or ""
    if len(sector) == 1 and sector.isalpha():
        return bool(code) and section_of(code[:2]) == sector.upper()
    return code.startswith(sector)


def _clusters_of(org: Organisation) -> set[int]:
    today = timezone.localdate()
    return set(
        org.memberships.filter(Q(until__isnull=True) | Q(until__gte=today)).values_list(
            "cluster_id", flat=True
        )
    )


def _my_vectors(index: ProfileIndex, profiles: list[Profile]) -> tuple[np.ndarray, np.ndarray]:
    """(request vectors, offer vectors) of the given profiles, in the index's space."""
    reqs, offs = [], []
    for p in profiles:
        if p.vector is None or p.vector_model != index.model:
            continue
        vec = index.query_vector(from_bytes(p.vector))
        (offs if p.kind in OFFER_KINDS else reqs).append(vec)
    d = index.vectors.shape[1]
    return (
        np.vstack(reqs) if reqs else np.zeros((0, d), np.float32),
        np.vstack(offs) if offs else np.zeros((0, d), np.float32),
    )


def _text_scores(index: ProfileIndex, reqs: np.ndarray, offs: np.ndarray) -> np.ndarray:
    """Best similarity of each indexed profile to my side: their offers against my requests,
    their requests against my offers (matrix products over the whole index)."""
    sims = np.zeros(index.ids.shape[0], dtype=np.float32)
    if index.ids.shape[0] == 0 or reqs.shape[1] != index.vectors.shape[1]:
        return sims
    if reqs.shape[0]:
        sims = np.where(index.is_offer, (index.vectors @ reqs.T).max(axis=1), sims)
    if offs.shape[0]:
        sims = np.where(~index.is_offer, (index.vectors @ offs.T).max(axis=1), sims)
    return sims


def _sides(profiles: list[Profile]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(divisions the offers are in, divisions the requests ask for)."""
    offered = tuple(d for p in profiles if p.kind in OFFER_KINDS for d in profile_divisions(p))
    wanted = tuple(d for p in profiles if p.kind not in OFFER_KINDS for d in profile_divisions(p))
    return tuple(dict.fromkeys(offered)), tuple(dict.fromkeys(wanted))


@dataclass(frozen=True)
class _Asker:
    """The side asking for partners, as both recommendations score it: its party (its
    organisation with the sectors its offers are in, and the sectors its requests ask for) and
    the text similarity of every indexed profile to its own profiles."""

    me: Party
    sims: np.ndarray
    weights: Weights
    table: Complementarity

    @classmethod
    def of(cls, index: ProfileIndex, organisation: Organisation, profiles: list[Profile]):
        reqs, offs = _my_vectors(index, profiles)
        offered, wanted = _sides(profiles)
        base = org_party(organisation, offered)
        return cls(
            me=Party(base.divisions, base.location, base.size_class, wanted),
            sims=_text_scores(index, reqs, offs),
            weights=_weights(index),
            table=complementarity(),
        )

    def score(self, other: Party, text_similarity: float) -> Match:
        return score_pair(
            me=self.me,
            other=other,
            text_similarity=text_similarity,
            table=self.table,
            section_of=section_of,
            weights=self.weights,
        )


# At most this many of one sector (NACE division) among the first recommendations, so a food
# producer sees carriers as well as the ten software houses with the same offer.
PER_SECTOR = 3


def diversify(order: list[int], sector_of, top: int, per_sector: int = PER_SECTOR) -> list[int]:
    """The ranked indices, at most `per_sector` of a sector first, the rest after (by rank)."""
    seen: dict[str, int] = {}
    first, later = [], []
    for i in order:
        key = sector_of(i)
        seen[key] = seen.get(key, 0) + 1
        (first if seen[key] <= per_sector or not key else later).append(i)
    return (first + later)[:top]


def _sector_of(items):
    def sector(i: int) -> str:
        org, profile = items[i]
        if org is not None and org.primary_nace_id:
            return org.primary_nace_id[:2]
        return ""

    return sector


def _recommendations(matches, items, top: int) -> list[Recommendation]:
    ranked = top_k(np.array([m.score for m in matches], dtype=np.float64), top * 4).tolist()
    order = diversify(ranked, _sector_of(items), top)
    return [
        Recommendation(
            organisation=items[i][0],
            profile=items[i][1],
            score=matches[i].score,
            reasons=[(r.code, reason_text(r)) for r in matches[i].reasons[:3]],
            match=matches[i],
        )
        for i in order
    ]


def for_organisation(
    *,
    organisation: Organisation,
    user,
    filters: Filters = Filters(),
    top: int = 10,
    context: Context | None = None,
) -> list[Recommendation]:
    """Ranked partner organisations for an organisation, strongest first."""
    ctx = context or Context.build(user)
    index = ctx.index
    mine = list(
        open_profiles(organisation.partnering_profiles.all()).prefetch_related("nace_codes")
    )
    asker = _Asker.of(index, organisation, mine)
    best: dict[int, tuple[float, int]] = {}
    for row, (pid, oid) in enumerate(zip(index.ids.tolist(), index.org_ids.tolist(), strict=True)):
        if pid in ctx.named and asker.sims[row] > best.get(oid, (-1.0, 0))[0]:
            best[oid] = (float(asker.sims[row]), pid)
    candidates = list(ctx.candidates(filters, organisation).values())
    matches = [asker.score(org_party(c), best.get(c.pk, (0.0, 0))[0]) for c in candidates]
    pids = [best[c.pk][1] for c in candidates if c.pk in best]
    profiles = Profile.objects.in_bulk(pids)
    items = []
    for c, m in zip(candidates, matches, strict=True):
        pid = best.get(c.pk, (0.0, None))[1]
        items.append((c, profiles.get(pid) if m.parts["text"] > 0 else None))
    return _recommendations(matches, items, top)


def for_profile(
    *,
    profile: Profile,
    user,
    filters: Filters = Filters(),
    top: int = 10,
    context: Context | None = None,
) -> list[Recommendation]:
    """Profiles of other organisations answering this one (offers for a request and back)."""
    ctx = context or Context.build(user)
    index = ctx.index
    asker = _Asker.of(index, profile.organisation, [profile])
    wanted_offer = profile.kind not in OFFER_KINDS
    allowed = ctx.candidates(filters, profile.organisation)
    rows = [
        r
        for r in range(index.ids.shape[0])
        if bool(index.is_offer[r]) == wanted_offer
        and int(index.org_ids[r]) in allowed
        and int(index.ids[r]) in ctx.visible
    ]
    theirs = Profile.objects.prefetch_related("nace_codes").in_bulk(
        [int(index.ids[r]) for r in rows]
    )
    matches, items = [], []
    for r in rows:
        other = theirs[int(index.ids[r])]
        org = allowed[other.organisation_id]
        their_offered, _wanted = _sides([other])
        if other.pk in ctx.named:
            party = org_party(org, their_offered)
        else:
            # Anonymous: score on the profile's own sectors only, and show no name.
            party = Party(their_offered or org_divisions(org))
            org = None
        matches.append(asker.score(party, float(asker.sims[r])))
        items.append((org, other))
    return _recommendations(matches, items, top)


def acting_organisation(user) -> Organisation | None:
    """The organisation a user speaks for: the one they represent, else their own employer."""
    represented = sorted(roles_of(user).represented_organisations)
    if represented:
        return Organisation.objects.filter(pk=represented[0]).first()
    person = getattr(user, "person", None)
    return person.organisation if person is not None else None


def organisations_of(user_ids) -> frozenset[int]:
    """The organisations the users speak for: those they represent and their employers."""
    user_ids = list(user_ids)
    represented = RoleAssignment.objects.filter(
        user_id__in=user_ids, role=Role.MEMBER_REPRESENTATIVE, organisation__isnull=False
    ).values_list("organisation_id", flat=True)
    employers = Person.objects.filter(user_id__in=user_ids, organisation__isnull=False).values_list(
        "organisation_id", flat=True
    )
    return frozenset(represented) | frozenset(employers)


def recommendations_for(user, *, limit: int = 5, among_users=None) -> list[str]:
    """Partner suggestions for the organisation the user speaks for, one line each.

    Used by the events area's B2B page, which shows them beside the participant list and
    passes the other participants as `among_users`: only their organisations are suggested.
    """
    organisation = acting_organisation(user)
    if organisation is None:
        return []
    filters = Filters() if among_users is None else Filters(among=organisations_of(among_users))
    lines = []
    for r in for_organisation(organisation=organisation, user=user, filters=filters, top=limit):
        if r.organisation is None:
            continue
        reason = r.reasons[0][1] if r.reasons else ""
        lines.append(f"{r.organisation.name}: {reason}" if reason else r.organisation.name)
    return lines
