"""`toecoach episode` and `insights`: the spasm diary."""

from __future__ import annotations

from datetime import datetime
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
    say_when(at_text)
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
