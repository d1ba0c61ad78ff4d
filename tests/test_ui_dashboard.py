"""The desk dashboard, check-ins, first run and settings: Pilot, snapshots, and tmux."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_toecoach, wait_until, workers_settled
from tests.test_ui_routines import FakeClock
from tests.tmux import TmuxSession, needs_tmux
from toecoach.config import Settings, load_settings
from toecoach.domain.records import new_record
from toecoach.storage.repositories import INTAKE, add
from toecoach.storage.store import Store
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.checkin import CheckinScreen
from toecoach.ui.screens.home import HomeScreen
from toecoach.ui.screens.settings import SetupScreen
from toecoach.ui.screens.triage import TriageStartScreen

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday, in work hours


def intake_rows(home: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in (home / "data").glob("log-*.json"):
        rows += json.loads(path.read_text()).get("intake", {}).values()
    return rows


def intake_text(app: ToecoachApp) -> str:
    return str(app.screen.query_one("#intake").render())


def water_total(app: ToecoachApp) -> str:
    """The water figure on the dashboard, e.g. ``250 of 2200 ml``."""
    text = str(app.screen.query_one("#intake").render())
    line = next(line for line in text.splitlines() if line.startswith("Water"))
    return line.removeprefix("Water").strip()


def water_shown(app: ToecoachApp) -> str:
    """``water_total``, or "" while the dashboard is not drawn yet (for waits)."""
    if not app.screen.query("#intake") or not isinstance(app.screen, HomeScreen):
        return ""
    return water_total(app)


async def test_first_run_end_to_end(toecoach_home: Path) -> None:
    app = ToecoachApp(Settings())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        us = [b for b in app.screen.query("#region RadioButton")][1]
        us.value = True
        kidney = app.screen.query_one("#kidney")
        kidney.value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await workers_settled(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    settings = load_settings(toecoach_home / "config.toml")
    assert settings.region == "us" and settings.kidney_disease is True
    consents = json.loads((toecoach_home / "data" / "main.json").read_text())["consents"]
    assert [c["disclaimer_version"] for c in consents.values()] == [1]


async def test_setup_can_be_skipped_and_is_not_shown_again(toecoach_home: Path) -> None:
    app = ToecoachApp(Settings())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+k")
        await workers_settled(app)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Said as what happened: nothing was chosen, the defaults apply.
        said = [n.message for n in app._notifications]
        assert said == ["Setup skipped: the defaults apply (change them in settings)."]
    assert (toecoach_home / "config.toml").exists()
    app = ToecoachApp(load_settings(toecoach_home / "config.toml"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_settings_keep_the_users_comments(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    config.write_text("# my note about fluids\n[health]\nfluid_restriction = false  # ask Dr A\n")
    app = ToecoachApp(load_settings(config))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s")
        app.screen.query_one("#fluid").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await workers_settled(app)
        await pilot.pause()
        assert app.settings.fluid_restriction is True
    text = config.read_text()
    assert "# my note about fluids" in text and "# ask Dr A" in text
    assert "fluid_restriction = true" in text


async def test_a_glass_of_water_in_one_key(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("g")
        await workers_settled(app)
        await wait_until(pilot, lambda: water_total(app).startswith("250 of"))
    (row,) = intake_rows(configured_home)
    assert row["nutrients"] == {"water": 250.0} and row["input"] == "1 glass"


async def test_an_entry_from_another_process_appears_on_the_open_dashboard(
    configured_home: Path,
) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert water_total(app).startswith("0 of")
        assert run_toecoach("log", "water", "400").returncode == 0
        await wait_until(pilot, lambda: water_total(app).startswith("400 of"))


async def test_a_launch_shows_its_figures_in_the_first_frame(configured_home: Path) -> None:
    """run_app reads the dashboard on a thread while Textual starts: the home screen takes
    those figures as it mounts (no second read, no frame without figures)."""
    assert run_toecoach("log", "water", "750").returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    app.prefetch_dashboard()
    app._prefetched.result(timeout=30)  # as when Textual's start outlasts the read
    reads: list[object] = []
    real_call = app.call_service
    app.call_service = lambda call, *a, **k: (reads.append(call), real_call(call, *a, **k))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(100, 40)):
        assert water_total(app).startswith("750 of 2200 ml")  # before any pause: mounted so
        assert not any("dashboard" in repr(call) for call in reads)


async def test_a_launch_read_still_under_way_is_awaited_not_repeated(
    configured_home: Path,
) -> None:
    """When Textual starts faster than the launch's read, the dashboard shows that read's
    figures as soon as it ends, and reads nothing itself meanwhile."""
    import threading
    from concurrent.futures import Future

    assert run_toecoach("log", "water", "750").returncode == 0
    # No reminders: their start reads the dashboard again (a data change), by design.
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    pending: Future[Any] = Future()
    app._prefetched = pending  # as prefetch_dashboard leaves it, the read not yet done
    reads: list[object] = []
    real_call = app.call_service
    app.call_service = lambda call, *a, **k: (reads.append(call), real_call(call, *a, **k))[1]  # type: ignore[method-assign]
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "Water" not in intake_text(app)  # no figures yet: none read
        figures = app.service.dashboard(app.triage_hint())
        threading.Thread(target=pending.set_result, args=(figures,)).start()
        await wait_until(
            pilot, lambda: "Water 750 of 2200 ml" in " ".join(intake_text(app).split())
        )
        assert not any("dashboard" in repr(call) for call in reads)


async def test_a_launch_read_that_ends_as_it_is_taken_is_shown(configured_home: Path) -> None:
    """The read may end between the dashboard's look at it and its asking to be told: it
    is then handed over at once, on the loop (not through call_from_thread, which refuses
    the loop's own thread)."""
    from concurrent.futures import Future

    class EndsAsTaken(Future[Any]):
        def done(self) -> bool:
            return False  # as looked at; it has ended by the time the callback is added

    assert run_toecoach("log", "water", "750").returncode == 0
    # No reminders: their start would read the dashboard again and hide a lost hand-over.
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    ended = EndsAsTaken()
    ended.set_result(app.service.dashboard(app.triage_hint()))
    app._prefetched = ended
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(
            pilot, lambda: "Water 750 of 2200 ml" in " ".join(intake_text(app).split())
        )


async def test_figures_read_before_a_write_are_not_shown(configured_home: Path) -> None:
    """A prefetched dashboard that another process has written since is read again."""
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    app.prefetch_dashboard()
    app._prefetched.result(timeout=30)
    assert run_toecoach("log", "water", "400").returncode == 0
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: "Water 400 of" in " ".join(intake_text(app).split()))
        await workers_settled(app)
        assert water_total(app).startswith("400 of")


async def test_new_settings_show_when_the_dashboard_comes_back(configured_home: Path) -> None:
    """The dashboard skips a read when nothing changed, but new settings (US units here) are
    a change, also before the reminder service has started."""
    from dataclasses import replace

    from toecoach.ui.screens.help import HelpScreen

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: "Water 0 of" in " ".join(intake_text(app).split()))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        app.apply_settings(replace(app.settings, units="us"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: "fl oz" in intake_text(app))


async def test_check_in_edit_and_delete_an_entry(configured_home: Path) -> None:
    assert run_toecoach("log", "water", "200", "--note", "[b]tea[/b]").returncode == 0
    assert run_toecoach("log", "food", "milk").returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        await wait_until(pilot, lambda: len(screen.entries) == 2)
        water_id = screen.entries[0]["id"]
        await pilot.press("e")  # edit the first entry (the water)
        amount = screen.query_one("#amount")
        amount.value = "300ml"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await workers_settled(app)
        await wait_until(
            pilot,
            lambda: any(r["nutrients"] == {"water": 300.0} for r in intake_rows(configured_home)),
        )
        edited = next(r for r in intake_rows(configured_home) if r["id"] == water_id)
        assert edited["note"] == "[b]tea[/b]" and edited["input"] == "300ml"
        # Bad input: an inline message, nothing stored.
        before = intake_rows(configured_home)
        amount.value = "lots"  # type: ignore[attr-defined]
        screen.submit()
        await pilot.pause()
        assert "amount" in str(screen.query_one("#error").render())
        assert intake_rows(configured_home) == before
        screen.query_one("DataTable").focus()
        await wait_until(pilot, lambda: len(screen.entries) == 2)
        screen.query_one("DataTable").move_cursor(row=1)  # type: ignore[attr-defined]
        await pilot.press("d")  # delete the milk
        await workers_settled(app)
        await wait_until(pilot, lambda: len(intake_rows(configured_home)) == 1)
    assert intake_rows(configured_home)[0]["id"] == water_id


async def test_keys_can_be_remapped_from_config(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text('[keymap]\n"app.triage" = "f2"\n')
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, TriageStartScreen)


async def test_a_tiny_terminal_never_crashes(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(40, 12)) as pilot:
        for key in (
            "i",
            "escape",
            "t",
            "escape",
            "r",
            "escape",
            "question_mark",
            "escape",
            "c",
            "e",
        ):
            await pilot.press(key)
            await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.resize_terminal(40, 12)
        assert isinstance(app.screen, HomeScreen)


# -- snapshots: fixed clock, fixed data ---------------------------------------------------


def _seed(home: Path) -> None:
    store = Store(home / "data")
    for nutrients, typed in (({"water": 750.0}, "750"), ({"calcium": 305.0, "magnesium": 27.0,
                             "potassium": 366.0}, "milk"), ({"magnesium": 400.0}, "400")):  # fmt: skip
        source = "supplement" if typed == "400" else "food"
        add(
            store,
            INTAKE,
            new_record("intake", T0, T0, nutrients=nutrients, input=typed, source=source),
        )


@pytest.fixture
def snapshot_home(configured_home: Path, utc_zone: None) -> Path:
    _seed(configured_home)
    return configured_home


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (40, 12)])
def test_snapshot_dashboard(snap_compare, snapshot_home: Path, size: tuple[int, int]) -> None:
    app = ToecoachApp(load_settings(snapshot_home / "config.toml"), clock=FakeClock(T0))

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        # Until the seeded figures are drawn (they load in a worker), not a number of seconds.
        await wait_until(pilot, lambda: water_shown(app).startswith("750 of"))
        # and the reminders started (a quarter of a second after mount): the sitting line
        # says when the next walk is due, not "Starting…", whichever came first.
        await wait_until(pilot, lambda: app.reminders is not None)
        await workers_settled(app)
        await pilot.pause()
        await workers_settled(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=settle)


# -- the real thing ------------------------------------------------------------------------


@needs_tmux
@pytest.mark.e2e
def test_real_toecoach_first_run_skip_log_a_glass_quit(toecoach_home: Path) -> None:
    session = TmuxSession(toecoach_home)
    try:
        session.wait_for("Welcome to toecoach")
        session.send("C-k")
        session.wait_for("No triage yet")
        session.send("g")
        session.wait_for("250 of 2200 ml")
        session.send("q")
        assert session.wait_for_exit(), session.screen()
    finally:
        session.close()
    today = json.loads(run_toecoach("today", "--json").stdout)
    assert today["nutrients"]["water"]["total"] == 250


@needs_tmux
@pytest.mark.e2e
def test_real_toecoach_with_a_broken_config_stays_usable(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text("[breaks]\ninterval_minutes = 90\n")
    session = TmuxSession(toecoach_home, width=140)
    try:
        screen = session.wait_for("defaults in use")
        assert "line 2" in screen and "breaks.interval_minutes" in screen
        session.send("g")
        session.wait_for("250 of 2200 ml")
        session.send("q")
    finally:
        session.close()
    subprocess.run(["true"])


@needs_tmux
@pytest.mark.e2e
def test_quitting_while_a_write_waits_for_the_lock_loses_nothing(configured_home: Path) -> None:
    """The real process: a glass logged while another toecoach holds the lock, then q at once."""
    import sys

    session = TmuxSession(configured_home)
    holder: subprocess.Popen[str] | None = None
    try:
        session.wait_for("No triage yet")
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sys,time; from filelock import FileLock; l=FileLock(sys.argv[1]); l.acquire();"
             "print('held', flush=True); time.sleep(2)", str(configured_home / "data" / ".toecoach.lock")],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        session.send("g", "q", pause=0.05)
        holder.wait(timeout=30)
        assert session.wait_for_exit(), session.screen()
    finally:
        session.close()
        if holder is not None:
            holder.kill()
            holder.wait()
            if holder.stdout is not None:
                holder.stdout.close()
    assert [r["nutrients"] for r in intake_rows(configured_home)] == [{"water": 250.0}]


def test_snapshot_dashboard_footer_80x24_with_a_remapped_key(
    snap_compare, snapshot_home: Path
) -> None:
    # The footer keeps cramp rescue, help and quit at 80 columns; a key remapped in [keymap]
    # shows in the footer and in the dashboard's own hint.
    (snapshot_home / "config.toml").write_text('[keymap]\n"app.triage" = "f2"\n')
    app = ToecoachApp(load_settings(snapshot_home / "config.toml"), clock=FakeClock(T0))

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause(0.5)
        await workers_settled(app)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
