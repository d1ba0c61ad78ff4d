"""Times as toecoach stores them: ISO 8601 with the UTC offset in force at that moment.

Pure: every "now" is passed in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from toecoach.domain.errors import InputError

MAX_BACKDATE = timedelta(days=366)
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def local(moment: datetime) -> datetime:
    """An aware datetime in the machine's local zone (offset in force at that moment)."""
    return moment.astimezone()


def iso(moment: datetime) -> str:
    return local(moment).isoformat(timespec="seconds")


def parse_stored(text: str) -> datetime:
    return datetime.fromisoformat(text)


def local_day(text_or_moment: str | datetime) -> date:
    moment = parse_stored(text_or_moment) if isinstance(text_or_moment, str) else text_or_moment
    return local(moment).date()


def parse_when(text: str, now: datetime, field: str = "--at") -> datetime:
    """Parse ``--at``: ISO 8601 with or without offset (without: local time), or HH:MM today.

    Refuses the future and anything more than 366 days back.
    """
    raw = text.strip()
    accepted = "ISO 8601 like 2026-11-26T14:30 (local) or 2026-11-26T14:30+01:00, or HH:MM"
    if not raw:
        raise InputError(field, f"is empty; expected {accepted}")
    match = _HHMM.match(raw)
    if match:
        moment = datetime.combine(
            local(now).date(), time(int(match.group(1)), int(match.group(2)))
        ).astimezone()
    else:
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            raise InputError(field, f"{text!r} is not a time; expected {accepted}") from None
        if moment.tzinfo is None:
            moment = moment.astimezone()  # interpreted as local time
    if moment > now + timedelta(seconds=1):
        raise InputError(field, f"{text!r} is in the future; give a time up to now")
    if moment < now - MAX_BACKDATE:
        raise InputError(field, f"{text!r} is more than 366 days ago; give a later time")
    return local(moment)


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(field, f"{text!r} is not a date; expected YYYY-MM-DD") from None


def describe_due(due: datetime, now: datetime) -> str:
    """When a reminder is due, in words that name the day when it is not today:
    ``now``, ``at 14:30``, ``tomorrow at 08:55``, ``on Monday at 08:55``, ``on 2 Dec at 08:55``.
    Both times are shown in ``now``'s zone."""
    local = due.astimezone(now.tzinfo)
    if local <= now:
        return "now"
    days = (local.date() - now.date()).days
    clock = f"{local:%H:%M}"
    if days == 0:
        return f"at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if days < 7:
        return f"on {local:%A} at {clock}"
    return f"on {local.day} {local:%b} at {clock}"
