"""Showing text that came from users or files: literally, and without terminal controls."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls (ESC sequences start with \x1b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    cleaned = _CONTROL.sub("\ufffd", text)
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return cleaned
