"""`toecoach triage` and `triage questions`."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from toecoach.cli.common import (
    Context,
    emit_json,
    run_guarded,
    safe,
    usage_error,
)

# -- triage ----------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
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


def _read_answers(answers_file: str, region: str) -> Any:
    from toecoach.files import MAX_ANSWERS_BYTES, read_regular

    def unparsed(message: str) -> NoReturn:
        # Read but not a JSON object of answers (a typo, a file cut short, another text
        # encoding): no warning sign was answered, so the emergency box comes first, as for
        # any missing one (spec v2: a typo must never hide a red flag).
        from toecoach.domain.triage import emergency_box

        click.echo(emergency_box(region).text + "\n", err=True)
        usage_error("--answers", message)

    try:
        if answers_file == "-":
            text = sys.stdin.read(MAX_ANSWERS_BYTES + 1)
            if len(text) > MAX_ANSWERS_BYTES:
                usage_error("--answers", "stdin holds more than an answers document can")
        else:
            # A regular file of a bounded size: a FIFO or /dev/zero is refused, not read.
            text = read_regular(answers_file, MAX_ANSWERS_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        unparsed(f"{answers_file!r} is not UTF-8 text; expected a JSON object keyed by "
                 "question id, saved as UTF-8")  # fmt: skip
    except OSError as error:
        usage_error("--answers", f"cannot read {answers_file!r}: {error.strerror or error}")
    from toecoach.domain.triage import parse_answers

    try:
        return parse_answers(text)
    except RecursionError:
        unparsed(f"{answers_file!r} is nested too deeply; expected a flat JSON object")
    except ValueError as error:
        unparsed(
            f"{answers_file!r} is not valid JSON ({error}); expected a JSON object keyed by "
            "question id"
        )


def _run_triage(obj: Context, answers_file: str, as_json: bool, apply: bool) -> None:
    from toecoach.domain import triage as rules
    from toecoach.services.triage import interval_in_force, result_lines

    region = obj.settings.region
    raw = _read_answers(answers_file, region)
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
    interval = interval_in_force(result, obj.settings)
    if as_json:
        document = result.to_json()
        # As the text says it (spec v2: the interval in force, never a different one); the
        # stored plan keeps its own, which applies again if config.toml stops setting one.
        document["plan"]["break_interval_minutes"] = interval
        emit_json(document)
        return
    names = run_guarded(obj.coach.routine_names) if result.plan.routines else None
    for line in result_lines(result, interval, names):
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
