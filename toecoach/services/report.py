"""A summary for a clinician, as HTML (printable, self-contained) or Markdown.

Plain language, the not-medical-advice statement first, and every piece of text that came
from the user or a file (notes, answers, imported fields) escaped so it is shown as written:
in HTML every line goes through ``for_html``; in Markdown every value from a record goes
through ``for_markdown`` (the app's own words are left readable).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from toecoach.config import Settings
from toecoach.domain import triage
from toecoach.domain.text import for_html, for_markdown
from toecoach.services.history import history, records_by_day
from toecoach.storage.repositories import triage_history

STATEMENT = (
    "This summary was made by toecoach, a self-care app, from what the person logged. It is "
    "not a diagnosis and not medical advice. Triage results are guidance the app gave."
)


def _minute(at: object, esc: Callable[[object], str]) -> str:
    """A stored time as ``YYYY-MM-DD HH:MM`` (as written, in its own offset)."""
    try:
        return datetime.fromisoformat(str(at)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return esc(str(at)[:16])


def build_report(store: Any, settings: Settings, now: datetime, days: int, markdown: bool) -> str:
    # Values from records: escaped here for Markdown; for HTML whole lines are escaped below.
    esc: Callable[[object], str] = for_markdown if markdown else str
    today = now.date()
    first = today - timedelta(days=days - 1)
    in_range, _, document = history(store, settings, today, first, today)
    records = records_by_day(store, first, today)
    episodes = [e for day in sorted(records) for e in records[day].episodes]
    triages = [t for t in triage_history(store) if str(t.get("at", ""))[:10] >= first.isoformat()]
    walks = sum(d.walks for d in in_range)
    reminders = sum(d.reminders for d in in_range)
    routines = sum(d.routines_done for d in in_range)
    from toecoach.domain.adherence import is_rescue

    rescues = sum(1 for day in records.values() for r in day.runs if is_rescue(r))
    water_days = [d for d in in_range if d.water_target_ml is not None]
    water_met = sum(1 for d in water_days if d.met["water"])
    sections: list[tuple[str, list[str]]] = []
    weekly: dict[str, int] = {}
    for episode in episodes:
        moment = datetime.fromisoformat(str(episode["at"])).astimezone()
        week = (moment.date() - timedelta(days=moment.weekday())).isoformat()
        weekly[week] = weekly.get(week, 0) + 1
    lines = [f"{len(episodes)} spasm or cramp episodes logged in {days} days."]
    lines += [f"Week of {week}: {count}" for week, count in sorted(weekly.items())]
    for episode in episodes[-20:]:
        parts = [_minute(episode.get("at"), esc)]
        for key in ("foot", "severity", "duration_seconds", "during"):
            if episode.get(key) is not None:
                parts.append(f"{key.replace('_', ' ')} {esc(episode[key])}")
        if episode.get("note"):
            parts.append(f"note: {esc(episode['note'])}")
        lines.append(", ".join(parts))
    sections.append(("Episodes", lines))
    lines = []
    for record in triages:
        tier = str(record.get("tier", ""))
        headline = (
            triage.tier_headline(tier, settings.region) if tier in triage.TIERS else esc(tier)
        )
        lines.append(f"{_minute(record.get('at'), esc)}: {headline}")
        answers = record.get("answers", {})
        yes = [q for q, v in answers.items() if v is True or v == triage.UNSURE]
        if yes:
            shown = ", ".join(
                (triage.QUESTIONS_BY_ID[q].short if q in triage.QUESTIONS_BY_ID else esc(q))
                + (" (not sure)" if answers[q] == triage.UNSURE else "")
                for q in yes
            )
            lines.append(f"  Answered yes or not sure: {shown}")
        numbers = {
            q: v for q, v in answers.items() if not isinstance(v, bool) and v != triage.UNSURE
        }
        if numbers:
            lines.append(
                "  "
                + ", ".join(f"{esc(q.replace('_', ' '))}: {esc(v)}" for q, v in numbers.items())
            )
    sections.append(("Triage results", lines or ["No triage in this period."]))
    sections.append(("Walking breaks and routines", [
        f"{walks} walks for {reminders} sitting reminders.",
        f"{routines} exercise or massage routines finished; cramp rescue opened {rescues} "
        "times (not counted as routines).",
        f"Walk streak now {document['streaks']['walks']['current']} days "
        f"(longest {document['streaks']['walks']['longest']}).",
    ]))  # fmt: skip
    sections.append(("Fluids and minerals", [
        f"Water target reached on {water_met} of {len(water_days)} days." if water_days
        else "No water target (the person follows their care team's advice).",
        f"Minerals at target on {sum(1 for d in in_range if d.met['minerals'])} of {len(in_range)} days.",
    ]))  # fmt: skip
    title = f"toecoach summary: {first.isoformat()} to {today.isoformat()}"
    if markdown:
        out = [f"# {title}", "", f"> {STATEMENT}", ""]
        for heading, body in sections:
            out += [f"## {heading}", ""] + [f"- {line}" for line in body] + [""]
        return "\n".join(out)
    parts = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>{for_html(title)}</title>",
        "<style>body{font:14px/1.5 system-ui,sans-serif;max-width:48em;margin:2em auto;color:#111}"
        "h1{font-size:1.4em}h2{font-size:1.1em;border-bottom:1px solid #ccc}"
        ".note{border:1px solid #999;padding:.5em 1em;background:#f6f6f6}"
        "@media print{body{margin:0}}</style>",
        f"<h1>{for_html(title)}</h1>",
        f"<p class=note>{for_html(STATEMENT)}</p>",
    ]
    for heading, body in sections:
        parts.append(f"<h2>{for_html(heading)}</h2><ul>")
        parts += [f"<li>{for_html(line)}</li>" for line in body]
        parts.append("</ul>")
    parts.append("</html>")
    return "\n".join(parts)
