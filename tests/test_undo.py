"""Undo that means it (issue 14): the most recent change, a deletion included, from the CLI
and the app; rest days that can be taken back and are shown in the day view."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.conftest import run_toecoach, workers_settled
from tests.test_ui_dashboard import intake_rows, wait_until
from toecoach.config import load_settings
from toecoach.services.coach import INTAKE, Coach


def coach(home: Path) -> Coach:
    return Coach(load_settings(home / "config.toml"))


def nutrients(home: Path) -> list[dict[str, object]]:
    return sorted((r["nutrients"] for r in intake_rows(home)), key=str)  # type: ignore[arg-type, return-value]


def test_undo_after_a_delete_brings_the_deleted_entry_back_and_touches_nothing_else(
    configured_home: Path,
) -> None:
    assert run_toecoach("log", "water", "250").returncode == 0
    assert run_toecoach("log", "calcium", "2500").returncode == 0
    service = coach(configured_home)
    water = next(r for r in service.intake_on(datetime.now().astimezone().date())
                 if "water" in r["nutrients"])  # fmt: skip
    assert service.delete(INTAKE, water)
    assert nutrients(configured_home) == [{"calcium": 2500}]
    result = run_toecoach("undo")
    assert result.returncode == 0
    assert "restored water 250 ml" in result.stdout and "had been deleted" in result.stdout
    assert "calcium" not in result.stdout
    # The time as the day view shows it, not the stored ISO string.
    stored_at = str(water["at"])
    assert (
        f"at {stored_at[:10]} {stored_at[11:16]} " in result.stdout
        and stored_at not in result.stdout
    )
    assert nutrients(configured_home) == [{"calcium": 2500}, {"water": 250}]
    restored = next(r for r in intake_rows(configured_home) if "water" in r["nutrients"])  # type: ignore[operator]
    assert restored == water  # the same entry: id, time, note and all
    # Further back: the calcium added before.
    assert "removed calcium 2500 mg" in run_toecoach("undo").stdout
    assert "removed water 250 ml" in run_toecoach("undo").stdout
    assert run_toecoach("undo").stdout.strip() == "nothing to undo"


def test_undo_after_an_edit_puts_the_old_values_back(configured_home: Path) -> None:
    assert run_toecoach("log", "water", "200", "--note", "tea").returncode == 0
    service = coach(configured_home)
    (old,) = service.intake_on(datetime.now().astimezone().date())
    new = dict(old, nutrients={"water": 300.0}, input="300")
    new.pop("note")
    service.edit(INTAKE, old, new)
    (edited,) = intake_rows(configured_home)
    assert edited["nutrients"] == {"water": 300.0} and "note" not in edited
    result = run_toecoach("undo")
    assert "put back water 200 ml" in result.stdout and "before the edit" in result.stdout
    (back,) = intake_rows(configured_home)
    assert back == old


def test_the_journal_keeps_only_the_newest_changes(configured_home: Path) -> None:
    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import JOURNAL_KEEP

    service = coach(configured_home)
    now = datetime.now().astimezone()
    for _ in range(JOURNAL_KEEP + 5):
        service.log_intake(new_record("intake", now, now, nutrients={"water": 100.0}, input="100"))
    main = json.loads((configured_home / "data" / "main.json").read_text())
    assert len(main["journal"]) == JOURNAL_KEEP


def test_a_home_without_a_journal_still_undoes_the_newest_check_in(configured_home: Path) -> None:
    """Records from before the journal: undo removes the most recently created check-in."""
    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import add
    from toecoach.storage.store import Store

    store = Store(configured_home / "data")
    now = datetime.now().astimezone()
    add(store, INTAKE, new_record("intake", now, now, nutrients={"water": 120.0}, input="120"))
    assert "removed water 120 ml" in run_toecoach("undo").stdout
    assert intake_rows(configured_home) == []


def test_rest_days_can_be_removed(configured_home: Path) -> None:
    day = (date.today() + timedelta(days=3)).isoformat()
    assert run_toecoach("rest", day).returncode == 0
    result = run_toecoach("rest", "--remove", day)
    assert result.returncode == 0 and "no longer a rest day" in result.stdout
    again = run_toecoach("rest", "--remove", day)
    assert again.returncode == 0 and "was not a rest day" in again.stdout
    doc = json.loads(run_toecoach("history", "--from", day, "--to", day, "--json").stdout)
    assert doc["days"][0]["rest_day"] is False


# -- in the app ---------------------------------------------------------------------------


async def test_check_in_delete_then_undo_brings_that_entry_back(configured_home: Path) -> None:
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.checkin import CheckinScreen

    assert run_toecoach("log", "water", "250").returncode == 0
    assert run_toecoach("log", "calcium", "2500").returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        await wait_until(pilot, lambda: len(screen.entries) == 2)
        assert "water" in screen.entries[0]["nutrients"]
        await pilot.press("d")  # the water (first row)
        await wait_until(pilot, lambda: len(screen.entries) == 1)
        saved = str(screen.query_one("#saved").render())
        assert "Deleted water 250 ml" in saved and "u undoes it" in saved
        await pilot.press("u")
        await wait_until(pilot, lambda: len(screen.entries) == 2)
        assert "restored water 250 ml" in str(screen.query_one("#saved").render())
    assert nutrients(configured_home) == [{"calcium": 2500}, {"water": 250}]


async def test_day_view_undo_rest_day_routine_names_and_cursor(configured_home: Path) -> None:
    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import RUNS, add
    from toecoach.storage.store import Store
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.edit_entry import EditEntryModal
    from toecoach.ui.screens.history import DayScreen

    now = datetime.now().astimezone()
    today = now.date()
    for amount in ("100", "200", "300"):
        assert run_toecoach("log", "water", amount, "--at", now.strftime("%H:%M")).returncode == 0
    add(Store(configured_home / "data"), RUNS, new_record(
        "run", now, now, routine="desk-stretch-5min", finished=False, steps_done=1, steps_total=5,
    ))  # fmt: skip
    assert run_toecoach("rest", today.isoformat()).returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(110, 40)) as pilot:
        app.push_screen(DayScreen(today))
        await pilot.pause()
        day = app.screen
        assert isinstance(day, DayScreen)
        await wait_until(pilot, lambda: len(day.entries) == 4)
        assert day.query_one("#rest-day").display and day.rest_day
        shown = [str(day.query_one("DataTable").get_row_at(i)[2]) for i in range(4)]  # type: ignore[attr-defined]
        assert any(
            "stopped early, 1 of 5 steps" in s and "desk-stretch-5min" not in s for s in shown
        )
        # Edit the second water entry: the cursor stays on it.
        waters = [i for i, (t, _r) in enumerate(day.entries) if t == "intake"]
        table = day.query_one("DataTable")
        table.move_cursor(row=waters[1])  # type: ignore[attr-defined]
        edited_id = day.entries[waters[1]][1]["id"]
        await pilot.press("e")
        assert isinstance(app.screen, EditEntryModal)
        # Its footer names its own keys (the day's Delete and Undo do nothing here).
        from toecoach.ui.widgets.footer import Footer

        footer = app.screen.query_one(Footer)
        await wait_until(pilot, lambda: "Cancel" in [k.description for k in footer.keys])
        assert not {"Delete", "Undo"} & {k.description for k in footer.keys}
        app.screen.query_one("#edit-amount").value = "250"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await workers_settled(app)
        await wait_until(pilot, lambda: app.screen is day and any(
            r.get("nutrients") == {"water": 250.0} for _t, r in day.entries))  # fmt: skip
        assert day.entries[table.cursor_row][1]["id"] == edited_id  # type: ignore[attr-defined]
        # Delete it, then undo the delete: it comes back.
        await pilot.press("d")
        await wait_until(pilot, lambda: len(day.entries) == 3)
        assert "u undoes it" in str(day.query_one("#status").render())
        await pilot.press("u")
        await wait_until(pilot, lambda: len(day.entries) == 4)
        assert "restored water 250 ml" in str(day.query_one("#status").render())
    assert nutrients(configured_home) == [{"water": 100}, {"water": 250.0}, {"water": 300}]


def test_undo_names_a_routine_run_by_its_name(configured_home: Path) -> None:
    """A run deleted in the day view, undone from the command line (or the check-in screen:
    the same journal): said as the routines list says it, not by its id."""
    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import RUNS

    service = coach(configured_home)
    now = datetime.now().astimezone()
    run = service.save_run(new_record("run", now, now, routine="desk-stretch-5min",
                                      finished=True))  # fmt: skip
    assert service.delete(RUNS, run)
    result = run_toecoach("undo")
    assert result.returncode == 0, result.stderr
    assert "restored 5-minute desk stretch (finished)" in result.stdout
    assert "desk-stretch-5min" not in result.stdout
