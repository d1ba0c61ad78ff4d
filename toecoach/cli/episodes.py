"""`toecoach episode` and `insights`: the spasm diary."""

from __future__ import annotations

from typing import Any

import click

from toecoach.cli.common import (
    Context,
    common_log_options,
    emit_json,
    now,
    pass_context,
    run_guarded,
    say_when,
)

# -- episodes and insights ------------------------------------------------------------------


@click.command()
@click.option("--foot", default=None, metavar="left|right|both")
@click.option("--toe", "toes", multiple=True, metavar="big|2|3|4|5|all", help="may repeat")
@click.option("--severity", default=None, metavar="0-10")
@click.option("--duration", default=None, metavar="45s|2m", help="a bare number is seconds")
@click.option("--during", default=None, metavar="sitting|walking|night|exercise|other")
@common_log_options
@pass_context
def episode(obj: Context, foot: str | None, toes: tuple[str, ...], severity: str | None,
            duration: str | None, during: str | None, at_text: str | None, note: str | None) -> None:  # fmt: skip
    """Log a toe or foot spasm (now, unless --at says when)."""
    from toecoach.domain.times import parse_when
    from toecoach.services.insights import after_episode, episode_from_input

    moment = now()

    def action() -> dict[str, Any]:
        record = episode_from_input(
            foot=foot, toes=toes, severity=severity, duration=duration, during=during,
            at=parse_when(at_text, moment) if at_text is not None else moment,
            note=note, now=moment,
        )  # fmt: skip
        return obj.coach.log_episode(record)

    record = run_guarded(action)
    click.echo(f"logged a spasm episode at {record['at']}")
    say_when(at_text)
    prompt = run_guarded(obj.coach.episode_prompt)
    for line in after_episode(record, moment, obj.settings.region, prompt):
        click.echo(line)


@click.command()
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
