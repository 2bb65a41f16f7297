"""Which members fill which stage of a value chain, the gaps, and the network map's graph."""

from dataclasses import dataclass
from dataclasses import field

from django.db.models import Q
from django.utils import timezone

from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Suggestion
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.models import ValueChainStage
from clusterhub.matchmaking.recommend import STRONG
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation


@dataclass
class StageFill:
    position: int
    name: str
    codes: list[str]
    members: list[Organisation] = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return not self.members


def _codes_of(org: Organisation) -> list[str]:
    codes = [org.primary_nace_id] if org.primary_nace_id else []
    return codes + [n.code for n in org.secondary_nace.all()]


def fills(code: str, stage_codes: list[str]) -> bool:
    """An organisation's code fills a stage when it lies under one of the stage's codes."""
    return any(code == c or code.startswith(c) for c in stage_codes)


def chain_fill(chain: ValueChain) -> list[StageFill]:
    """Each stage with the cluster's current members whose NACE codes fall under it."""
    return chains_fill([chain])[chain.pk]


def chains_fill(chains: list[ValueChain]) -> dict[int, list[StageFill]]:
    """chain_fill for a list of chains at a fixed number of queries: the current members of
    all their clusters in one read, the stages and their codes in another."""
    today = timezone.localdate()
    current = Membership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=today),
        cluster_id__in={chain.cluster_id for chain in chains},
    )
    member_of: dict[int, set[int]] = {}
    for cluster_id, organisation_id in current.values_list("cluster_id", "organisation_id"):
        member_of.setdefault(cluster_id, set()).add(organisation_id)
    members = list(
        Organisation.objects.filter(pk__in=current.values("organisation_id"))
        .prefetch_related("secondary_nace")
        .order_by("name")
    )
    stages = (
        ValueChainStage.objects.filter(chain__in=[chain.pk for chain in chains])
        .prefetch_related("nace_codes")
        .order_by("chain_id", "position")
    )
    result: dict[int, list[StageFill]] = {chain.pk: [] for chain in chains}
    cluster_of = {chain.pk: chain.cluster_id for chain in chains}
    for stage in stages:
        codes = [n.code for n in stage.nace_codes.all()]
        filled = StageFill(stage.position, stage.name, codes)
        in_cluster = member_of.get(cluster_of[stage.chain_id], set())
        filled.members = [
            m for m in members if m.pk in in_cluster and any(fills(c, codes) for c in _codes_of(m))
        ]
        result[stage.chain_id].append(filled)
    return result


@dataclass
class Graph:
    """Nodes in columns (one per stage, then "other"), edges as pairs of organisation ids."""

    columns: list[tuple[str, list[Organisation]]]
    collaborations: list[tuple[int, int]]
    recommendations: list[tuple[int, int]]


def network(chain: ValueChain, stages: list[StageFill]) -> Graph:
    """Stage members as nodes; collaborations and strong stored suggestions between them."""
    placed: set[int] = set()
    columns = []
    for stage in stages:
        column = [m for m in stage.members if m.pk not in placed]
        placed.update(m.pk for m in column)
        columns.append((stage.name, column))
    ids = placed
    collab_edges = set()
    for collab in Collaboration.objects.filter(partners__in=ids).prefetch_related("partners"):
        partners = sorted(p.pk for p in collab.partners.all() if p.pk in ids)
        for i, a in enumerate(partners):
            for b in partners[i + 1 :]:
                collab_edges.add((a, b))
    rec_edges = set()
    for a, b in Suggestion.objects.filter(
        organisation_id__in=ids, partner_id__in=ids, score__gte=STRONG
    ).values_list("organisation_id", "partner_id"):
        pair = (min(a, b), max(a, b))
        if pair not in collab_edges:
            rec_edges.add(pair)
    return Graph(columns, sorted(collab_edges), sorted(rec_edges))
