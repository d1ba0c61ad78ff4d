"""`toecoach history`, `rest`, `export`, `import` and `report`."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from toecoach.cli.common import (
    Context,
    emit_json,
    failure,
    now,
    one_line,
    output_path,
    pass_context,
    run_guarded,
    safe,
    usage_error,
)
from toecoach.domain.text import plural

# -- history, rest, export, import, report ---------------------------------------------------


def _date_option(value: str | None, name: str) -> Any:
    """A date within the bounds (interfaces v2): from 2000-01-01 to 366 days ahead (rest
    days may be declared ahead; a history range stays within the same bounds)."""
    from toecoach.domain.errors import InputError
    from toecoach.domain.times import REST_DAYS_AHEAD, check_day, parse_date

    if value is None:
        return None
    try:
        return check_day(parse_date(value, name), now().date(), name, ahead=REST_DAYS_AHEAD)
    except InputError as error:
        usage_error(error.field, error.message)


@click.command("history")
@click.option("--from", "from_text", default=None, metavar="DATE", help="first day (YYYY-MM-DD)")
@click.option("--to", "to_text", default=None, metavar="DATE", help="last day, inclusive")
@click.option("--json", "as_json", is_flag=True, help="print JSON (see the interfaces spec)")
@click.option("--csv", "as_csv", is_flag=True, help="print CSV, one row per day")
@pass_context
def history_command(obj: Context, from_text: str | None, to_text: str | None, as_json: bool,
                    as_csv: bool) -> None:  # fmt: skip
    """Adherence per day, streaks and habit strength."""

    if as_json and as_csv:
        usage_error("--json/--csv", "choose one of them")
    today = now().date()
    first, last = _date_option(from_text, "--from"), _date_option(to_text, "--to")
    if first and last and first > last:
        usage_error("--from", f"{first} is after --to {last}; give --from on or before --to")
    if first and not last and first > today:  # --to is today unless given
        usage_error("--from", f"{first} is after today; give --to as well for days ahead")
    days, _, document = run_guarded(lambda: obj.coach.history(today, first, last))
    if as_json:
        emit_json(document)
        return
    if as_csv:
        import csv

        from toecoach.domain.text import for_csv

        columns = ["date", "water_ml", "water_target_ml", "walks", "reminders", "routines_done",
                   "episodes", "rest_day"]  # fmt: skip
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in document["days"]:
            writer.writerow(
                {k: for_csv(str(v).lower() if isinstance(v, bool) else v)
                 for k, v in row.items()}
            )  # fmt: skip
        return
    from toecoach.domain.intake import water_text

    units = obj.settings.unit_system
    for row in document["days"][-14:]:
        # Shown in the person's units; --json and --csv stay in ml (interfaces v2).
        water = water_text(row["water_ml"], units)
        target = water_text(row["water_target_ml"], units) if row["water_target_ml"] else "-"
        rest = "  rest day" if row["rest_day"] else ""
        click.echo(f"{row['date']}  water {water:>11} of {target:<11} walks {row['walks']}/"
                   f"{row['reminders']}  routines {row['routines_done']}  episodes {row['episodes']}{rest}")  # fmt: skip
    click.echo("")
    for habit, streak in document["streaks"].items():
        strength = round(document["strength"][habit] * 100)
        click.echo(
            f"{habit:<9} streak {streak['current']:>3} (longest {streak['longest']}), strength {strength}%"
        )
    from toecoach.domain.adherence import habit_rule_lines

    for line in habit_rule_lines(run_guarded(obj.coach.habit_rules)):
        click.echo(line)


@click.command()
@click.argument("day_text", metavar="DATE")
@click.option("--remove", is_flag=True, help="take the rest day back")
@pass_context
def rest(obj: Context, day_text: str, remove: bool) -> None:
    """Declare a rest day (past or future): it never breaks a streak. --remove takes it back."""

    day = _date_option(day_text, "DATE")
    if remove:
        removed = run_guarded(lambda: obj.coach.remove_rest_day(day))
        click.echo(f"{day} is no longer a rest day" if removed
                   else f"{day} was not a rest day (nothing changed)")  # fmt: skip
        return
    added = run_guarded(lambda: obj.coach.add_rest_day(day))
    click.echo(f"{day} is a rest day" + ("" if added else " (already)"))


@click.command("export")
@click.option("-o", "--output", "output", required=True, metavar="FILE", help="where to write")
@pass_context
def export_command(obj: Context, output: str) -> None:
    """Everything you made as one JSON document: records, config.toml and routines/."""

    from toecoach.domain.text import valid_unicode

    target = output_path(output)
    document = run_guarded(obj.coach.export_document)
    # Text stored before undecodable input was refused may hold lone surrogates.
    text = valid_unicode(json.dumps(document, ensure_ascii=False, indent=1))
    try:
        obj.coach.write_file(target, text.encode("utf-8"))
    except OSError as error:
        failure(f"could not write {output!r}: {error.strerror or error}")
    count = sum(len(rows) for rows in document["records"].values())
    settings = "config.toml" if document["settings_toml"] is not None else "no config.toml"
    routines = len(document["routines"])
    click.echo(safe(f"exported {plural(count, 'record')}, {settings} and "
                    f"{plural(routines, 'routine file')} to {output}"))  # fmt: skip


@click.command("import")
@click.argument("file", metavar="FILE")
@pass_context
def import_command(obj: Context, file: str) -> None:
    """Restore an export into an empty home, or merge it: records by id, config.toml only
    where there is none, routine files only where absent. Says what it did with each."""
    from pathlib import Path

    from toecoach.services.transfer import MAX_PROBLEMS, ImportProblem, ImportProblems

    try:
        document = obj.coach.read_export(Path(file))
        result = run_guarded(lambda: obj.coach.import_document(document))
    except ImportProblems as problems:
        # Every problem named (the first MAX_PROBLEMS), one per line after the first.
        click.echo(
            one_line(
                f"toecoach: error: FILE: {file!r} was not imported, nothing changed: "
                f"{len(problems.problems)} problem(s):"
            ),
            err=True,
        )
        for problem in problems.problems[:MAX_PROBLEMS]:
            click.echo("  " + one_line(problem), err=True)
        if len(problems.problems) > MAX_PROBLEMS:
            click.echo(f"  ... and {len(problems.problems) - MAX_PROBLEMS} more", err=True)
        sys.exit(2)
    except ImportProblem as problem:
        usage_error("FILE", f"{file!r} was not imported, nothing changed: {problem}")
    for line in result.lines():
        click.echo(safe(line))


@click.command()
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=30,
    show_default=True,
    help="how many days back (30 or 90 are typical)",
)
@click.option("-o", "--output", "output", required=True, metavar="FILE.html|FILE.md")
@pass_context
def report(obj: Context, days: int, output: str) -> None:
    """A summary for your clinician: episodes, triage results, walks, routines, intake."""

    if not output.endswith((".html", ".htm", ".md")):
        usage_error("-o", f"{output!r} must end in .html or .md")
    target = output_path(output)
    text = run_guarded(lambda: obj.coach.report(days, markdown=output.endswith(".md")))
    try:
        obj.coach.write_file(target, text.encode("utf-8"))
    except OSError as error:
        failure(f"could not write {output!r}: {error.strerror or error}")
    click.echo(safe(f"wrote {output}"))
