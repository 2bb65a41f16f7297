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
