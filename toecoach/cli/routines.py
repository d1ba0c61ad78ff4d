"""`toecoach routines list|show|check`."""

from __future__ import annotations

import sys
from typing import Any

import click

from toecoach.cli.common import (
    Context,
    emit_json,
    pass_context,
    run_guarded,
    safe,
    usage_error,
)

# -- routines --------------------------------------------------------------------------------


@click.group()
def routines() -> None:
    """Guided toe exercises and massage routines."""


def _library(obj: Context) -> Any:
    library = run_guarded(obj.coach.library)
    for error in library.errors:
        click.echo(f"toecoach: skipped {safe(str(error))}", err=True)
    return library


@routines.command("list")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@pass_context
def routines_list(obj: Context, as_json: bool) -> None:
    """Every routine with its total time, and whether a safety lock stops it now."""
    from toecoach.domain.routines import format_duration, routine_locked_by, routine_seconds

    library = _library(obj)
    locks = run_guarded(obj.coach.locks)
    rows = [
        {"id": r.id, "name": r.name, "summary": r.summary, "seconds": routine_seconds(r, library),
         "items": [i.exercise for i in r.items], "locked_by": routine_locked_by(r, library, locks),
         "origin": r.origin}
        for r in library.routines.values()
    ]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        lock = f"  locked: {', '.join(row['locked_by'])}" if row["locked_by"] else ""
        click.echo(
            f"{row['id']:<20} {format_duration(row['seconds']):>12}  {safe(row['name'])}{lock}"
        )


@routines.command("show")
@click.argument("routine_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@pass_context
def routines_show(obj: Context, routine_id: str, as_json: bool) -> None:
    """A routine's steps, doses, cautions and sources."""
    from toecoach.domain.routines import (
        CRAMP_RESCUE_ID,
        describe_dose,
        format_duration,
        routine_locked_by,
        routine_seconds,
        visible_steps,
    )
    from toecoach.services.triage import locked_message

    library = _library(obj)
    routine = library.routines.get(routine_id)
    if routine is None:
        usage_error("ID", f"{routine_id!r} is not a routine; one of {', '.join(library.routines)}")
    # As the app shows it: the steps the locks in force forbid are left out (interfaces v2).
    effects = run_guarded(obj.coach.triage_effects)
    locks = dict(effects.locks)
    locked_by = routine_locked_by(routine, library, locks)
    # Today's doses: each exercise's progression and what the person said ("it hurts").
    plan = run_guarded(lambda: obj.coach.routine_for_today(routine))
    today = {
        item.exercise: (item, why) for item, why in zip(plan.routine.items, plan.why, strict=True)
    }
    left_out = dict(plan.left_out)
    items = []
    for item in routine.items:
        exercise = library.exercises[item.exercise]
        planned = today.get(exercise.id)
        items.append({
            "exercise": exercise.id, "name": exercise.name, "kind": exercise.kind,
            "position": exercise.position, "dose": describe_dose(item.dose), "note": item.note,
            "dose_today": describe_dose(planned[0].dose) if planned else None,
            "why": planned[1] if planned else None,
            "left_out": left_out.get(exercise.id),
            "steps": [s.text for s in visible_steps(exercise, locks)],
            "cautions": list(exercise.cautions),
            "blocked_by": list(exercise.blocked_by),
            "sources": [
                {"id": s.id, "title": s.title, "url": s.url or None, "note": s.note or None}
                for s in exercise.sources
            ],
        })  # fmt: skip
    seconds = routine_seconds(routine, library)
    # Cramp rescue says what the rescue screen says, by the latest triage: after an urgent
    # one its advice first; after an emergency one only the call and "sit or lie down".
    rescue = run_guarded(obj.coach.rescue_content) if routine.id == CRAMP_RESCUE_ID else None
    if rescue is not None and rescue.wait_line is not None:
        items = []
    if as_json:
        document = {"id": routine.id, "name": routine.name, "summary": routine.summary,
                    "seconds": seconds, "locked": bool(locked_by),
                    "locks_in_force": sorted(locks), "items": items}  # fmt: skip
        if rescue is not None:
            document["rescue"] = {"tier": rescue.tier, "first": list(rescue.first),
                                  "clot_line": rescue.clot_line, "wait": rescue.wait_line}  # fmt: skip
        emit_json(document)
        return
    click.echo(f"{safe(routine.name)} ({format_duration(seconds)})")
    click.echo(safe(routine.summary))
    if locked_by:
        click.echo(safe(locked_message(locked_by)))
    if rescue is not None:
        for line in (*rescue.first, rescue.clot_line, rescue.wait_line):
            if line:
                click.echo(f"\n{safe(line)}")
    for number, row in enumerate(items, start=1):
        click.echo(f"\n{number}. {safe(row['name'])}: {safe(row['dose'])}")
        if row["left_out"]:
            click.echo(f"   left out: {safe(row['left_out'])}; "
                       f"bring it back with: toecoach routines restore {row['exercise']}")  # fmt: skip
        elif row["dose_today"] != row["dose"] or row["why"]:
            why = f" ({row['why']})" if row["why"] else ""
            click.echo(f"   today: {safe(row['dose_today'])}{safe(why)}")
        for step in row["steps"]:
            click.echo(f"   - {safe(step)}")
        for caution in row["cautions"]:
            click.echo(f"   ! {safe(caution)}")
        click.echo("   sources: " + ", ".join(s["id"] for s in row["sources"]))


@routines.command("restore")
@click.argument("exercise_id", metavar="EXERCISE")
@pass_context
def routines_restore(obj: Context, exercise_id: str) -> None:
    """Bring back an exercise left out after "it hurts" (it starts at a lighter dose)."""
    library = _library(obj)
    if exercise_id not in library.exercises:
        usage_error("EXERCISE", f"{exercise_id!r} is not an exercise or technique")
    if run_guarded(lambda: obj.coach.restore_exercise(exercise_id)):
        click.echo(f"{safe(library.exercises[exercise_id].name)} is back in your routines.")
    else:
        click.echo(f"{safe(library.exercises[exercise_id].name)} was not left out.")


@routines.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@pass_context
def routines_check(obj: Context, files: tuple[str, ...]) -> None:
    """Validate exercise or routine files; exit 2 if any is invalid."""
    from pathlib import Path

    from toecoach.services.library import check_files

    errors = check_files([Path(f) for f in files], obj.paths.routines_dir)
    for error in errors:
        click.echo(f"toecoach: error: {safe(error)}", err=True)
    if errors:
        sys.exit(2)
    click.echo(f"{len(files)} file(s) valid")
