"""The screen-lock sources on real D-Bus daemons: a private ``dbus-daemon`` as the session bus
(GNOME screensaver from python-dbusmock's template, freedesktop ScreenSaver built with
``AddMethod``) and a second one as the system bus (a logind mock with the session object
``/org/freedesktop/login1/session/auto``). ``LockMonitor`` reads locked and unlocked through ``gdbus``, and
``doctor`` names the source that answers. Skipped with the reason where dbus-daemon or
python-dbusmock is missing (`.ci/run` installs both)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import run_toecoach
from toecoach.services.locked import FREEDESKTOP, GNOME, LOGIND, LockMonitor

MOCK_IFACE = "org.freedesktop.DBus.Mock"


def _private_bus() -> tuple[subprocess.Popen[str], str, str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (apt-get install dbus)")
    folder = tempfile.mkdtemp(prefix="toecoach-dbus-")  # short: socket paths max ~100 bytes
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", f"--address=unix:dir={folder}", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    assert address.startswith("unix:"), f"dbus-daemon printed no address: {address!r}"
    return process, address, folder


@pytest.fixture
def buses(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Private session and system buses for this test (their addresses in the environment,
    which gdbus, dbusmock and spawned toecoachs read)."""
    started = []
    try:
        for variable in ("DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS"):
            process, address, folder = _private_bus()
            started.append((process, folder))
            monkeypatch.setenv(variable, address)
        yield
    finally:
        for process, folder in started:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
            shutil.rmtree(folder, ignore_errors=True)


def _dbusmock() -> Any:
    return pytest.importorskip(
        "dbusmock",
        reason="python-dbusmock is not installed (pip install -e '.[test]'; building its "
        "dbus-python needs libdbus-1-dev, libglib2.0-dev and pkg-config)",
    )


def test_logind_locked_hint_of_the_session(buses: None) -> None:
    dbusmock = _dbusmock()
    import dbus
    from dbusmock.testcase import BusType

    assert LockMonitor([LOGIND]).screen_locked() is None  # no logind on this bus yet
    # python-dbusmock's logind template needs PyGObject; a session object is all we ask.
    with dbusmock.SpawnedMock.spawn_for_name(
        "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
        BusType.SYSTEM,
    ) as logind:  # fmt: skip
        path = "/org/freedesktop/login1/session/auto"
        logind.obj.AddObject(path, "org.freedesktop.login1.Session", {"LockedHint": False},
                             [("SetLockedHint", "b", "",
                               'self.UpdateProperties("", {"LockedHint": args[0]})')],
                             dbus_interface=MOCK_IFACE)  # fmt: skip
        # A connection of its own: dbus.SystemBus() is shared and may hold an older address.
        bus = dbus.bus.BusConnection(os.environ["DBUS_SYSTEM_BUS_ADDRESS"])
        session = bus.get_object("org.freedesktop.login1", path)
        monitor = LockMonitor([LOGIND])
        assert monitor.screen_locked() is False
        session.SetLockedHint(True, dbus_interface="org.freedesktop.login1.Session")
        assert monitor.screen_locked() is True
        assert monitor.answered == ["logind-lockedhint"]
        result = run_toecoach("doctor", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["screen_lock"].startswith("logind-lockedhint (locked now)")
        session.SetLockedHint(False, dbus_interface="org.freedesktop.login1.Session")
        assert monitor.screen_locked() is False


def test_gnome_and_freedesktop_screensavers(buses: None) -> None:
    dbusmock = _dbusmock()
    from dbusmock.testcase import BusType

    monitor = LockMonitor([LOGIND, GNOME, FREEDESKTOP])
    assert monitor.screen_locked() is None
    with (
        dbusmock.SpawnedMock.spawn_with_template("gnome_screensaver", bustype=BusType.SESSION) as gnome,
        dbusmock.SpawnedMock.spawn_for_name(
            "org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
            "org.freedesktop.ScreenSaver", BusType.SESSION,
        ) as freedesktop,
    ):  # fmt: skip
        freedesktop.obj.AddMethod("org.freedesktop.ScreenSaver", "GetActive", "", "b",
                                  "ret = False", dbus_interface=MOCK_IFACE)  # fmt: skip
        assert monitor.screen_locked() is False
        assert monitor.answered == ["gnome-screensaver", "freedesktop-screensaver"]
        gnome.obj.SetActive(True, dbus_interface="org.gnome.ScreenSaver")
        assert monitor.screen_locked() is True
        gnome.obj.SetActive(False, dbus_interface="org.gnome.ScreenSaver")
        # KDE's answers too: locked when either says so.
        freedesktop.obj.AddMethod("org.freedesktop.ScreenSaver", "GetActive", "", "b",
                                  "ret = True", dbus_interface=MOCK_IFACE)  # fmt: skip
        assert monitor.screen_locked() is True


def test_no_lock_source_is_unknown_in_doctor(buses: None) -> None:
    result = run_toecoach("doctor")
    assert result.returncode == 0, result.stderr
    assert "screen lock none found (a locked screen is not noticed)" in result.stdout
