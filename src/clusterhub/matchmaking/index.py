"""The in-process vector index of open profiles, rebuilt lazily when profiles change.

One matrix of unit vectors per process. A save in this process marks it stale at once; saves in
other processes are noticed by a cheap stamp (count and latest change of the profiles) checked
before each use. TF-IDF vectors get their IDF weights here, from the indexed profiles.
"""

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Count
from django.db.models import Max
from django.utils import timezone

_lock = threading.Lock()
_state: dict = {"index": None, "stamp": None}


@dataclass
class ProfileIndex:
    model: str
    ids: np.ndarray  # profile ids, one per row
    org_ids: np.ndarray
    is_offer: np.ndarray
    vectors: np.ndarray  # (n, d) float32, unit rows
    idf: np.ndarray | None  # TF-IDF only
    row_of: dict[int, int]

    def query_vector(self, raw: np.ndarray) -> np.ndarray:
        """A stored vector brought into the index's space (IDF-weighted and unit length)."""
        vec = raw * self.idf if self.idf is not None else raw
        norm = float(np.linalg.norm(vec))
        return (vec / norm).astype(np.float32) if norm else vec.astype(np.float32)


def invalidate() -> None:
    with _lock:
        _state["index"] = None


def _stamp(model: str):
    from clusterhub.matchmaking.models import Profile

    agg = Profile.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (model, agg["n"], agg["last"], timezone.localdate())


def get_index() -> ProfileIndex:
    """The current index, rebuilt when profiles, backend or date (deadlines) changed."""
    from clusterhub.matchmaking import embedding

    model = embedding.backend()
    stamp = _stamp(model)
    with _lock:
        if _state["index"] is not None and _state["stamp"] == stamp:
            return _state["index"]
    built = build(model)
    with _lock:
        _state["index"], _state["stamp"] = built, stamp
    return built


def build(model: str) -> ProfileIndex:
    from clusterhub.core.matching import idf_weights
    from clusterhub.core.matching import normalise_rows
    from clusterhub.matchmaking.embedding import TFIDF
    from clusterhub.matchmaking.embedding import from_bytes
    from clusterhub.matchmaking.enums import OFFER_KINDS
    from clusterhub.matchmaking.models import Profile
    from clusterhub.matchmaking.queries import open_profiles

    rows = list(
        open_profiles(Profile.objects.filter(vector_model=model, vector__isnull=False))
        .order_by("pk")
        .values_list("pk", "organisation_id", "kind", "vector")
    )
    if rows:
        matrix = np.vstack([from_bytes(r[3]) for r in rows])
    else:
        matrix = np.zeros((0, 1), dtype=np.float32)
    idf = None
    if model == TFIDF and rows:
        idf = idf_weights(matrix)
        matrix = matrix * idf
    return ProfileIndex(
        model=model,
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        org_ids=np.array([r[1] for r in rows], dtype=np.int64),
        is_offer=np.array([r[2] in OFFER_KINDS for r in rows], dtype=bool),
        vectors=normalise_rows(matrix) if rows else matrix,
        idf=idf,
        row_of={r[0]: i for i, r in enumerate(rows)},
    )
