"""`toecoach remind`: walking-break reminders without the app."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

import click

from toecoach.cli.common import (
    Context,
    FiniteRange,
    now,
    pass_context,
)
from toecoach.config import Settings

# -- remind ----------------------------------------------------------------------------------


@click.command()
@click.option(
    "--print",
    "print_events",
    is_flag=True,
    help="write every event to stdout as one JSON object per line",
)
@click.option(
    "--check-every",
    "check_every",
    type=FiniteRange(1, 300),
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
            from toecoach.domain.times import describe_due

            when = (
                f"next {describe_due(due, now())}"
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
