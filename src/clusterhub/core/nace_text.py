"""Words for NACE suggestion: accent folding, crude stems, a lexical index, score fusion.

Pure Python and numpy. The languages are English, Latvian, Estonian and Swedish, whose endings
vary a lot ("kūpinām", "kūpināšana"; "tarkvara", "tarkvaraarendus"), so a word's stem is its
accent-folded first STEM_LEN letters: crude, but it costs nothing and needs no dictionary.
"""

import math
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

import numpy as np

STEM_LEN = 6
MIN_WORD = 3
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Function words and the words every company uses about itself: they say nothing about a sector.
_STOPWORD_TEXT = """
    and the for with from our your their its this that are was were have has been will can
    not all any other others also into over than such which who what where when how more most
    only own per via etc including except n.e.c nec ltd inc company companies firm business
    businesses customer customers client clients service services solution solutions product
    products offer offers provide provides providing activities activity related
    un ar par kas ka no uz pie lai ir arī mūsu mēs mums savu sava savas tiek tās kā gan vai
    citur neklasificētas neklasificēta neklasificēti citi citas cits darbības darbība
    uzņēmums uzņēmumi uzņēmumiem klientiem klientu pakalpojumi pakalpojumus piedāvājam sia
    ja ning või on oma meie me oleme pakume teenused teenuseid teenus ettevõte ettevõtetele
    ettevõtete kliendid klientidele muud mujal liigitamata tegevus tegevused mis kes
    och med för som att det den ett en av till på vår våra vi är har erbjuder våra kunder
    företag företaget tjänster tjänst annan andra övrig övriga verksamhet
    """
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def fold(text: str) -> str:
    """Lower case without accents: 'Kūpinām' -> 'kupinam', 'Östersjö' -> 'ostersjo'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_FOLDED_STOPWORDS = frozenset(fold(w) for w in STOPWORDS)


def words(text: str) -> list[str]:
    """Folded words of at least MIN_WORD letters, stop words left out, in text order."""
    return [folded for folded, _word in _pairs(text)]


def _pairs(text: str) -> list[tuple[str, str]]:
    """(folded, as written in lower case) for each word words() keeps."""
    out = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if len(folded) >= MIN_WORD and folded not in _FOLDED_STOPWORDS:
            out.append((folded, word.casefold()))
    return out


def stem(word: str) -> str:
    return word[:STEM_LEN]


# Latvian inflects by ending ("maize", "maizi"; "zivis", "zivju") and builds the "we do" and the
# "doing" forms from one root ("tulkojam", "tulkošana"; "ražojam", "ražošana"): a first-letters
# stem misses both. Latvian words (the lv titles and word lists, and every query word) are also
# indexed by their root: the folded word without the longest of these endings, keeping at least
# LV_MIN_ROOT letters. Root keys start with LV_MARK so they never meet a plain stem.
_LV_ENDINGS = """
    osanas osana esanas esana asanas asana sanas sana
    ojam ojat ojot ejam ejat ajam ajat ijam ijat
    iem ies ais ajs ejs ams ami amas ama oss
    am at em im um os as es is us ai ei ji ju am a e i u s o
    """
LV_ENDINGS = tuple(sorted(set(_LV_ENDINGS.split()), key=len, reverse=True))
LV_MIN_ROOT = 3
LV_MARK = "~"
LV_WEIGHT = 0.8  # A root match is less sure than a stem match (roots of other words collide).
# Only a text with a letter no other of the four languages writes is read for Latvian roots:
# "projekti" (Estonian) must not meet "projektēšana" (architects) by root.
_LATVIAN_LETTERS = re.compile("[āēīūķļņģĀĒĪŪĶĻŅĢ]")


def looks_latvian(text: str) -> bool:
    return bool(_LATVIAN_LETTERS.search(text))


def lv_root(word: str) -> str:
    """The Latvian root key of a folded word: 'tulkojam', 'tulkosana' -> '~tulk'."""
    for ending in LV_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= LV_MIN_ROOT:
            return LV_MARK + word[: len(word) - len(ending)][:STEM_LEN]
    return LV_MARK + word[:STEM_LEN]


# Swedish, Estonian and Latvian glue words together ("hantverksbageri", "tarkvaraarendus",
# "kokapstrāde"): a part counts when a known stem of at least COMPOUND_MIN letters starts inside
# the word, at least COMPOUND_HEAD letters in (so a word's own ending is not taken for a part).
COMPOUND_MIN = 5
COMPOUND_HEAD = 3
COMPOUND_WEIGHT = 0.8  # A part found inside a word is a little less sure than a whole word.


def compound_parts(word: str, known: Mapping[str, object]) -> list[str]:
    """Known stems found inside a folded word after its head: 'hantverksbageri' -> ['bageri']."""
    parts = []
    i = COMPOUND_HEAD
    while i <= len(word) - COMPOUND_MIN:
        piece = word[i : i + STEM_LEN]
        if piece in known and piece not in parts:
            parts.append(piece)
            i += len(piece)  # Parts do not overlap: "apstrade" is not also "trade".
        else:
            i += 1
    return parts


@dataclass(frozen=True)
class LexicalIndex:
    """Which classes use which stems, how rare each stem is, and one original word per stem."""

    stems: tuple[dict[str, float], ...]  # per class: stem -> field weight (best field)
    idf: dict[str, float]
    shown: tuple[dict[str, str], ...] = field(default_factory=tuple)  # class: stem -> a word


def build_index(
    fields: Sequence[Mapping[str, Iterable[str]]], weights: Mapping[str, float]
) -> LexicalIndex:
    """One entry per class; `fields[i]` maps a field name ('title', 'notes'...) to its texts.

    A field named "lv:<name>" holds Latvian texts: weighted as <name>, indexed by root (lv_root)."""
    per_class: list[dict[str, float]] = []
    shown: list[dict[str, str]] = []
    for entry in fields:
        stems: dict[str, float] = {}
        words_shown: dict[str, str] = {}
        for name, texts in entry.items():
            latvian = name.startswith("lv:")
            weight = weights[name[3:] if latvian else name]
            key = lv_root if latvian else stem
            for text in texts:
                for word in words(text):
                    s = key(word)
                    if weight > stems.get(s, 0.0):
                        stems[s] = weight
                    words_shown.setdefault(s, word)
        per_class.append(stems)
        shown.append(words_shown)
    n = len(per_class)
    df: dict[str, int] = {}
    for stems in per_class:
        for s in stems:
            df[s] = df.get(s, 0) + 1
    idf = {s: math.log(1 + n / d) for s, d in df.items()}
    return LexicalIndex(stems=tuple(per_class), idf=idf, shown=tuple(shown))


def lexical_scores(index: LexicalIndex, text: str) -> tuple[np.ndarray, list[list[str]]]:
    """Per class: the idf-weighted share of the query's stems it holds, and the words matched."""
    query: dict[str, str] = {}
    weight_of: dict[str, float] = {}
    latvian = LV_WEIGHT > 0 and looks_latvian(text)
    for folded, word in _pairs(text):
        query.setdefault(stem(folded), word)
        weight_of[stem(folded)] = 1.0
        for part in compound_parts(folded, index.idf):
            query.setdefault(part, word)
            weight_of.setdefault(part, COMPOUND_WEIGHT)
        if latvian:
            root = lv_root(folded)
            query.setdefault(root, word)
            weight_of.setdefault(root, LV_WEIGHT)
    known = {s: w for s, w in query.items() if s in index.idf}
    scores = np.zeros(len(index.stems), dtype=np.float32)
    matched: list[list[str]] = [[] for _ in index.stems]
    if not known:
        return scores, matched
    total = sum(weight_of[s] * index.idf[s] for s in known)
    for i, stems in enumerate(index.stems):
        hit = 0.0
        for s, word in known.items():
            weight = stems.get(s)
            if weight:
                hit += weight * weight_of[s] * index.idf[s]
                if word not in matched[i]:
                    matched[i].append(word)
        scores[i] = hit / total
    return scores, matched


def rescale(scores: np.ndarray) -> np.ndarray:
    """Scores mapped to 0..1 for this query: the best is 1, and the scale starts at 0 (or at the
    lowest score when it is below 0), so a signal of all zeros stays all zeros."""
    low, high = float(scores.min(initial=0.0)), float(scores.max(initial=0.0))
    if high - low <= 1e-9:
        return np.zeros_like(scores)
    return (scores - low) / (high - low)


def fuse(parts: Sequence[tuple[np.ndarray, float]]) -> np.ndarray:
    """Weighted sum of 0..1 rescaled signals; a signal that is all zeros adds nothing."""
    out = np.zeros_like(parts[0][0], dtype=np.float32)
    for scores, weight in parts:
        out += weight * rescale(scores)
    return out
