"""`toecoach autostart`: the files each platform gets (pure builders), and on/off/status on
Linux against a stand-in ``systemctl`` in a temporary XDG_CONFIG_HOME: the real user's
systemd is never asked. ``systemd-analyze verify`` checks the unit where it is installed."""

from __future__ import annotations

import json
import os
import plistlib
import shutil
import stat
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import run_toecoach
from toecoach.services import autostart
from toecoach.services.autostart import (
    Completed,
    LaunchAgent,
    StartupFolder,
    SystemdUser,
    for_this_machine,
    launch_agent_plist,
    remind_command,
    remind_environment,
    startup_script,
    systemd_unit,
)

UNIT = "toecoach-remind.service"

# -- pure content builders ---------------------------------------------------------------------


def test_the_linux_unit_runs_the_absolute_remind_with_the_home() -> None:
    unit = systemd_unit(["/opt/tools/bin/toecoach", "remind"],
                        {"TOECOACH_HOME": "/home/ann/coach", "PYTHONUNBUFFERED": "1"})  # fmt: skip
    lines = unit.splitlines()
    assert "[Unit]" in lines and "[Service]" in lines and "[Install]" in lines
    assert 'ExecStart="/opt/tools/bin/toecoach" "remind"' in lines
    assert 'Environment="TOECOACH_HOME=/home/ann/coach"' in lines
    assert 'Environment="PYTHONUNBUFFERED=1"' in lines
    assert "Restart=on-failure" in lines and "WantedBy=default.target" in lines
    assert "Description=toecoach walking-break reminders" in lines


def test_the_unit_escapes_what_systemd_would_expand() -> None:
    unit = systemd_unit(['/home/a b/100%/$HOME/"q"\\/toecoach', "remind"],
                        {"TOECOACH_HOME": "/data/50% $USER"})  # fmt: skip
    assert 'ExecStart="/home/a b/100%%/$$HOME/\\"q\\"\\\\/toecoach" "remind"' in unit
    # Environment= expands specifiers (%), not variables ($).
    assert 'Environment="TOECOACH_HOME=/data/50%% $USER"' in unit
    with pytest.raises(ValueError):
        systemd_unit(["/bin/toe\ncoach"], {})


def test_the_macos_launch_agent() -> None:
    agent = plistlib.loads(launch_agent_plist(
        ["/Users/ann/.local/bin/toecoach", "remind"], {"TOECOACH_HOME": "/Users/ann/tc"},
        "/Users/ann/Library/Logs/toecoach-remind.log",
    ))  # fmt: skip
    assert agent["Label"] == "org.toecoach.remind"
    assert agent["ProgramArguments"] == ["/Users/ann/.local/bin/toecoach", "remind"]
    assert agent["EnvironmentVariables"] == {"TOECOACH_HOME": "/Users/ann/tc"}
    assert agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}  # restarted only after a failure
    assert agent["StandardErrorPath"].endswith("toecoach-remind.log")


def test_the_windows_startup_entry() -> None:
    script = startup_script(["C:\\Program Files\\Python\\Scripts\\toecoach.exe", "remind"],
                            {"TOECOACH_HOME": "C:\\Users\\ann\\50%"})  # fmt: skip
    assert script.endswith("\r\n") and "\n" not in script.replace("\r\n", "")
    lines = script.split("\r\n")
    assert lines[0] == "@echo off"
    assert 'set "TOECOACH_HOME=C:\\Users\\ann\\50%%"' in lines
    assert ('start "toecoach walking-break reminders" /min '
            '"C:\\Program Files\\Python\\Scripts\\toecoach.exe" "remind"') in lines  # fmt: skip
    with pytest.raises(ValueError):
        startup_script(['C:\\a"b\\toecoach.exe'], {})


def test_the_command_is_this_installation_s_toecoach(tmp_path: Path) -> None:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text("")
    assert remind_command(str(python)) == [str(python), "-m", "toecoach", "remind"]
    script = bin_dir / "toecoach"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert remind_command(str(python)) == [str(script), "remind"]
    assert Path(remind_command()[0]).is_absolute()


def test_the_home_is_passed_on_as_an_absolute_path(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert remind_environment({}) == {"PYTHONUNBUFFERED": "1"}
    env = remind_environment({"TOECOACH_HOME": "coach"})
    assert env["TOECOACH_HOME"] == str(tmp_path / "coach")


def test_each_platform_gets_its_own_way(tmp_path: Path) -> None:
    linux = for_this_machine({"XDG_CONFIG_HOME": str(tmp_path / "xdg")}, "linux", tmp_path)
    assert isinstance(linux, SystemdUser)
    assert linux.path == tmp_path / "xdg" / "systemd" / "user" / UNIT
    default = for_this_machine({}, "linux", tmp_path)
    assert default is not None and Path(default.path) == tmp_path / ".config/systemd/user" / UNIT
    mac = for_this_machine({}, "darwin", tmp_path)
    assert isinstance(mac, LaunchAgent)
    assert mac.path == tmp_path / "Library/LaunchAgents/org.toecoach.remind.plist"
    windows = for_this_machine({"APPDATA": str(tmp_path / "Roaming")}, "win32", tmp_path)
    assert isinstance(windows, StartupFolder)
    assert windows.path == (tmp_path / "Roaming/Microsoft/Windows/Start Menu/Programs/Startup"
                            / "toecoach-remind.cmd")  # fmt: skip
    assert for_this_machine({}, "sunos5", tmp_path) is None


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir())


def test_launch_agent_and_startup_entry_on_then_off_leave_nothing(tmp_path: Path) -> None:
    """The macOS and Windows classes, with a stand-in launchctl (no platform needed)."""
    calls: list[Sequence[str]] = []

    def launchctl(argv: Sequence[str]) -> Completed:
        calls.append(argv)
        if argv[1] == "list":
            return Completed(0, '{\n\t"PID" = 4242;\n\t"Label" = "org.toecoach.remind";\n};')
        return Completed(0, "")

    home = tmp_path / "mac"
    agent = LaunchAgent(home, 501, launchctl)
    assert agent.install(["/usr/local/bin/toecoach", "remind"], {}).ok
    assert ("launchctl", "bootstrap", "gui/501", str(agent.path)) in calls
    status = agent.status()
    assert status.installed and status.running and status.summary().startswith("on:")
    assert agent.remove().ok
    assert _files(home / "Library" / "LaunchAgents") == []
    assert not agent.status().installed

    startup = StartupFolder(tmp_path / "Startup", lambda argv: None)
    assert startup.install(["C:\\toecoach.exe", "remind"], {}).ok
    assert startup.path.read_text().startswith("@echo off")
    assert startup.status().installed
    assert startup.remove().ok and _files(tmp_path / "Startup") == []


# -- Linux, for real files and a stand-in systemctl --------------------------------------------

FAKE_SYSTEMCTL = """#!/bin/sh
# Stands in for systemd's systemctl: records its arguments, keeps enable/start state.
printf '%s\\n' "$*" >> "{log}"
[ "$1" = "--user" ] || exit 1
shift
wants="$XDG_CONFIG_HOME/systemd/user/default.target.wants"
case "$1" in
  daemon-reload) exit 0 ;;
  enable) mkdir -p "$wants" && ln -sf ../{unit} "$wants/{unit}"
          [ "$2" = "--now" ] && touch "{state}/active"; exit 0 ;;
  disable) rm -f "$wants/{unit}"; rm -f "{state}/active"; exit 0 ;;
  is-enabled) if [ -L "$wants/{unit}" ]; then echo enabled; else echo disabled; exit 1; fi ;;
  is-active) if [ -e "{state}/active" ]; then echo active; else echo inactive; exit 3; fi ;;
esac
exit 1
"""

BROKEN_SYSTEMCTL = """#!/bin/sh
printf '%s\\n' "$*" >> "{log}"
echo "Failed to connect to bus: No medium found" >&2
exit 1
"""


def _systemctl(tmp_path: Path, template: str) -> tuple[dict[str, str], Path]:
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    log = tmp_path / "systemctl.log"
    script = bin_dir / "systemctl"
    script.write_text(template.format(log=log, unit=UNIT, state=state))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "XDG_CONFIG_HOME": str(tmp_path / "xdg")}  # fmt: skip
    return env, log


def test_on_then_off_leaves_nothing_behind(tmp_path: Path, toecoach_home: Path) -> None:
    env, log = _systemctl(tmp_path, FAKE_SYSTEMCTL)
    unit = tmp_path / "xdg" / "systemd" / "user" / UNIT

    on = run_toecoach("autostart", "on", env=env)
    assert on.returncode == 0, on.stderr
    assert "Enabled and started" in on.stdout
    text = unit.read_text()
    assert f'Environment="TOECOACH_HOME={toecoach_home}"' in text
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith('"remind"') and exec_start.startswith('ExecStart="/')
    assert stat.S_IMODE(unit.stat().st_mode) == 0o600
    assert f"--user enable --now {UNIT}" in log.read_text().splitlines()

    status = run_toecoach("autostart", "status", "--json", env=env)
    assert json.loads(status.stdout) | {"detail": ""} == {
        "kind": "systemd user unit", "path": str(unit), "installed": True, "enabled": True,
        "running": True, "detail": "",
    }  # fmt: skip
    doctor = json.loads(run_toecoach("doctor", "--json", env=env).stdout)
    assert (
        doctor["autostart"].startswith("on: systemd user unit") and "running" in doctor["autostart"]
    )

    off = run_toecoach("autostart", "off", env=env)
    assert off.returncode == 0, off.stderr
    assert f"--user disable --now {UNIT}" in log.read_text().splitlines()
    assert _files(tmp_path / "xdg") == []
    assert not (tmp_path / "xdg" / "systemd").exists()
    status = run_toecoach("autostart", "status", env=env)
    assert status.stdout.startswith("off")
    assert run_toecoach("autostart", "off", env=env).stdout.startswith("Autostart was off")


def test_without_a_user_manager_on_writes_the_unit_and_says_how_to_enable_it(
    tmp_path: Path,
) -> None:
    env, log = _systemctl(tmp_path, BROKEN_SYSTEMCTL)
    on = run_toecoach("autostart", "on", env=env)
    assert on.returncode == 0, on.stderr
    assert "systemctl --user does not work here (Failed to connect to bus" in on.stdout
    assert f"systemctl --user enable --now {UNIT}" in on.stdout
    assert (tmp_path / "xdg" / "systemd" / "user" / UNIT).exists()
    status = run_toecoach("autostart", "status", env=env)
    assert (
        status.stdout.startswith("on: systemd user unit") and "does not work here" in status.stdout
    )
    # Enabled by hand (the symlink systemctl enable makes), then off: that goes too.
    wants = tmp_path / "xdg" / "systemd" / "user" / "default.target.wants"
    wants.mkdir()
    (wants / UNIT).symlink_to(f"../{UNIT}")
    assert run_toecoach("autostart", "off", env=env).returncode == 0
    assert _files(tmp_path / "xdg") == []
    assert all(line.startswith("--user ") for line in log.read_text().splitlines())


def test_a_bad_action_is_a_usage_error() -> None:
    result = run_toecoach("autostart", "maybe")
    assert result.returncode == 2 and "on" in result.stderr and "status" in result.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed (systemd)")  # fmt: skip
def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    unit = tmp_path / "units" / UNIT
    unit.parent.mkdir()
    unit.write_text(systemd_unit(remind_command(), remind_environment(
        {"TOECOACH_HOME": str(tmp_path / "home 50% $x")})))  # fmt: skip
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    # As the user manager would load it; where no user manager can be set up here,
    # the offline system-mode check (same parser, same ExecStart check).
    result = subprocess.run(["systemd-analyze", "--user", "verify", str(unit)],
                            capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    if result.returncode != 0 and UNIT not in result.stderr:
        result = subprocess.run(["systemd-analyze", "verify", str(unit)],
                                capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
        if result.returncode != 0 and UNIT not in result.stderr:
            pytest.skip(f"systemd-analyze cannot run here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0 and UNIT not in result.stderr, result.stderr


def test_status_reads_only(tmp_path: Path) -> None:
    """status never writes or enables: only is-enabled and is-active are asked."""
    calls: list[Sequence[str]] = []

    def systemctl(argv: Sequence[str]) -> Completed:
        calls.append(argv)
        return Completed(0, "enabled" if argv[2] == "is-enabled" else "active")

    starter = SystemdUser(tmp_path / "user", systemctl)
    assert starter.status().summary().startswith("off")
    assert calls == []  # not installed: nothing to ask
    starter.unit_dir.mkdir()
    starter.path.write_text(systemd_unit(["/bin/true"], {}))
    assert starter.status().running is True
    assert sorted(c[2] for c in calls) == ["is-active", "is-enabled"]
    assert autostart.UNIT_NAME == UNIT  # the name the README documents
