"""Units and amounts (issue 14, interfaces v2 "Command line" and "Honest numbers"): one parser
for the CLI and the app; US fl oz wherever a person reads a water amount, ml in JSON."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import run_toecoach, workers_settled
from tests.test_ui_dashboard import _seed, intake_rows, wait_until, water_total
from tests.test_ui_routines import FakeClock
from toecoach.config import load_settings
from toecoach.domain.errors import InputError
from toecoach.domain.intake import parse_amount, water_text
from toecoach.ui.app import ToecoachApp

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "ml"),
    [("1,5 l", 1500.0), ("0,25 l", 250.0), ("2 dl", 200.0), ("33 cl", 330.0), ("1 bottle", 750.0),
     ("2 bottles", 1500.0), ("1,5 glass", 300.0), ("8 oz", 236.6)],
)  # fmt: skip
def test_more_water_units_and_a_decimal_comma(text: str, ml: float) -> None:
    amount = parse_amount("water", text, glass_ml=200, bottle_ml=750)
    assert amount.value == pytest.approx(ml) and amount.typed == text


def test_a_comma_with_three_digits_is_ambiguous_and_refused() -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("calcium", "1,200 mg")
    assert "ambiguous" in caught.value.message and "1200" in caught.value.message


def test_us_fluid_ounces_for_people_ml_for_machines() -> None:
    assert water_text(250, "us") == "8.5 fl oz" and water_text(250) == "250 ml"


def test_log_water_takes_several_arguments_a_comma_and_bottles(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text("[intake]\nbottle_ml = 750\n")
    assert run_toecoach("log", "water", "8", "oz").returncode == 0
    assert run_toecoach("log", "water", "1,5", "l").returncode == 0
    result = run_toecoach("log", "water", "1", "bottle")
    assert result.returncode == 0 and "750 ml" in result.stdout
    rows = sorted(intake_rows(configured_home), key=lambda r: str(r["created_ns"]))
    assert [(r["input"], r["nutrients"]) for r in rows] == [
        ("8 oz", {"water": 236.6}), ("1,5 l", {"water": 1500.0}), ("1 bottle", {"water": 750.0}),
    ]  # fmt: skip
    refused = run_toecoach("log", "water", "8", "parsecs")
    assert refused.returncode == 2 and "AMOUNT" in refused.stderr


def test_us_units_in_today_and_history_text_json_stays_ml(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text('units = "us"\n')
    logged = run_toecoach("log", "water", "250 ml")
    assert "water 8.5 fl oz" in logged.stdout
    today = run_toecoach("today").stdout
    assert "8.5 fl oz of 74.4 fl oz" in today and " ml " not in today
    document = json.loads(run_toecoach("today", "--json").stdout)
    assert document["nutrients"]["water"]["total"] == 250
    assert document["nutrients"]["water"]["unit"] == "ml"
    history = run_toecoach("history").stdout
    assert "8.5 fl oz of 74.4 fl oz" in history
    assert json.loads(run_toecoach("history", "--json").stdout)["days"][-1]["water_ml"] == 250
    assert "8.5 fl oz" in run_toecoach("undo").stdout


def test_report_water_in_us_units(configured_home: Path, tmp_path: Path) -> None:
    (configured_home / "config.toml").write_text('units = "us"\n')
    assert run_toecoach("log", "water", "500 ml").returncode == 0
    out = tmp_path / "r.md"
    assert run_toecoach("report", "-o", str(out)).returncode == 0
    assert "16.9 fl oz a day on average" in out.read_text()


async def test_g_logs_the_configured_glass(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text("[intake]\nglass_ml = 330\n")
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("g")
        await workers_settled(app)
        await wait_until(pilot, lambda: water_total(app).startswith("330 of"))
    (row,) = intake_rows(configured_home)
    assert row["nutrients"] == {"water": 330.0}


async def test_check_in_in_us_units_bottle_and_decimal_comma(configured_home: Path) -> None:
    from toecoach.ui.screens.checkin import CheckinScreen

    (configured_home / "config.toml").write_text('units = "us"\n[intake]\nbottle_ml = 750\n')
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("i")
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        assert "25.4 fl oz" in str(screen.query_one("#bottle").label)  # type: ignore[attr-defined]
        # The amount field's example is in the person's units, and follows what is chosen.
        amount = screen.query_one("#amount")
        assert amount.placeholder == "8 fl oz, 1 glass"  # type: ignore[attr-defined]
        screen.query_one("#what").value = "calcium"  # type: ignore[attr-defined]
        await pilot.pause()
        assert amount.placeholder == "mg (from label)"  # type: ignore[attr-defined]
        screen.query_one("#what").value = "water"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("b")
        await wait_until(pilot, lambda: len(screen.entries) == 1)
        assert "Logged water 25.4 fl oz" in str(screen.query_one("#saved").render())
        screen.query_one("#amount").value = "1,5 l"  # type: ignore[attr-defined]
        screen.submit()
        await wait_until(pilot, lambda: len(screen.entries) == 2)
        await pilot.pause()
        shown = str(screen.query_one("DataTable").get_row_at(1)[1])  # type: ignore[attr-defined]
        assert shown == "water 50.7 fl oz"
    assert sorted(r["nutrients"]["water"] for r in intake_rows(configured_home)) == [750.0, 1500.0]  # type: ignore[index]


@pytest.fixture
def us_home(configured_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    (configured_home / "config.toml").write_text('units = "us"\n')
    _seed(configured_home)
    return configured_home


def test_snapshot_dashboard_us_units(snap_compare, us_home: Path) -> None:
    app = ToecoachApp(load_settings(us_home / "config.toml"), clock=FakeClock(T0))

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause(0.5)
        await workers_settled(app)
        await pilot.pause(0.2)
        assert water_total(app).startswith("25.4 of 74.4 fl oz")

    assert snap_compare(app, terminal_size=(100, 30), run_before=settle)


def test_the_entry_cap_is_said_in_the_units_the_amount_was_read_in() -> None:
    """'200' with US units is 200 fl oz: the refusal names the cap in fl oz, not litres."""
    with pytest.raises(InputError) as us:
        parse_amount("water", "200", units="us")
    assert "(169.1 fl oz at most)" in us.value.message
    with pytest.raises(InputError) as metric:
        parse_amount("water", "6000")
    assert "(5 l at most)" in metric.value.message
    with pytest.raises(InputError) as calcium:
        parse_amount("calcium", "20000", units="us")
    assert "(10 g at most)" in calcium.value.message
