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
from toecoach.domain.text import plural

# A desktop notification with Walked and Snooze keeps its reminder open this long for an
# answer (a dialog in the app stays until answered; a notification may be missed).
ANSWER_WINDOW_SECONDS = 10 * 60
# As often as the app looks at the data files: a step-away in any toecoach, or a reminder
# answered in one, reaches this process within 2 s (a stat() of the files; a read if changed).
WATCH_SECONDS = 2.0

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
        from toecoach.services.notify import Notifier, reminder_actions

        notifier = Notifier(settings.notification_backends, stream=sys.stderr)
        pending: set[asyncio.Task[Any]] = set()  # notifications and saves in flight
        saving: set[asyncio.Task[Any]] = set()  # the saves among them: finished before exit

        def in_background(work: Any, *, must_finish: bool = False) -> None:
            task = asyncio.get_running_loop().create_task(work)
            for tasks in (pending, saving) if must_finish else (pending,):
                tasks.add(task)
                task.add_done_callback(tasks.discard)

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
            body = (
                f"You have been sitting for {plural(minutes, 'minute')}. A few minutes' walk helps."
            )
            if not print_events:
                click.echo(f"{now():%H:%M}  {title}: {body}")
            if sys.stderr.isatty():
                sys.stderr.write("\a")
                sys.stderr.flush()
            service.reminder_open = False  # nothing to answer here; the next one comes later
            in_background(notify_outside(title, body, reminder_actions(service.snooze_options())))

        async def notify_outside(title: str, body: str, actions: Any) -> None:
            # Every toecoach on this home shows the reminder; one notifies the desktop.
            if not await asyncio.to_thread(service.claimed_here):
                return
            await notifier.send(title, body, actions, answer_from_desktop)
            if notifier.native.current is not None and notifier.native.with_actions:
                # It can be answered there: open (as a dialog is) until answered here or in
                # any toecoach, a walk is logged, or ANSWER_WINDOW passes unanswered.
                service.reminder_open = True
                token = open_token[0] = object()
                asyncio.get_running_loop().call_later(ANSWER_WINDOW_SECONDS, unanswered, token)

        open_token: list[object] = [None]

        def unanswered(token: object) -> None:
            if open_token[0] is token and service.reminder_open:
                service.reminder_open = False  # the next reminder comes later, as before
                in_background(notifier.withdraw())

        def answered_elsewhere(answer: str) -> None:
            in_background(notifier.withdraw())

        def answer_from_desktop(answer: str) -> None:
            """Walked or Snooze, picked on the desktop notification (on this loop)."""
            if not service.reminder_open:
                return  # a walk was logged or it was answered elsewhere: nothing to answer
            if answer == "walked":
                from toecoach.services.checkins import build_walk

                record = build_walk(settings, source="reminder", now=now())
                service.note_walk_record(record)
                service.walked(int(record["minutes"]))
                in_background(save_walk(record), must_finish=True)
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
                click.echo(
                    f"{now():%H:%M}  Walk logged ({plural(record['minutes'], 'minute')}). Enjoy it."
                )

        from toecoach.services.locked import LockMonitor

        monitor = IdleMonitor()
        service = coach.reminder_service(idle_seconds=monitor.idle_seconds,
                                  screen_locked=LockMonitor().screen_locked,
                                  on_reminder=on_reminder, on_event=on_event,
                                  reload_settings=reload_settings,
                                  on_answered_elsewhere=answered_elsewhere,
                                  heartbeat_seconds=check_every,
                                  watch_seconds=WATCH_SECONDS)  # fmt: skip
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
            if service.held_by_triage:
                from toecoach.domain.effects import REMINDERS_HELD_LINE

                click.echo(f"{REMINDERS_HELD_LINE} Run `toecoach triage` again once you have "
                           "been seen.")  # fmt: skip
        stop = asyncio.Event()
        with contextlib.suppress(NotImplementedError, AttributeError):  # not on Windows
            import signal

            # A service manager stops it with SIGTERM (`toecoach autostart off`, logout):
            # finish as on Ctrl-C, so the sitting state and any walk being saved are kept.
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        try:
            await stop.wait()
        finally:
            # A walk being saved must reach the disk; a notification on its way is dropped
            # rather than waited for (up to 15 s). Work it already handed to a thread (a
            # notify-send or gdbus call, at most its own 3 s timeout) still ends first.
            for task in pending - saving:
                task.cancel()
            if saving:
                await asyncio.wait(set(saving), timeout=15)
            service.shutdown()

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop it: exit 0
        asyncio.run(run())
