"""Times as toecoach stores them: ISO 8601 with the UTC offset in force at that moment.

Pure: every "now" is passed in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from toecoach.domain.errors import InputError

# Bounds for the CLI and for import alike (interfaces v2, "Command line"): check-in times
# from 2000-01-01 to now, rest days up to 366 days ahead, history ranges within those.
EARLIEST_DAY = date(2000, 1, 1)
REST_DAYS_AHEAD = timedelta(days=366)
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$", re.ASCII)
_ISO_SHAPE = re.compile(r"^[0-9T:+\-.Z ]{4,40}$", re.ASCII)


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


def resolve_local(naive: datetime, text: str, field: str) -> tuple[datetime, bool]:
    """A local wall-clock time as an aware datetime, and whether it was ambiguous.

    A time in the spring-forward gap does not exist: refused. A time in the autumn hour
    that happens twice takes its first occurrence (``fold=0``, the summer-time offset).
    """
    first = naive.replace(fold=0).astimezone()
    second = naive.replace(fold=1).astimezone()
    if first.replace(tzinfo=None) != naive.replace(fold=0):
        raise InputError(
            field,
            f"{text!r} does not exist here: the clocks went forward over it; "
            "give a time outside that gap, or with its UTC offset",
        )
    return first, first.utcoffset() != second.utcoffset()


def _parse_moment(text: str, now: datetime, field: str) -> tuple[datetime, bool]:
    raw = text.strip()
    accepted = "ISO 8601 like 2026-11-26T14:30 (local) or 2026-11-26T14:30+01:00, or HH:MM"
    if not raw:
        raise InputError(field, f"is empty; expected {accepted}")
    match = _HHMM.match(raw)
    if match:
        naive = datetime.combine(local(now).date(), time(int(match.group(1)), int(match.group(2))))
    else:
        try:
            if not _ISO_SHAPE.match(raw):
                raise ValueError
            naive = datetime.fromisoformat(raw)
        except ValueError:
            raise InputError(field, f"{text!r} is not a time; expected {accepted}") from None
    # Bounds on the written date first: arithmetic near year 1 or 9999 overflows.
    if naive.date() < EARLIEST_DAY:
        raise InputError(
            field, f"{text!r} is before {EARLIEST_DAY.isoformat()}; give a time from then to now"
        )
    if naive.date() > local(now).date() + timedelta(days=1):
        raise InputError(field, f"{text!r} is in the future; give a time up to now")
    moment, ambiguous = (
        (naive, False) if naive.tzinfo is not None else resolve_local(naive, text, field)
    )
    # Stored in local time: an offset can put the written date's first hours on the day
    # before (2000-01-01T00:00+05:00 is 1999-12-31 here), which readers would skip.
    if local(moment).date() < EARLIEST_DAY:
        raise InputError(
            field,
            f"{text!r} is before {EARLIEST_DAY.isoformat()} here; give a time from then to now",
        )
    return moment, ambiguous


def parse_when(text: str, now: datetime, field: str = "--at") -> datetime:
    """Parse ``--at``: ISO 8601 with or without offset (without: local time), or HH:MM today.

    Refuses times before 2000-01-01 (interfaces v2: check-in times from 2000-01-01 to now, so
    a paper diary can be typed in), the future, and local times that do not exist (the spring-forward gap); an ambiguous local time (the autumn
    hour) is its first occurrence (``when_note`` says so).
    """
    moment, _ambiguous = _parse_moment(text, now, field)
    if moment > now + timedelta(seconds=1):
        raise InputError(field, f"{text!r} is in the future; give a time up to now")
    return local(moment)


def when_note(text: str | None, now: datetime, field: str = "--at") -> str | None:
    """What to tell the person about ``--at`` (already accepted by ``parse_when``): an
    ambiguous local time, and which of its two occurrences was taken."""
    if text is None:
        return None
    try:
        moment, ambiguous = _parse_moment(text, now, field)
    except InputError:
        return None
    if not ambiguous:
        return None
    return (
        f"{field} {text.strip()} happens twice here (the clocks go back); "
        f"toecoach took the first one, {moment.isoformat(timespec='minutes')}"
    )


def parse_date(text: str, field: str) -> date:
    raw = text.strip()
    try:
        if not _ISO_SHAPE.match(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(field, f"{text!r} is not a date; expected YYYY-MM-DD") from None


def check_day(day: date, today: date, field: str, *, ahead: timedelta = timedelta(0)) -> date:
    """A day within the bounds: from 2000-01-01 to ``today + ahead``."""
    latest = today + ahead
    if not EARLIEST_DAY <= day <= latest:
        raise InputError(
            field,
            f"{day.isoformat()} is out of range; give a day from {EARLIEST_DAY.isoformat()} "
            f"to {latest.isoformat()}",
        )
    return day


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
