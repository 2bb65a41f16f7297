"""Text and ids as they come from users, made safe in one place (docs/architecture.md, "Text on
input").

- `clean_text`: any text, single- or multi-line: Unicode NFC (so "Bērzs" typed on two keyboards
  is one name), and no C0 control character except tab, line feed and carriage return (no NUL
  that PostgreSQL refuses, no vertical tab that breaks calendars and spreadsheets).
- `single_line`: `clean_text`, then every line break (CR, LF, VT, FF, NEL, U+2028, U+2029)
  becomes a space and the ends are stripped; for names, titles, subjects, anything that goes
  into one line of a calendar, a mail header or a file name.
- `parse_id`: an id typed in a query string or a form: ASCII digits only, within a database's
  bigint, else None. `str.isdigit()` is not that test: "³" and "١" are digits to Python but
  `int()` refuses the first and the second reads as 1.
"""

import re
import unicodedata

# The largest id a database column can hold (PostgreSQL bigint).
MAX_ID = 2**63 - 1

_ASCII_DIGITS = re.compile(r"[0-9]+")
# C0 controls and DEL, but tab, line feed and carriage return, which text may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every line break str.splitlines() knows, with the blanks around it: one space replaces them.
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def parse_id(value) -> int | None:
    """The id this text names (ASCII digits, 1 to 2**63-1), or None for anything else."""
    # 19 digits hold every bigint; a longer run is out of range and is not converted at all.
    if not isinstance(value, str) or len(value) > 19 or not is_ascii_number(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def is_ascii_number(value: str) -> bool:
    """True for a non-empty run of ASCII digits (a code such as NACE "6201"), nothing else."""
    return bool(_ASCII_DIGITS.fullmatch(value))


def clean_text(value: str) -> str:
    """NFC, without C0 control characters other than tab, line feed and carriage return."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


def single_line(value: str) -> str:
    """One line of clean text: line breaks (of any kind) become one space; ends stripped."""
    return clean_text(_LINE_BREAKS.sub(" ", value)).strip()


# Letters that NFKD does not split into a base letter and a combining mark, folded by hand so
# that "ostersjo" finds "Østersjø" as it finds "Östersjö" (docs/translation.md, "Search").
_FOLD_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
    }
)
_NOT_WORD = re.compile(r"[^\w]+")


def search_key(value: str | None) -> str:
    """Text folded for search: NFKD, combining marks dropped, casefolded, letters such as ø, æ,
    ß and ł spelt in ASCII, and every run of punctuation or blanks one space.

    "Bērzs" and "berzs", "Östersjö" and "ostersjo", "Põltsamaa" and "POLTSAMAA" give one key.
    Stored keys and typed queries go through this one function, so both databases agree.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", bare.translate(_FOLD_LETTERS)).split())


def search_words(value: str | None) -> list[str]:
    """The folded words of a query, each to be found somewhere in a stored key."""
    return search_key(value).split()
