"""`toecoach log ...`, `undo`, `today` and `foods`: check-ins and today's figures."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from toecoach.domain.intake import Units

from toecoach.cli.common import (
    Context,
    common_log_options,
    emit_json,
    now,
    pass_context,
    run_guarded,
    safe,
    say_when,
    usage_error,
)


@click.group()
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
    click.echo(safe(f"logged {describe_record(record, settings.unit_system)} at {record['at']}"))
    say_when(at_text)
    # The day's safety warnings for what was just logged (supplements, upper limits).
    for warning in run_guarded(lambda: obj.coach.warnings_after(record)):
        click.echo(f"  ! {warning}")


def _amount_command(nutrient: str, help_text: str, supplement: bool) -> click.Command:
    # One argument or several: `log water 8 oz` is `log water "8 oz"` (interfaces v2).
    @click.argument("amount_words", metavar="AMOUNT", nargs=-1, required=True)
    @common_log_options
    @pass_context
    def command(
        obj: Context,
        /,
        amount_words: tuple[str, ...],
        at_text: str | None,
        note: str | None,
        **kw: Any,
    ) -> None:
        amount = " ".join(amount_words)
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
    _amount_command(
        "water",
        "Log a drink: 250, 250ml, 0.5 l, 1,5 l, 2 dl, 33 cl, 8 oz, 1 cup, 1 glass, 1 bottle.",
        False,
    )
)
for _mineral in ("calcium", "magnesium", "potassium"):
    log.add_command(_amount_command(_mineral, f"Log {_mineral} in mg (or g).", True))
log.add_command(
    _amount_command("vitamin_d", "Log vitamin D in IU (or mcg/ug/µg; 1 µg = 40 IU).", True)
)


@log.command("food")
@click.argument("name")
@click.option("--servings", default="1", metavar="N", help="how many servings (0.25 to 20)")
@common_log_options
@pass_context
def log_food(obj: Context, name: str, servings: str, at_text: str | None, note: str | None) -> None:
    """Log a food from the built-in table (see `toecoach foods`): one record, all its minerals."""
    from toecoach.domain.intake import describe_record
    from toecoach.services.checkins import build_food

    record = run_guarded(lambda: obj.coach.log_intake(build_food(
        name, servings, at_text=at_text, note=note, now=now()
    )))  # fmt: skip
    click.echo(safe(f"logged {describe_record(record)} at {record['at']}"))
    say_when(at_text)


@log.command("walk")
@click.option("--minutes", default=None, metavar="N", help="how long you walked (1 to 240)")
@common_log_options
@pass_context
def log_walk(obj: Context, minutes: str | None, at_text: str | None, note: str | None) -> None:
    """Log a walk: it ends the current sitting bout in every running toecoach."""
    from toecoach.services.checkins import build_walk

    settings = obj.settings
    record = run_guarded(lambda: obj.coach.log_walk(build_walk(
        settings, minutes, at_text=at_text, note=note, now=now()
    )))  # fmt: skip
    click.echo(safe(f"logged a {record['minutes']}-minute walk at {record['at']}"))
    say_when(at_text)


# -- undo, today, foods ----------------------------------------------------------------------


@click.command()
@pass_context
def undo(obj: Context) -> None:
    """Revert the most recent change you made (a check-in added, edited or deleted, here or
    in the app) and say what it was. Again to go further back."""
    from toecoach.domain.entries import undo_message

    result = run_guarded(obj.coach.undo)
    if result is None:
        click.echo("nothing to undo")
        return
    click.echo(safe(undo_message(result, obj.settings.unit_system)))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON (see the interfaces spec)")
@pass_context
def today(obj: Context, as_json: bool) -> None:
    """Today's water and minerals against target, walks, reminders and routines."""

    document = run_guarded(obj.coach.today)
    if as_json:
        emit_json(document)  # always ml, mg and IU (interfaces v2)
        return
    import shutil

    width = shutil.get_terminal_size((80, 24)).columns
    for line in today_lines(document, obj.settings.unit_system, width):
        click.echo(line)


def today_lines(document: dict[str, Any], units: Units, width: int = 80) -> list[str]:
    """``today``'s table: figures and percents right-aligned in columns as wide as their
    widest value (``1167%`` lines up with `` 45%``), warnings wrapped under their first
    word rather than at column 1."""
    import textwrap

    from toecoach.domain.breaks import walks_summary
    from toecoach.domain.intake import LABEL, WATER_REFERENCE_NOTE, amount_text
    from toecoach.domain.text import plural

    rows = []
    for nutrient, row in document["nutrients"].items():
        target = (amount_text(nutrient, row["target"], units) if row["target"] is not None
                  else "no target")  # fmt: skip
        percent = f"{row['percent']}%" if row["percent"] is not None else ""
        rows.append((LABEL[nutrient], amount_text(nutrient, row["total"], units), target,
                     percent, row))  # fmt: skip
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(4)]
    lines = [f"Today, {document['date']}"]
    for label, total, target, percent, row in rows:
        lines.append(f"  {label:<{widths[0]}}  {total:>{widths[1]}} of {target:<{widths[2]}}  "
                     f"{percent:>{widths[3]}}  {row['status']}")  # fmt: skip
        for warning in row["warnings"]:
            lines += textwrap.wrap(warning, max(20, width - 1), initial_indent="      ! ",
                                   subsequent_indent="        ")  # fmt: skip
        if row is document["nutrients"].get("water") and row["status"] == "below":
            lines += textwrap.wrap(WATER_REFERENCE_NOTE, max(20, width - 1),
                                   initial_indent="        ", subsequent_indent="        ")  # fmt: skip
    lines.append(
        f"  {walks_summary(document['walks'], document['reminders'])}, "
        f"{plural(document['routines_done'], 'routine')} done, "
        f"{plural(document['episodes'], 'spasm episode')}"
    )
    return lines


@click.command()
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
