"""Text from people and files: checked on the way in, escaped on the way out.

In: ``check_text`` refuses what cannot be stored as valid UTF-8 (lone surrogates: on POSIX
an argument with undecodable bytes arrives as ``\\udcXX``; JSON can spell them as escapes).

Out: one function per output channel, each dropping control characters (C0 except tab and
newline, DEL, C1: ESC sequences start with ``\\x1b``, and 8-bit CSI is ``\\x9b``) and
replacing lone surrogates, so nothing crashes an encoder or reaches a terminal raw:

- ``for_terminal``: plain text for a terminal (one line unless ``keep_newlines``);
- ``for_html``: HTML-escaped;
- ``for_markdown``: every ASCII punctuation character backslash-escaped (CommonMark allows it
  for all of them), so no heading, emphasis, link, image, autolink, table or raw HTML can
  come out of it, one line;
- ``for_csv``: a cell that a spreadsheet will not run as a formula.
"""

from __future__ import annotations

import re

from toecoach.domain.errors import InputError

# C0 controls except tab and newline, DEL, and C1 controls (ESC sequences start with \x1b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Unicode line and paragraph separators and bidi overrides can reorder or break a line.
_LAYOUT = re.compile(r"[\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
SHOWN_MAX = 200  # characters of a value echoed back in a message


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def check_text(value: str, field: str) -> str:
    """Refuse text that is not valid Unicode (undecodable bytes); return it unchanged."""
    if has_surrogates(value):
        raise InputError(
            field, "contains bytes that are not valid UTF-8 text; type it again as plain text"
        )
    return value


def valid_unicode(text: str) -> str:
    """``text`` with lone surrogates (from data stored before they were refused) replaced,
    so it can always be encoded as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def _clean(text: str, replacement: str) -> str:
    return _LAYOUT.sub("", _CONTROL.sub(replacement, _SURROGATE.sub("\ufffd", text)))


def strip_controls(text: str, *, keep_newlines: bool = True, replacement: str = "") -> str:
    """Text without control characters (and without lone surrogates). The TUI marks where
    one was with ``replacement="\ufffd"``; the other channels drop them."""
    cleaned = _clean(text, replacement)
    if not keep_newlines:
        cleaned = cleaned.replace("\r", "").replace("\n", " ").replace("\t", " ")
    return cleaned


def for_terminal(text: object, *, keep_newlines: bool = False) -> str:
    """Any value as text that is safe to print to a terminal."""
    return strip_controls(str(text), keep_newlines=keep_newlines)


def shorten(text: str, limit: int = SHOWN_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """A value echoed back in a message: quoted, escaped, at most ``limit`` characters."""
    return shorten(repr(for_terminal(value)), limit)


def for_html(text: object) -> str:
    """Text for HTML element content or a quoted attribute value."""
    import html  # only reports need it; not imported for every start (its tables: ~2 ms)

    return html.escape(strip_controls(str(text)), quote=True)


def for_markdown(text: object) -> str:
    """Text for Markdown that shows literally: no markup, links, images, headings or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", strip_controls(str(text), keep_newlines=False))


def for_csv(text: object) -> str:
    """A CSV cell (the csv module quotes it): no controls, and no formula for a spreadsheet."""
    if text is None:
        return ""
    cleaned = strip_controls(str(text), keep_newlines=False)
    if cleaned[:1] in ("=", "+", "-", "@") and not _is_number(cleaned):
        cleaned = "'" + cleaned
    return cleaned


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# Words whose plural is not the singular plus "s".
_PLURALS = {"glass": "glasses", "entry": "entries", "foot": "feet", "was": "were"}


def plural(count: float, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, in the plural unless the count is exactly one: ``1 day``,
    ``2 days``, ``0 days``, ``1.5 glasses``. The one place a count meets its noun."""
    return f"{count:g} {noun(count, word, many)}"


def noun(count: float, word: str, many: str | None = None) -> str:
    """``word`` as it goes with ``count`` (for numbers set in a column of their own)."""
    return word if count == 1 else many or _PLURALS.get(word) or word + "s"
