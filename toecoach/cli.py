"""The ``toecoach`` command.

Commands that only log or print must stay fast: this module imports click and nothing
heavy at the top; textual and apscheduler are imported only inside the code paths that
open the TUI or run the reminder scheduler.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

import click

from toecoach import __version__

if TYPE_CHECKING:
    from toecoach.config import Settings
    from toecoach.services.coach import Coach


# -- shared plumbing ---------------------------------------------------------------------


def usage_error(argument: str, message: str) -> NoReturn:
    """Exit 2 with a short message naming the argument and what is accepted."""
    click.echo(f"toecoach: error: {argument}: {message}", err=True)
    sys.exit(2)


def failure(message: str) -> NoReturn:
    """Exit 1: could not do it (lock timeout, disk, newer database)."""
    click.echo(f"toecoach: {message}", err=True)
    sys.exit(1)


def now() -> datetime:
    return datetime.now().astimezone()


class Context:
    """Settings and the application facade, loaded once per command, only when needed."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._coach: Coach | None = None

    @property
    def paths(self) -> Any:
        from toecoach.paths import resolve_paths

        return resolve_paths()

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from toecoach.config import ConfigError, load_settings

            try:
                self._settings = load_settings(self.paths.config_file)
            except ConfigError as error:
                click.echo(f"toecoach: error: {error}", err=True)
                sys.exit(2)
        return self._settings

    @property
    def coach(self) -> Coach:
        """Every command reaches the data through this facade (never ``toecoach.storage``)."""
        if self._coach is None:
            from toecoach.services.coach import Coach

            self._coach = Coach(
                self.settings,
                paths=self.paths,
                clock=now,
                notify=lambda message: click.echo(message, err=True),
            )
        return self._coach


pass_context = click.make_pass_decorator(Context, ensure=True)


def run_guarded(action: Callable[[], Any]) -> Any:
    """Turn domain input errors into exit 2 and storage failures into exit 1."""
    from toecoach.domain.errors import InputError
    from toecoach.services.coach import StoreError

    try:
        return action()
    except InputError as error:
        usage_error(error.field, error.message)
    except StoreError as error:
        failure(str(error))
    except OSError as error:
        failure(f"could not write the data: {error.strerror or error}")


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def safe(text: str) -> str:
    from toecoach.domain.text import strip_controls

    return strip_controls(text, keep_newlines=False)


# -- the group ------------------------------------------------------------------------------


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toecoach")
@click.pass_context
def main(ctx: click.Context) -> None:
    """toecoach: a calm self-care coach for toe and foot spasms.

    Run without a command to open the desk app. Guidance, not medical advice.
    """
    ctx.ensure_object(Context)
    if ctx.invoked_subcommand is None:
        from toecoach.config import ConfigError, Settings, load_settings
        from toecoach.ui.app import run_app

        paths = ctx.obj.paths
        try:
            settings = load_settings(paths.config_file)
            problem = None
        except ConfigError as error:
            # The app stays usable: defaults apply and the message says what to fix.
            settings, problem = Settings(exists=True), f"{error} (defaults in use until fixed)"
        run_app(settings, problem)


# -- log -------------------------------------------------------------------------------------

AT_HELP = "when it happened: ISO 8601 (local time if no offset) or HH:MM today"


def _common_log_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--note", default=None, help="free text, up to 500 characters")(
        function
    )
    function = click.option("--at", "at_text", default=None, metavar="WHEN", help=AT_HELP)(function)
    return function


@main.group()
def log() -> None:
    """Log water, minerals, a food or a walk."""


def _store_intake(
    obj: Context,
    nutrient: str,
    amount_text: str,
    supplement: bool | None,
    at_text: str | None,
    note: str | None,
) -> None:
    from toecoach.domain.intake import describe_record
    from toecoach.services.checkins import build_intake

    settings = obj.settings
    record = run_guarded(lambda: obj.coach.log_intake(build_intake(
        settings, nutrient, amount_text, supplement=supplement, at_text=at_text, note=note, now=now()
    )))  # fmt: skip
    click.echo(f"logged {describe_record(record)} at {record['at']}")
    # The day's safety warnings for what was just logged (supplements, upper limits).
    for warning in run_guarded(lambda: obj.coach.warnings_after(record)):
        click.echo(f"  ! {warning}")


def _amount_command(nutrient: str, help_text: str, supplement: bool) -> click.Command:
    @click.argument("amount", metavar="AMOUNT")
    @_common_log_options
    @pass_context
    def command(
        obj: Context, /, amount: str, at_text: str | None, note: str | None, **kw: Any
    ) -> None:
        source: bool | None = None
        if kw.get("supplement") and kw.get("food"):
            usage_error("--supplement/--food", "give one of them, not both")
        if kw.get("supplement"):
            source = True
        elif kw.get("food"):
            source = False
        _store_intake(obj, nutrient, amount, source, at_text, note)

    if supplement:
        command = click.option(
            "--food",
            is_flag=True,
            help="from food (without --food or --supplement the "
            "amount also counts toward the supplement limits)",
        )(command)
        command = click.option("--supplement", is_flag=True, help="from a supplement")(command)
    return click.command(name=nutrient.replace("_", "-"), help=help_text)(command)


log.add_command(
    _amount_command("water", "Log a drink: 250, 250ml, 0.5 l, 8 oz, 1 cup, 1 glass.", False)
)
for _mineral in ("calcium", "magnesium", "potassium"):
    log.add_command(_amount_command(_mineral, f"Log {_mineral} in mg (or g).", True))
log.add_command(
    _amount_command("vitamin_d", "Log vitamin D in IU (or mcg/ug/µg; 1 µg = 40 IU).", True)
)


@log.command("food")
@click.argument("name")
@click.option("--servings", default="1", metavar="N", help="how many servings (0.25 to 20)")
@_common_log_options
@pass_context
def log_food(obj: Context, name: str, servings: str, at_text: str | None, note: str | None) -> None:
    """Log a food from the built-in table (see `toecoach foods`): one record, all its minerals."""
    from toecoach.domain.intake import describe_record
    from toecoach.services.checkins import build_food

    record = run_guarded(lambda: obj.coach.log_intake(build_food(
        name, servings, at_text=at_text, note=note, now=now()
    )))  # fmt: skip
    click.echo(f"logged {describe_record(record)} at {record['at']}")


@log.command("walk")
@click.option("--minutes", default=None, metavar="N", help="how long you walked (1 to 240)")
@_common_log_options
@pass_context
def log_walk(obj: Context, minutes: str | None, at_text: str | None, note: str | None) -> None:
    """Log a walk: it ends the current sitting bout in every running toecoach."""
    from toecoach.services.checkins import build_walk

    settings = obj.settings
    record = run_guarded(lambda: obj.coach.log_walk(build_walk(
        settings, minutes, at_text=at_text, note=note, now=now()
    )))  # fmt: skip
    click.echo(f"logged a {record['minutes']}-minute walk at {record['at']}")


# -- undo, today, foods ----------------------------------------------------------------------


@main.command()
@pass_context
def undo(obj: Context) -> None:
    """Remove the most recently created check-in and say what it was."""
    from toecoach.domain.intake import describe_record

    removed = run_guarded(obj.coach.undo)
    if removed is None:
        click.echo("nothing to undo")
        return
    what = (
        f"a {removed.get('minutes')}-minute walk"
        if removed.get("kind") == "walk"
        else describe_record(removed)
    )
    click.echo(f"removed {what} at {removed['at']}")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON (see the interfaces spec)")
@pass_context
def today(obj: Context, as_json: bool) -> None:
    """Today's water and minerals against target, walks, reminders and routines."""
    from toecoach.domain.intake import LABEL

    document = run_guarded(obj.coach.today)
    if as_json:
        emit_json(document)
        return
    click.echo(f"Today, {document['date']}")
    for nutrient, row in document["nutrients"].items():
        target = f"{row['target']} {row['unit']}" if row["target"] is not None else "no target"
        percent = f"{row['percent']:>3}%" if row["percent"] is not None else "    "
        click.echo(
            f"  {LABEL[nutrient]:<10} {row['total']:>7} {row['unit']:<3} of {target:<12} {percent}  {row['status']}"
        )
        for warning in row["warnings"]:
            click.echo(f"      ! {warning}")
    click.echo(
        f"  Walks {document['walks']}, reminders {document['reminders']}, "
        f"routines done {document['routines_done']}, episodes {document['episodes']}"
    )


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def foods(as_json: bool) -> None:
    """The built-in food table (typical servings; values vary by product)."""
    from toecoach.domain.intake import FOODS

    rows = [
        {"id": f.id, "name": f.name, "serving": f.serving, "nutrients": dict(f.nutrients),
         "sources": list(f.sources), "note": f.note}
        for f in FOODS
    ]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        nutrients: dict[str, float] = row["nutrients"]  # type: ignore[assignment]
        values = ", ".join(f"{k} {v:g} mg" for k, v in nutrients.items())
        note = f"  ({row['note']})" if row["note"] else ""
        click.echo(f"{row['id']:<8} {row['name']}, {row['serving']}: {values}{note}")


# -- triage ----------------------------------------------------------------------------------


@main.group(invoke_without_command=True)
@click.option(
    "--answers",
    "answers_file",
    default=None,
    metavar="FILE|-",
    help="a JSON answers document (see `toecoach triage questions`); - reads stdin",
)
@click.option("--json", "as_json", is_flag=True, help="print the result document as JSON")
@click.option("--apply", "apply", is_flag=True, help="also apply the self-care plan")
@click.pass_context
def triage(ctx: click.Context, answers_file: str | None, as_json: bool, apply: bool) -> None:
    """Evaluate a triage answers document and store the result.

    Guidance, not a diagnosis. Red flags are shown first, even when other answers are invalid.
    """
    if ctx.invoked_subcommand is not None:
        return
    if answers_file is None:
        usage_error(
            "--answers",
            "is required: a JSON file of answers, or - for stdin "
            "(or open the app and press t for the questionnaire)",
        )
    obj: Context = ctx.ensure_object(Context)
    _run_triage(obj, answers_file, as_json, apply)


def _read_answers(answers_file: str) -> Any:
    try:
        if answers_file == "-":
            text = sys.stdin.read()
        else:
            with open(answers_file, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        usage_error(
            "--answers",
            f"cannot read {answers_file!r}: {getattr(error, 'strerror', None) or error}",
        )
    from toecoach.domain.triage import parse_answers

    try:
        return parse_answers(text)
    except RecursionError:
        usage_error(
            "--answers", f"{answers_file!r} is nested too deeply; expected a flat JSON object"
        )
    except ValueError as error:
        usage_error(
            "--answers",
            f"{answers_file!r} is not valid JSON ({error}); expected a JSON object keyed by question id",
        )


def _run_triage(obj: Context, answers_file: str, as_json: bool, apply: bool) -> None:
    from toecoach.domain import triage as rules
    from toecoach.services.triage import interval_in_force, result_lines

    raw = _read_answers(answers_file)
    region = obj.settings.region
    answers, errors = rules.validate_answers(raw)
    result = rules.evaluate(answers, region=region)
    if errors:
        # A typo must never hide a red flag (spec v2): a missing or invalid warning sign puts
        # the emergency box first, and invalid, near-miss and repeated keys count as unsure.
        if rules.needs_emergency_box(errors):
            click.echo(rules.emergency_box(region).text, err=True)
            click.echo("", err=True)
        advice = rules.evaluate(rules.answers_for_advice(raw), region=region)
        if advice.tier in ("emergency", "urgent"):
            click.echo(advice.headline.upper(), err=True)
            for reason in advice.reasons:
                if reason.tier in ("emergency", "urgent"):
                    click.echo(f"  - {reason.advice}", err=True)
            click.echo("", err=True)
        click.echo(
            "toecoach: error: the answers were not stored; fix these and run again:", err=True
        )
        for error in errors:
            click.echo(f"  {safe(error.key)}: {safe(error.message)}", err=True)
        sys.exit(2)

    def action() -> dict[str, Any]:
        record = obj.coach.save_triage(dict(answers), result)
        if apply and not result.plan.is_empty:
            obj.coach.apply_plan(record["id"], result)
        return record

    run_guarded(action)
    if as_json:
        emit_json(result.to_json())
        return
    for line in result_lines(result, interval_in_force(result, obj.settings)):
        click.echo(line)


@triage.command("questions")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
def triage_questions(as_json: bool) -> None:
    """The triage questions: ids, types, ranges and whether each is required."""
    from toecoach.domain.triage import QUESTIONS

    rows = [
        {"id": q.id, "type": q.kind, "required": q.required, "text": q.text,
         **({"min": q.min, "max": q.max} if q.kind != "yesno" else {}),
         **({"asked_when": q.asked_when} if q.asked_when else {})}
        for q in QUESTIONS
    ]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        kind = (
            "yes/no/unsure"
            if row["type"] == "yesno"
            else f"{row['type']} {row['min']}-{row['max']}"
        )
        need = "required" if row["required"] else "optional"
        click.echo(f"{row['id']:<28} {kind:<16} {need}\n    {row['text']}")


# -- routines --------------------------------------------------------------------------------


@main.group()
def routines() -> None:
    """Guided toe exercises and massage routines."""


def _library(obj: Context) -> Any:
    from toecoach.services.library import load_library

    library = load_library(obj.paths.routines_dir)
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
    items = []
    for item in routine.items:
        exercise = library.exercises[item.exercise]
        items.append({
            "exercise": exercise.id, "name": exercise.name, "kind": exercise.kind,
            "position": exercise.position, "dose": describe_dose(item.dose), "note": item.note,
            "steps": [s.text for s in visible_steps(exercise, locks)],
            "cautions": list(exercise.cautions),
            "blocked_by": list(exercise.blocked_by),
            "sources": [
                {"id": s.id, "title": s.title, "url": s.url or None, "note": s.note or None}
                for s in exercise.sources
            ],
        })  # fmt: skip
    seconds = routine_seconds(routine, library)
    if as_json:
        emit_json({"id": routine.id, "name": routine.name, "summary": routine.summary,
                   "seconds": seconds, "locked": bool(locked_by),
                   "locks_in_force": sorted(locks), "items": items})  # fmt: skip
        return
    click.echo(f"{safe(routine.name)} ({format_duration(seconds)})")
    click.echo(safe(routine.summary))
    if locked_by:
        click.echo(safe(locked_message(locked_by)))
    for number, row in enumerate(items, start=1):
        click.echo(f"\n{number}. {safe(row['name'])}: {safe(row['dose'])}")
        for step in row["steps"]:
            click.echo(f"   - {safe(step)}")
        for caution in row["cautions"]:
            click.echo(f"   ! {safe(caution)}")
        click.echo("   sources: " + ", ".join(s["id"] for s in row["sources"]))


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


# -- remind ----------------------------------------------------------------------------------


@main.command()
@click.option(
    "--print",
    "print_events",
    is_flag=True,
    help="write every event to stdout as one JSON object per line",
)
@click.option(
    "--check-every",
    "check_every",
    type=click.FloatRange(1, 300),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="how often to check for suspends, idle time and walks logged elsewhere",
)
@pass_context
def remind(obj: Context, print_events: bool, check_every: float) -> None:
    """Walking-break reminders without the app, until Ctrl-C.

    Uses the same sitting tracker as the app: desktop or terminal notifications, the
    terminal bell, and every event stored so the history can count them.
    """
    import asyncio

    settings = obj.settings
    coach = obj.coach

    import logging

    # APScheduler logs skipped runs as warnings; the tracker already handles those cases.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)

    async def run() -> None:
        from toecoach.config import load_settings
        from toecoach.services.idle import IdleMonitor
        from toecoach.services.notify import Notifier

        notifier = Notifier(settings.notification_backends, stream=sys.stderr)
        config_file = obj.paths.config_file

        def reload_settings() -> Settings | None:
            from toecoach.config import ConfigError

            try:
                return load_settings(config_file)
            except ConfigError:
                return None  # keep the last good settings; `toecoach doctor` names the problem

        def on_event(doc: dict[str, Any]) -> None:
            if print_events:
                click.echo(json.dumps(doc, ensure_ascii=False), nl=True)
                sys.stdout.flush()

        def on_reminder(minutes: int) -> None:
            title = "Time for a short walk"
            body = f"You have been sitting for {minutes} minutes. A few minutes' walk helps."
            notifier.notify(title, body)
            if not print_events:
                click.echo(f"{now():%H:%M}  {title}: {body}")
            if sys.stderr.isatty():
                sys.stderr.write("\a")
                sys.stderr.flush()
            service.reminder_open = False  # nothing to answer here; the next one comes later

        monitor = IdleMonitor()
        service = coach.reminder_service(idle_seconds=monitor.idle_seconds,
                                  on_reminder=on_reminder, on_event=on_event,
                                  reload_settings=reload_settings,
                                  heartbeat_seconds=check_every)  # fmt: skip
        service.start()
        if not print_events:
            due = service.next_due()
            when = (
                f"next at {due.astimezone():%H:%M}"
                if due
                else "none due (outside work hours or paused)"
            )
            click.echo(f"toecoach reminders running ({when}); Ctrl-C to stop")
        try:
            await asyncio.Event().wait()
        finally:
            service.shutdown()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop it: exit 0
        asyncio.run(run())


# -- history, rest, export, import, report ---------------------------------------------------


def _date_option(value: str | None, name: str) -> Any:
    from toecoach.domain.errors import InputError
    from toecoach.domain.times import parse_date

    if value is None:
        return None
    try:
        return parse_date(value, name)
    except InputError as error:
        usage_error(error.field, error.message)


@main.command("history")
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
    days, _, document = run_guarded(lambda: obj.coach.history(today, first, last))
    if as_json:
        emit_json(document)
        return
    if as_csv:
        import csv

        columns = ["date", "water_ml", "water_target_ml", "walks", "reminders", "routines_done",
                   "episodes", "rest_day"]  # fmt: skip
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in document["days"]:
            writer.writerow(
                {k: str(v).lower() if isinstance(v, bool) else v for k, v in row.items()}
            )
        return
    for row in document["days"][-14:]:
        target = row["water_target_ml"] or "-"
        rest = "  rest day" if row["rest_day"] else ""
        click.echo(f"{row['date']}  water {row['water_ml']:>5}/{target:<5} walks {row['walks']}/"
                   f"{row['reminders']}  routines {row['routines_done']}  episodes {row['episodes']}{rest}")  # fmt: skip
    click.echo("")
    for habit, streak in document["streaks"].items():
        strength = round(document["strength"][habit] * 100)
        click.echo(
            f"{habit:<9} streak {streak['current']:>3} (longest {streak['longest']}), strength {strength}%"
        )


@main.command()
@click.argument("day_text", metavar="DATE")
@pass_context
def rest(obj: Context, day_text: str) -> None:
    """Declare a rest day (past or future): it never breaks a streak."""

    day = _date_option(day_text, "DATE")
    added = run_guarded(lambda: obj.coach.add_rest_day(day))
    click.echo(f"{day} is a rest day" + ("" if added else " (already)"))


@main.command("export")
@click.option("-o", "--output", "output", required=True, metavar="FILE", help="where to write")
@pass_context
def export_command(obj: Context, output: str) -> None:
    """Everything (all records and settings) as one JSON document."""
    from pathlib import Path

    document = run_guarded(obj.coach.export_document)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    target = Path(output)
    try:
        obj.coach.write_file(target, text.encode("utf-8"))
    except OSError as error:
        failure(f"could not write {output}: {error.strerror or error}")
    count = sum(len(rows) for rows in document["records"].values())
    click.echo(f"exported {count} records and settings to {output}")


@main.command("import")
@click.argument("file", metavar="FILE")
@pass_context
def import_command(obj: Context, file: str) -> None:
    """Restore an export into an empty home, or merge it without duplicating records."""
    from toecoach.services.transfer import ImportProblem

    try:
        with open(file, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, UnicodeDecodeError) as error:
        usage_error("FILE", f"cannot read {file!r}: {getattr(error, 'strerror', None) or error}")
    except ValueError as error:
        usage_error("FILE", f"{file!r} is not a toecoach export (not JSON: {error})")
    try:
        added, skipped = run_guarded(lambda: obj.coach.import_document(document))
    except ImportProblem as problem:
        usage_error("FILE", f"{file!r} was not imported, nothing changed: {problem}")
    click.echo(f"imported {added} records ({skipped} already here)")


@main.command()
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
    text = run_guarded(lambda: obj.coach.report(days, markdown=output.endswith(".md")))
    try:
        from pathlib import Path

        obj.coach.write_file(Path(output), text.encode("utf-8"))
    except OSError as error:
        failure(f"could not write {output}: {error.strerror or error}")
    click.echo(f"wrote {output}")


# -- episodes and insights ------------------------------------------------------------------


@main.command()
@click.option("--foot", default=None, metavar="left|right|both")
@click.option("--toe", "toes", multiple=True, metavar="big|2|3|4|5|all", help="may repeat")
@click.option("--severity", default=None, metavar="0-10")
@click.option("--duration", default=None, metavar="45s|2m", help="a bare number is seconds")
@click.option("--during", default=None, metavar="sitting|walking|night|exercise|other")
@_common_log_options
@pass_context
def episode(obj: Context, foot: str | None, toes: tuple[str, ...], severity: str | None,
            duration: str | None, during: str | None, at_text: str | None, note: str | None) -> None:  # fmt: skip
    """Log a toe or foot spasm (now, unless --at says when)."""
    from toecoach.domain import episodes as ep
    from toecoach.domain.intake import validate_note
    from toecoach.domain.times import parse_when
    from toecoach.services.insights import build_episode

    moment = now()

    def action() -> dict[str, Any]:
        record = build_episode(
            foot=ep.check_choice(foot, ep.FEET, "--foot") if foot is not None else None,
            toes=[ep.check_choice(t, ep.TOES, "--toe") for t in toes],
            severity=ep.parse_severity(severity) if severity is not None else None,
            duration=ep.parse_duration(duration) if duration is not None else None,
            during=ep.check_choice(during, ep.DURING, "--during") if during is not None else None,
            at=parse_when(at_text, moment) if at_text is not None else moment,
            note=validate_note(note), now=moment,
        )  # fmt: skip
        return obj.coach.log_episode(record)

    record = run_guarded(action)
    click.echo(f"logged a spasm episode at {record['at']}")
    from toecoach.domain.triage import tier_headline

    long_cramp = ep.long_cramp_message(
        datetime.fromisoformat(str(record["at"])), moment, record.get("duration_seconds"),
        tier_headline("urgent", obj.settings.region),
    )  # fmt: skip
    if long_cramp:
        click.echo(long_cramp)

    prompt = run_guarded(obj.coach.insights)["prompt"]
    if prompt:
        click.echo(prompt)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@pass_context
def insights(obj: Context, as_json: bool) -> None:
    """What spasm episodes seem to go with, over the last 90 days, with the counts."""

    document = run_guarded(obj.coach.insights)
    if as_json:
        emit_json(document)
        return
    weeks = " ".join(str(n) for n in document["episodes_per_week"])
    click.echo(f"Episodes per week (last 8 weeks, oldest first): {weeks}")
    if document["prompt"]:
        click.echo(f"! {document['prompt']}")
    for comparison in document["comparisons"]:
        click.echo(f"- {comparison['summary']}")
    click.echo(document["caveat"])


# -- doctor ----------------------------------------------------------------------------------


@main.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@pass_context
def doctor(obj: Context, as_json: bool) -> None:
    """Where the data is, its files and schema, the lock, and whether config.toml is valid."""
    from toecoach.config import ConfigError, load_settings

    paths = obj.paths
    try:
        load_settings(paths.config_file)
        config_state = "valid" if paths.config_file.exists() else "missing (defaults in use)"
    except ConfigError as error:
        config_state = f"invalid: {error}"
    data = run_guarded(obj.coach.data_report)
    files, aside, schema_version = data["files"], data["kept_aside"], data["schema_version"]
    report: dict[str, Any] = {
        "version": __version__,
        "config_file": str(paths.config_file),
        "config": config_state,
        "routines_dir": str(paths.routines_dir),
        "data_dir": str(paths.data_dir),
        **data,
    }
    report.update(_service_report())
    if as_json:
        emit_json(report)
        return
    click.echo(f"toecoach {__version__}")
    click.echo(f"config      {report['config_file']} ({config_state})")
    click.echo(f"routines    {report['routines_dir']}")
    click.echo(f"data        {report['data_dir']} (schema {schema_version}, lock {report['lock']})")
    for row in files:
        click.echo(f"  {row['file']:<22} {row['bytes']:>10,} bytes  schema {row['schema']}")
    for name in aside:
        click.echo(f"  kept aside: {name}")
    for key in ("idle", "notifications"):
        if key in report:
            click.echo(f"{key:<11} {report[key]}")


def _service_report() -> dict[str, Any]:
    """Which idle and notification backends this machine offers."""
    from toecoach.services.idle import IdleMonitor
    from toecoach.services.notify import Notifier

    return {
        "idle": IdleMonitor().describe(),
        "notifications": Notifier(["desktop", "terminal"]).describe(),
    }


if __name__ == "__main__":  # pragma: no cover
    main()
