"""`toecoach doctor`: where things are and what works on this machine."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from toecoach import __version__
from toecoach.cli.common import (
    Context,
    emit_json,
    pass_context,
    run_guarded,
    safe,
)

# -- doctor ----------------------------------------------------------------------------------


@click.command()
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@pass_context
def doctor(obj: Context, as_json: bool) -> None:
    """Where the data is, its files and schema, the lock, whether config.toml is valid, which
    notification backend is in use, and whether reminders start at login."""
    from toecoach.config import ConfigError, Settings, load_settings

    paths = obj.paths
    try:
        settings = load_settings(paths.config_file)
        config_state = "valid" if paths.config_file.exists() else "missing (defaults in use)"
    except ConfigError as error:
        settings = Settings()
        config_state = f"invalid: {error}"
        obj.use_default_settings()  # doctor is for exactly this moment: it carries on
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
    report.update(_service_report(settings.notification_backends))
    if as_json:
        emit_json(report)
        return
    # File names and messages come from the file system: nothing reaches the terminal raw.
    click.echo(f"toecoach {__version__}")
    click.echo(safe(f"config      {report['config_file']} ({config_state})"))
    click.echo(safe(f"routines    {report['routines_dir']}"))
    click.echo(
        safe(f"data        {report['data_dir']} (schema {schema_version}, lock {report['lock']})")
    )
    for row in files:
        size = f"{row['bytes']:>10,} bytes" if isinstance(row["bytes"], int) else " " * 16
        click.echo(safe(f"  {row['file']:<22} {size}  schema {row['schema']}"))
    from toecoach.domain.kinds import skipped_message

    for row in files:
        if row.get("skipped_records"):
            click.echo(safe(f"  {skipped_message(str(row['file']), row['skipped_records'])}"))
    for name in aside:
        click.echo(safe(f"  kept aside: {name}"))
    if report.get("crash_log"):
        click.echo(safe(f"crash log   {report['crash_log']} (the app stopped on an error)"))
    for key, title in (("idle", "idle"), ("screen_lock", "screen lock"),
                       ("notifications", "notifications"), ("autostart", "autostart")):  # fmt: skip
        if key in report:
            click.echo(safe(f"{title:<11} {report[key]}"))


def _service_report(notification_backends: Sequence[str]) -> dict[str, Any]:
    """Which idle, screen-lock and notification backends this machine offers (the notification service is
    asked, within a few seconds), and whether reminders start at login."""
    from toecoach.services.autostart import for_this_machine
    from toecoach.services.idle import IdleMonitor
    from toecoach.services.locked import LockMonitor
    from toecoach.services.notify import Notifier

    starter = for_this_machine()
    status = starter.status() if starter is not None else None
    return {
        "idle": IdleMonitor().describe(),
        # Not "lock": that key is the data lock's state (free or held).
        "screen_lock": LockMonitor().describe(),
        **Notifier(notification_backends).report(),
        "autostart": status.summary() if status else "not supported on this platform",
        "autostart_status": status.document() if status else None,
    }
