"""`toecoach autostart on|off|status`: walking-break reminders from login, without the app."""

from __future__ import annotations

import os

import click

from toecoach.cli.common import emit_json, failure, safe


@click.command()
@click.argument("action", type=click.Choice(["on", "off", "status"]))
@click.option("--json", "as_json", is_flag=True, help="print the resulting status as JSON")
def autostart(action: str, as_json: bool) -> None:
    """Start `toecoach remind` at login (on), stop that (off), or say whether it is set up
    and running (status).

    Linux: a systemd user unit (~/.config/systemd/user/toecoach-remind.service); macOS: a
    LaunchAgent; Windows: an entry in the Startup folder. TOECOACH_HOME, when set, is
    passed on.
    """
    from toecoach.services import autostart as service

    starter = service.for_this_machine()
    if starter is None:
        failure("autostart: this platform has no supported way to start at login")
    try:
        if action == "on":
            command = service.remind_command()
            outcome = starter.install(command, service.remind_environment(os.environ))
        elif action == "off":
            outcome = starter.remove()
        else:
            outcome = None
    except (OSError, ValueError) as error:
        failure(f"autostart {action}: {error}")
    if as_json:
        emit_json(starter.status().document())
    elif outcome is None:
        click.echo(safe(starter.status().summary()))
    else:
        for line in outcome.lines:
            click.echo(safe(line), err=not outcome.ok)
    if outcome is not None and not outcome.ok:
        raise SystemExit(1)
