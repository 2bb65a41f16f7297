"""Partner matching: TF-IDF text vectors, exact top-k search and the combined score with reasons.

Pure Python and numpy. The Django layer hands in vectors and facts about organisations and gets
back scores and reason codes (it translates the codes into sentences).
"""

import re
import unicodedata
import zlib
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from math import exp
from typing import Any

import numpy as np

from clusterhub.core.complementarity import Complementarity
from clusterhub.core.geo import distance_km
from clusterhub.core.types import Point

# ---------------------------------------------------------------------------------------------
# Text: TF-IDF by feature hashing, the fallback when no embedding model is installed.
# Hashing keeps the dimension fixed, so stored vectors stay valid as the corpus grows; the IDF
# weights are applied at index time from the document frequencies of the indexed vectors.

TFIDF_DIM = 2048
_WORD = re.compile(r"\w+", re.UNICODE)
# A token of digits only (any script's, as \w found them) is a number, not a word to match on.
_NUMBER = re.compile(r"\d+")


def tokens(text: str) -> list[str]:
    """Lower-case words without accents, at least two letters, plus 5-letter prefixes.

    The prefix lets 'logistics' meet 'logistic' and 'refrigerated' meet 'refrigeration'
    without a language-specific stemmer.
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = [w for w in _WORD.findall(folded) if len(w) > 1 and not _NUMBER.fullmatch(w)]
    words = [w for w in words if w not in STOPWORDS]
    return words + [w[:5] + "~" for w in words if len(w) > 5]


STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "our",
        "you",
        "your",
        "are",
        "from",
        "that",
        "this",
        "have",
        "has",
        "will",
        "can",
        "into",
        "its",
        "who",
        "what",
        "need",
        "needs",
        "looking",
        "seek",
        "seeking",
        "offer",
        "offers",
        "partner",
        "partners",
        "company",
        "companies",
        "we",
        "of",
        "to",
        "in",
        "on",
        "a",
        "an",
        "or",
        "by",
        "as",
        "at",
        "be",
        "is",
        "it",
    ]
)


def _bucket(token: str) -> int:
    return zlib.crc32(token.encode("utf-8")) % TFIDF_DIM


def term_vector(text: str) -> np.ndarray:
    """Sublinear term frequencies hashed into TFIDF_DIM buckets, L2-normalised (float32)."""
    vec = np.zeros(TFIDF_DIM, dtype=np.float32)
    for tok in tokens(text):
        vec[_bucket(tok)] += 1.0
    nz = vec > 0
    vec[nz] = 1.0 + np.log(vec[nz])
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def idf_weights(matrix: np.ndarray) -> np.ndarray:
    """Smoothed inverse document frequency per dimension of a (n, d) term matrix."""
    n = matrix.shape[0]
    df = (matrix > 0).sum(axis=0)
    weights: np.ndarray = (np.log((1 + n) / (1 + df)) + 1.0).astype(np.float32)
    return weights


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: np.ndarray = (matrix / norms).astype(np.float32)
    return unit


# ---------------------------------------------------------------------------------------------
# Exact top-k over a matrix of unit vectors, in blocks to bound memory.


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest scores, best first (ties: lower index first)."""
    k = min(k, scores.shape[0])
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]


def similarity_blocks(
    queries: np.ndarray, corpus: np.ndarray, block: int = 4096
) -> Iterator[tuple[int, np.ndarray]]:
    """Yield (start, scores) with scores = queries[start:start+block] @ corpus.T."""
    for start in range(0, queries.shape[0], block):
        yield start, queries[start : start + block] @ corpus.T


# ---------------------------------------------------------------------------------------------
# The combined score.


@dataclass(frozen=True)
class Weights:
    """How much each part counts; the parts are each in [0, 1]."""

    text: float = 0.35
    complementarity: float = 0.35
    cross_industry: float = 0.10
    distance: float = 0.10
    size: float = 0.10
    # Cosine similarities of an embedding model rarely fall below this; rescale from here to 1.
    text_floor: float = 0.0
    # Distance at which the distance part has fallen to 1/e.
    distance_scale_km: float = 300.0
    # Links inside one NACE section (dairy and bakery, say) count this much: the tables pool
    # such industries, and firms there are as often competitors as partners.
    same_section: float = 0.5
    # A partner in a sector one's own request names counts as this strong a link.
    sought_sector: float = 1.0


@dataclass(frozen=True)
class Party:
    """What the scorer knows about one side: NACE divisions, place and size."""

    divisions: tuple[str, ...]
    location: Point | None = None
    size_class: str = ""
    # Divisions this side's requests ask for (the NACE codes of its requests).
    wanted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a pair scores: a code the Django layer translates, with its parameters."""

    code: str
    weight: float
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    score: float
    parts: dict[str, float]
    reasons: tuple[Reason, ...]


SIZE_ORDER = ("micro", "small", "medium", "large")
# Partners one size class apart work well together (SME supplier, bigger buyer); far apart less.
SIZE_FIT = (1.0, 0.9, 0.6, 0.4)
NEUTRAL = 0.5


def size_fit(a: str, b: str) -> float:
    if a not in SIZE_ORDER or b not in SIZE_ORDER:
        return NEUTRAL
    return SIZE_FIT[abs(SIZE_ORDER.index(a) - SIZE_ORDER.index(b))]


def distance_part(a: Point | None, b: Point | None, scale_km: float) -> tuple[float, float | None]:
    if a is None or b is None:
        return NEUTRAL, None
    km = distance_km(a, b)
    return exp(-km / scale_km), km


def best_link(
    me: Sequence[str],
    other: Sequence[str],
    table: Complementarity,
    section_of: Callable[[str], str] | None = None,
    same_section: float = 1.0,
) -> tuple[float, str, str, str]:
    """Strongest link between any of my divisions and any of theirs, either way.

    Returns (score, direction, my division, their division), direction "buys_from" when they
    supply me and "supplies_to" when I supply them; ("", "", "") when nothing links.
    """
    best = (0.0, "", "", "")
    for mine in me:
        for theirs in other:
            they_supply, i_supply = table.supplies(theirs, mine), table.supplies(mine, theirs)
            if section_of is not None and section_of(mine) == section_of(theirs):
                they_supply, i_supply = they_supply * same_section, i_supply * same_section
            if they_supply > best[0]:
                best = (they_supply, "buys_from", mine, theirs)
            if i_supply > best[0]:
                best = (i_supply, "supplies_to", mine, theirs)
    return best


def sections_differ(
    me: Sequence[str], other: Sequence[str], section_of: Callable[[str], str]
) -> bool:
    mine = {section_of(d) for d in me}
    theirs = {section_of(d) for d in other}
    return bool(mine) and bool(theirs) and not (mine & theirs)


def score_pair(
    *,
    me: Party,
    other: Party,
    text_similarity: float,
    table: Complementarity,
    section_of: Callable[[str], str],
    weights: Weights = Weights(),
) -> Match:
    """Combined score of a candidate partner, with its reasons strongest first."""
    span = 1.0 - weights.text_floor
    text = min(1.0, max(0.0, (text_similarity - weights.text_floor) / span)) if span > 0 else 0.0
    link, direction, my_div, their_div = best_link(
        me.divisions, other.divisions, table, section_of, weights.same_section
    )
    sought = sorted(set(me.wanted) & set(other.divisions))
    if sought and weights.sought_sector > link:
        link, direction, my_div, their_div = weights.sought_sector, "sought_sector", "", sought[0]
    cross = 1.0 if link > 0 and sections_differ(me.divisions, other.divisions, section_of) else 0.0
    dist, km = distance_part(me.location, other.location, weights.distance_scale_km)
    size = size_fit(me.size_class, other.size_class)
    parts = {
        "text": text,
        "complementarity": link,
        "cross_industry": cross,
        "distance": dist,
        "size": size,
    }
    score = (
        weights.text * text
        + weights.complementarity * link
        + weights.cross_industry * cross
        + weights.distance * dist
        + weights.size * size
    )
    reasons = []
    if text >= 0.2:
        reasons.append(Reason("text_match", weights.text * text, {"similarity": round(text, 2)}))
    if link > 0:
        reasons.append(
            Reason(
                direction,
                weights.complementarity * link,
                {"mine": my_div, "theirs": their_div, "strength": round(link, 2)},
            )
        )
    if cross:
        reasons.append(Reason("cross_industry", weights.cross_industry))
    if km is not None and dist >= 0.5:
        reasons.append(Reason("nearby", weights.distance * dist, {"km": round(km)}))
    if me.size_class and other.size_class and size >= 0.9:
        reasons.append(Reason("size_fit", weights.size * size, {"size": other.size_class}))
    reasons.sort(key=lambda r: -r.weight)
    return Match(round(score, 4), parts, tuple(reasons))


# ---------------------------------------------------------------------------------------------
# The combined score as one matrix product, for large indexes and the batch run.
#
# Every part except text depends on a category of each side (division, size class, region), so
# it can be written as query_row . candidate_row with one-hot candidate columns: the whole score
# becomes one augmented dot product, and exact top-k over 100,000 candidates is one matrix
# product a block. Two simplifications against score_pair: the text part is not clipped at 0
# (a shift that changes no ranking above the floor), and distance is taken between region
# centroids.


def pair_matrices(
    divisions: Sequence[str],
    table: Complementarity,
    section_of: Callable[[str], str],
    weights: Weights,
) -> np.ndarray:
    """(D, D): complementarity (either way, same section damped) plus cross-industry bonus."""
    n = len(divisions)
    out = np.zeros((n, n), dtype=np.float32)
    for i, a in enumerate(divisions):
        for j, b in enumerate(divisions):
            link = max(table.supplies(a, b), table.supplies(b, a))
            same = section_of(a) == section_of(b)
            if same:
                link *= weights.same_section
            out[i, j] = weights.complementarity * link + (
                weights.cross_industry if link > 0 and not same else 0.0
            )
    return out


def fold_queries(
    vectors: np.ndarray,
    division_idx: np.ndarray,
    size_idx: np.ndarray,
    region_idx: np.ndarray,
    *,
    pairs: np.ndarray,
    region_affinity: np.ndarray,
    weights: Weights,
) -> np.ndarray:
    """Query rows of the augmented product (see fold_candidates for the columns)."""
    size_table = np.array(
        [[SIZE_FIT[abs(i - j)] for j in range(len(SIZE_ORDER))] for i in range(len(SIZE_ORDER))],
        dtype=np.float32,
    )
    text_scale = weights.text / (1.0 - weights.text_floor)
    return np.hstack(
        [
            vectors * np.float32(text_scale),
            pairs[division_idx],
            weights.size * size_table[size_idx],
            weights.distance * region_affinity[region_idx],
        ]
    ).astype(np.float32)


def fold_candidates(
    vectors: np.ndarray,
    division_idx: np.ndarray,
    size_idx: np.ndarray,
    region_idx: np.ndarray,
    *,
    n_divisions: int,
    n_regions: int,
) -> np.ndarray:
    """Candidate rows: the text vector, then one-hot division, size class and region."""
    n = vectors.shape[0]

    def one_hot(idx: np.ndarray, width: int) -> np.ndarray:
        out = np.zeros((n, width), dtype=np.float32)
        out[np.arange(n), idx] = 1.0
        return out

    return np.hstack(
        [
            vectors,
            one_hot(division_idx, n_divisions),
            one_hot(size_idx, len(SIZE_ORDER)),
            one_hot(region_idx, n_regions),
        ]
    ).astype(np.float32)


def block_top_k(scores: np.ndarray, k: int, chunk: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k per row of a (b, n) block, best first: (indices, scores).

    Faster than a row-wise argpartition of the whole block: the k best of a row lie in the k
    chunks with the highest maxima (plus the short tail that fills no chunk), so only those are
    searched. The chunks are a view of the block, never a copy.
    """
    b, n = scores.shape
    k = min(k, n)
    main = n - n % chunk
    tail = np.broadcast_to(np.arange(main, n), (b, n - main))
    if main:
        chunks = scores[:, :main].reshape(b, main // chunk, chunk)
        kc = min(k, main // chunk)
        best = np.argpartition(-chunks.max(axis=2), kc - 1, axis=1)[:, :kc]
        cand = (best[:, :, None] * chunk + np.arange(chunk)[None, None, :]).reshape(b, -1)
        cand = np.hstack([cand, tail])
    else:
        cand = np.ascontiguousarray(tail)
    cand_scores = np.take_along_axis(scores, cand, axis=1)
    part = np.argpartition(-cand_scores, k - 1, axis=1)[:, :k]
    idx = np.take_along_axis(cand, part, axis=1)
    val = np.take_along_axis(cand_scores, part, axis=1)
    order = np.lexsort((idx, -val), axis=1)
    return np.take_along_axis(idx, order, axis=1), np.take_along_axis(val, order, axis=1)
