"""`toecoach remind`: walking-break reminders without the app."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

import click

from toecoach.cli.common import (
    Context,
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
        from toecoach.services.notify import Notifier, reminder_actions

        notifier = Notifier(settings.notification_backends, stream=sys.stderr)
        pending: set[asyncio.Task[Any]] = set()  # notifications and saves in flight

        def in_background(work: Any) -> None:
            task = asyncio.get_running_loop().create_task(work)
            pending.add(task)
            task.add_done_callback(pending.discard)

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
            actions = reminder_actions(service.snooze_options())
            in_background(notifier.send(title, body, actions, answer_from_desktop))
            if not print_events:
                click.echo(f"{now():%H:%M}  {title}: {body}")
            if sys.stderr.isatty():
                sys.stderr.write("\a")
                sys.stderr.flush()
            service.reminder_open = False  # nothing to answer here; the next one comes later

        def answer_from_desktop(answer: str) -> None:
            """Walked or Snooze, picked on the desktop notification (on this loop)."""
            if answer == "walked":
                from toecoach.services.checkins import build_walk

                record = build_walk(settings, source="reminder", now=now())
                service.note_walk_record(record)
                service.walked(int(record["minutes"]))
                in_background(save_walk(record))
            elif answer.startswith("snooze"):
                accepted = service.snooze(int(answer.removeprefix("snooze")))
                if not print_events:
                    click.echo(f"{now():%H:%M}  " + ("Snoozed." if accepted else
                               "No more snoozing: you have sat close to an hour."))  # fmt: skip

        async def save_walk(record: dict[str, Any]) -> None:
            from toecoach.services.coach import StoreError

            try:  # the data lock may be held for a while: never on this loop
                await asyncio.to_thread(coach.log_walk, record)
            except (StoreError, OSError) as error:
                click.echo(f"toecoach: the walk was not saved: {error}", err=True)
                return
            if not print_events:
                click.echo(f"{now():%H:%M}  Walk logged ({record['minutes']} minutes). Enjoy it.")

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
        stop = asyncio.Event()
        with contextlib.suppress(NotImplementedError, AttributeError):  # not on Windows
            import signal

            # A service manager stops it with SIGTERM (`toecoach autostart off`, logout):
            # finish as on Ctrl-C, so the sitting state and any walk being saved are kept.
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        try:
            await stop.wait()
        finally:
            if pending:  # a walk being saved must reach the disk
                await asyncio.wait(set(pending), timeout=15)
            service.shutdown()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop it: exit 0
        asyncio.run(run())
