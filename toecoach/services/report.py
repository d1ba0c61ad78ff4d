"""A summary for a clinician, as HTML (printable, self-contained) or Markdown.

Plain language, the not-medical-advice statement first, and every piece of text that came
from the user or a file (notes, answers, imported fields) escaped so it is shown as written:
in HTML every line goes through ``for_html``; in Markdown every value from a record goes
through ``for_markdown`` (the app's own words are left readable).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from toecoach.config import Settings
from toecoach.domain import triage
from toecoach.domain.breaks import walks_summary
from toecoach.domain.text import for_html, for_markdown, plural
from toecoach.services.history import history, records_by_day
from toecoach.storage.repositories import triage_history

STATEMENT = (
    "This summary was made by toecoach, a self-care app, from what the person logged. It is "
    "not a diagnosis and not medical advice. Triage results are guidance the app gave."
)


Escape = Callable[[object], str]


def _when(record: Mapping[str, Any], esc: Escape = str) -> str:
    """A stored time as ``YYYY-MM-DD HH:MM`` (as written, in its own offset)."""
    at = record.get("at", "")
    try:
        return datetime.fromisoformat(str(at)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return esc(str(at)[:16])


def episode_line(episode: Mapping[str, Any], esc: Escape = str) -> str:
    """One episode in words: minutes, not ``duration seconds 720``. ``esc`` escapes what
    came from the record for the output channel."""
    from toecoach.domain.routines import format_duration

    parts = [_when(episode, esc)]
    if episode.get("foot"):
        parts.append(
            f"{'both feet' if episode['foot'] == 'both' else esc(episode['foot']) + ' foot'}"
        )
    toes = episode.get("toes") or []
    if toes:
        names = [
            "big toe" if t == "big" else "all toes" if t == "all" else f"toe {esc(t)}" for t in toes
        ]
        parts.append(", ".join(names))
    if episode.get("severity") is not None:
        parts.append(f"severity {esc(episode['severity'])} of 10")
    if episode.get("duration_seconds"):
        parts.append(f"lasted {format_duration(float(episode['duration_seconds']))}")
    if episode.get("during"):
        during = episode["during"]
        parts.append(f"during {esc(during)}" if during != "night" else "at night")
    if episode.get("note"):
        parts.append(f"note: {esc(episode['note'])}")
    return ", ".join(parts)


def _items(body: list[str]) -> list[tuple[str, list[str]]]:
    """A section's lines as items and their sub-items (lines indented by two spaces: the
    answers under a triage result), so Markdown and HTML nest them instead of flattening."""
    items: list[tuple[str, list[str]]] = []
    for line in body:
        if line.startswith("  ") and items:
            items[-1][1].append(line.strip())
        else:
            items.append((line.strip(), []))
    return items


def build_report(store: Any, settings: Settings, now: datetime, days: int, markdown: bool) -> str:
    from toecoach.domain.adherence import Day
    from toecoach.domain.intake import (
        IN_TEXT,
        MINERALS,
        amount_text,
        profile_on,
        summarize_day,
        supplement_amounts,
        targets_for,
        upper_limit_texts,
        water_text,
    )
    from toecoach.domain.routines import format_duration
    from toecoach.domain.runs import is_rescue
    from toecoach.services.effective import effective, profiles_by_day
    from toecoach.services.history import first_record_day

    # Values from records: escaped here for Markdown; for HTML whole lines are escaped below.
    esc: Escape = for_markdown if markdown else str
    units = settings.unit_system
    today = now.date()
    asked_first = today - timedelta(days=days - 1)
    # Honest numbers (interfaces v2): days before the first record are not days the person
    # "did not" do something; the period starts at the first record.
    started = first_record_day(store)
    first = max(asked_first, started) if started is not None else today
    in_range, _, document = history(store, settings, today, first, today)
    records = records_by_day(store, first, today)
    episodes = [e for day in sorted(records) for e in records[day].episodes]
    triages = [t for t in triage_history(store) if str(t.get("at", ""))[:10] >= first.isoformat()]
    walks = sum(d.walks for d in in_range)
    reminders = sum(d.reminders for d in in_range)
    routines = sum(d.routines_done for d in in_range)
    runs = [r for day in sorted(records) for r in records[day].runs]
    stopped = [r for r in runs if not is_rescue(r) and r.get("finished") is False]
    rescues = [r for r in runs if is_rescue(r)]
    logged = [d for d in in_range if d.has_records]
    sections: list[tuple[str, list[str]]] = []
    period = [f"{plural(len(in_range), 'day')}, {first.isoformat()} to {today.isoformat()}; something was "
              f"logged on {len(logged)} of them."]  # fmt: skip
    if first > asked_first:
        period.append(f"The first record is from {first.isoformat()}, so the {plural(days, 'day')} asked "
                      f"for cover only {len(in_range)}.")  # fmt: skip
    sections.append(("Period", period))

    weekly: dict[str, int] = {}
    for episode in episodes:
        moment = datetime.fromisoformat(str(episode["at"])).astimezone()
        week = (moment.date() - timedelta(days=moment.weekday())).isoformat()
        weekly[week] = weekly.get(week, 0) + 1
    count = plural(len(episodes), "spasm or cramp episode")
    lines = [f"{count} logged, over {plural(len(logged), 'day')} with something logged."]
    lines += [f"Week of {week}: {count}" for week, count in sorted(weekly.items())]
    lines += [episode_line(episode, esc) for episode in episodes[-20:]]
    sections.append(("Episodes", lines))
    # "It hurts" in the routine player: pain during an exercise, not a spasm (not counted
    # above), but a clinician wants to know which exercise hurt and how much.
    pains = [p for day in sorted(records) for p in records[day].pains]
    if pains:
        from toecoach.domain.kinds import describe

        lines = [
            f"{plural(len(pains), 'time')} an exercise hurt (the routine player's 'it hurts'):"
        ]
        lines += [f"{_when(p, esc)}: {esc(describe('episodes', p))}" for p in pains[-20:]]
        sections.append(("Pain during exercises", lines))
    lines = []
    for record in triages:
        tier = str(record.get("tier", ""))
        headline = (
            triage.tier_headline(tier, settings.region) if tier in triage.TIERS else esc(tier)
        )
        lines.append(f"{_when(record, esc)}: {headline}")
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
        f"{walks_summary(walks, reminders)}.",
        f"{plural(routines, 'exercise or massage routine')} finished; {len(stopped)} stopped early "
        "(not counted as done).",
        f"Walk streak now {plural(document['streaks']['walks']['current'], 'day')} "
        f"(longest {document['streaks']['walks']['longest']}).",
    ]))  # fmt: skip
    lines = [
        f"Opened {plural(len(rescues), 'time')} (a rescue is not a routine and is not counted as one)."
    ]
    for rescue in rescues:
        seconds = float(rescue.get("seconds") or 0)
        help_shown = "; the 10-minute help prompt was shown" if rescue.get("escalated") else ""
        lines.append(f"{_when(rescue, esc)}: {format_duration(seconds)}{help_shown}")
    sections.append(("Cramp rescue", lines))

    water_days = [d for d in in_range if d.drinks_logged and d.water_target_ml is not None]
    mineral_days = [d for d in in_range if d.minerals_logged and d.due["minerals"]]
    drink_days = [d for d in in_range if d.drinks_logged]
    before, changes = profiles_by_day(store, settings)  # each day by the targets of its day

    def told(days: list[Day], nutrients: tuple[str, ...]) -> str:
        """What toecoach told the person instead of a target on these days, as it said it
        (a triage or the settings removed it: pregnancy, kidney disease, a fluid limit)."""
        said = {
            targets_for(profile_on(before, changes, d.date))[n].removed_reason
            for d in days for n in nutrients
        }  # fmt: skip
        return "; ".join(f'"{s}"' for s in sorted(said) if s) or "no reason recorded"

    lines = []
    # Each day has the target it had (a triage may have removed it partway through).
    without_target = [d for d in in_range if d.water_target_ml is None]
    if len(without_target) == len(in_range):
        lines.append(f"No water target; toecoach told the person: {told(in_range, ('water',))}.")
    elif not water_days:
        lines.append("No drinks logged on the days with a water target."
                     if drink_days else "No drinks logged in this period.")  # fmt: skip
    else:
        met = sum(1 for d in water_days if d.met["water"])
        lines.append(
            f"Water target reached on {met} of {plural(len(water_days), 'day')} with drinks logged"
            " and a target."
        )
    if without_target and len(without_target) < len(in_range):
        lines.append(
            f"No water target on {plural(len(without_target), 'day')} of this period; toecoach "
            f"told the person: {told(without_target, ('water',))}."
        )
    if drink_days:
        average = sum(d.water_ml for d in drink_days) / len(drink_days)
        lines.append(
            f"On the {plural(len(drink_days), 'day')} with drinks logged: "
            f"{water_text(round(average), units)} a day on average."
        )
    if mineral_days:
        met = sum(1 for d in mineral_days if d.met["minerals"])
        lines.append(
            f"Minerals at target on {met} of {plural(len(mineral_days), 'day')} with minerals logged."
        )
    logged_minerals = [d for d in in_range if d.minerals_logged]
    if len(mineral_days) < len(logged_minerals):
        # Days without mineral targets (pregnancy) still had minerals or foods logged.
        untargeted = [d for d in logged_minerals if not d.due["minerals"] and not d.rest_day]
        if untargeted:
            lines.append(
                f"Minerals or foods logged on {plural(len(untargeted), 'day')} without mineral "
                f"targets; toecoach told the person: {told(untargeted, MINERALS)}."
            )
    if not logged_minerals:
        lines.append("No minerals or foods logged in this period.")
    sections.append(("Fluids and minerals", lines))

    profile = effective(store, settings).profile
    limits = upper_limit_texts(profile)
    over: dict[str, list[str]] = {}
    lines = []
    for day in sorted(records):
        intake = records[day].intake
        amounts = supplement_amounts(intake)
        if amounts:
            parts = [
                f"{IN_TEXT[n]} {amount_text(n, v, units)}"
                + (" (supplement)" if source == "supplement" else " (source not given)")
                for n, by_source in amounts.items() for source, v in sorted(by_source.items())
            ]  # fmt: skip
            lines.append(f"{day.isoformat()}: {'; '.join(parts)}")
        for nutrient, row in summarize_day(intake, profile_on(before, changes, day)).items():
            if row.status == "over_limit" and nutrient in limits:
                over.setdefault(nutrient, []).append(day.isoformat())
    if not lines:
        lines.append("No supplements logged (nor mineral amounts without a source).")
    if over:
        for nutrient, dates in over.items():
            lines.append(f"Days with {limits[nutrient]}: {len(dates)} ({', '.join(dates)})")
    else:
        lines.append("No day over an upper limit.")
    sections.append(("Supplements and upper limits", lines))
    title = f"toecoach summary: {first.isoformat()} to {today.isoformat()}"
    if markdown:
        out = [f"# {title}", "", f"> {STATEMENT}", ""]
        for heading, body in sections:
            out += [f"## {heading}", ""]
            for line, subs in _items(body):
                out += [f"- {line}", *(f"  - {sub}" for sub in subs)]  # a nested list
            out.append("")
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
        for line, subs in _items(body):
            nested = "".join(f"<li>{for_html(sub)}</li>" for sub in subs)
            parts.append(
                f"<li>{for_html(line)}" + (f"<ul>{nested}</ul>" if nested else "") + "</li>"
            )
        parts.append("</ul>")
    parts.append("</html>")
    return "\n".join(parts)
