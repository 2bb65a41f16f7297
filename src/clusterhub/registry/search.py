"""Search that forgives accents and case (docs/translation.md, "Search").

Every searchable row keeps `search_text`, its searched fields folded by common/text.py's
`search_key`; a query is folded the same way and split into words, and a row matches when
each word occurs somewhere in its key ("berzs" finds "Bērzs", "ostersjo" finds "Östersjö",
"programmatura tiraz" finds "Datorprogrammatūras tiražēšana": inside a word, because Latvian,
Estonian and Swedish write compounds as one word). The organisation directory asks for the
start of a word instead ("wind" does not find "Northwind"): with 150,000 names and more, a
fragment inside words matches too much to be useful. On PostgreSQL a trigram index
on `search_text` (migration 0006) serves these `LIKE '%word%'` tests.
"""

from django.db.models import Case
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When

from clusterhub.common.text import search_words

# Words beyond this many add nothing a user would notice and each costs one LIKE.
MAX_WORDS = 8


def words_q(q: str | None, prefix: str = "", *, word_start: bool = False) -> Q | None:
    """A condition: every folded word of `q` occurs in `<prefix>search_text` (with
    `word_start`, at the start of one of its words); None when `q` has no word at all (only
    blanks or punctuation)."""
    words = search_words(q)[:MAX_WORDS]
    if not words:
        return None
    field = f"{prefix}search_text"
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": word})
        if word_start:
            # The plain "contains" above is what the trigram index serves; this narrows its
            # matches to those at the start of a word (an OR alone makes PostgreSQL scan).
            condition &= Q(**{f"{field}__startswith": word}) | Q(
                **{f"{field}__contains": " " + word}
            )
    return condition


def matching(
    qs: QuerySet, q: str | None, prefix: str = "", *, word_start: bool = False
) -> QuerySet:
    """`qs` narrowed to rows whose key holds every word of `q`; nothing for a query of no
    words (a lone "-" matches no name, rather than every name)."""
    condition = words_q(q, prefix, word_start=word_start)
    return qs.none() if condition is None else qs.filter(condition)


def code_or_words(qs: QuerySet, q: str) -> QuerySet:
    """Reference codes (NACE, NUTS) for a picker: codes starting with what was typed first,
    then codes whose names or titles, in any language, hold every word."""
    q = q.strip()
    condition = Q(code__istartswith=q)
    by_words = words_q(q)
    if by_words is not None:
        condition |= by_words
    return (
        qs.filter(condition)
        .annotate(
            _rank=Case(
                When(code__istartswith=q, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_rank", "code")
    )
