"""Spasm episodes and insights: pure insight tests, CLI errors, and logging from the app."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import data_snapshot, run_toecoach, wait_until
from tests.tmux import TmuxSession, needs_tmux
from toecoach.domain.adherence import AdherencePlan, DayRecords, days_between
from toecoach.domain.episodes import parse_duration
from toecoach.domain.errors import InputError
from toecoach.domain.insights import MIN_DAYS, frequency_prompt, insights

START = date(2026, 8, 3)
NOW = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


def at(day: date, hour: int = 15) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def build(days_count: int, water_met, episodes_on):  # type: ignore[no-untyped-def]
    records = {}
    episode_times = []
    for i in range(days_count):
        day = START + timedelta(days=i)
        ml = 2300 if water_met(i) else 800
        eps = [{"at": at(day).isoformat()}] * episodes_on(i)
        episode_times += [at(day)] * episodes_on(i)
        records[day] = DayRecords(
            intake=[{"nutrients": {"water": ml}, "source": "drink"}], episodes=eps
        )
    days = days_between(
        START, START + timedelta(days=days_count - 1), records, AdherencePlan(), set()
    )
    return days, episode_times


def comparison(document, cid):  # type: ignore[no-untyped-def]
    return next(c for c in document["comparisons"] if c["id"] == cid)


def test_too_little_data_makes_no_claim() -> None:
    days, times = build(MIN_DAYS + 2, lambda i: i % 2 == 0, lambda i: 1)
    water = comparison(insights(days, times, {}, [], NOW), "water")
    assert water["enough_data"] is False
    assert "Not enough data" in water["summary"]


def test_a_clear_water_pattern_is_claimed_with_its_counts() -> None:
    days, times = build(40, lambda i: i % 2 == 0, lambda i: 0 if i % 2 == 0 else 1)
    water = comparison(insights(days, times, {}, [], NOW), "water")
    assert water["enough_data"] is True
    assert water["with"]["episodes"] == 0 and water["with"]["exposure"] == 20
    assert water["without"]["episodes"] == 20 and water["without"]["exposure"] == 20
    assert "Fewer episodes on days that met the water target" in water["summary"]


def test_stretching_pattern() -> None:
    days, times = build(30, lambda i: True, lambda i: 2 if i < 15 else 0)
    routines = {START + timedelta(days=i): {"bedtime-cramp"} for i in range(15, 30)}
    stretch = comparison(insights(days, times, routines, [], NOW), "stretching")
    assert stretch["enough_data"] is True
    assert stretch["with"]["episodes"] == 0 and stretch["without"]["episodes"] == 30
    assert "Fewer episodes on days with a stretching routine" in stretch["summary"]


def test_after_long_sitting_needs_enough_hours_then_counts_the_two_hour_windows() -> None:
    days, _ = build(30, lambda i: True, lambda i: 0)
    few = [at(START, 10)]
    little = comparison(insights(days, [at(START, 11)] * 6, {}, few, NOW), "after_sitting")
    assert little["enough_data"] is False  # 2 hours of windows is not enough
    sitting = [at(START + timedelta(days=i), 10) for i in range(10)]
    episodes = [at(START + timedelta(days=i), 11) for i in range(10)] + [at(START, 20)]
    found = comparison(insights(days, episodes, {}, sitting, NOW), "after_sitting")
    assert found["enough_data"] is True
    assert found["with"]["episodes"] == 10 and found["with"]["exposure"] == 20
    assert found["without"]["episodes"] == 1
    assert "More episodes in the 2 hours after sitting" in found["summary"]


def test_frequency_prompts() -> None:
    now = NOW
    assert frequency_prompt([now - timedelta(days=d) for d in (1, 2, 3)], now) is not None
    assert (
        frequency_prompt([now - timedelta(days=d) for d in (1, 2, 9)], now) is not None
    )  # doubled
    assert frequency_prompt([now - timedelta(days=d) for d in (1, 9, 10)], now) is None
    assert frequency_prompt([], now) is None


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("2m", 120), ("1m30s", 90), ("1h", 3600)]
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["abc", "", "0", "-5", "2x", "25h", "1.5m"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(InputError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--severity", "11"], "--severity"),
        (["--severity", "-1"], "--severity"),
        (["--duration", "abc"], "--duration"),
        (["--foot", "middle"], "--foot"),
        (["--toe", "6"], "--toe"),
        (["--during", "sleeping"], "--during"),
        (["--at", "2099-01-01T00:00"], "--at"),
        (["--note", "x" * 501], "--note"),
    ],
)
def test_bad_episode_values_exit_2_and_store_nothing(
    toecoach_home: Path, args: list[str], named: str
) -> None:
    before = data_snapshot(toecoach_home)
    result = run_toecoach("episode", *args)
    assert result.returncode == 2 and named in result.stderr
    assert data_snapshot(toecoach_home) == before


def test_episode_cli_stores_everything_and_warns_at_ten_minutes(toecoach_home: Path) -> None:
    result = run_toecoach("episode", "--foot", "left", "--toe", "big", "--toe", "2", "--severity", "6",
                          "--duration", "12m", "--during", "night", "--note", "[red]ow[/red]")  # fmt: skip
    assert result.returncode == 0
    assert "more than 10 minutes needs medical help today" in result.stdout
    (path,) = (toecoach_home / "data").glob("log-*.json")
    (episode,) = json.loads(path.read_text())["episodes"].values()
    assert episode["toes"] == ["big", "2"] and episode["duration_seconds"] == 720
    assert episode["note"] == "[red]ow[/red]" and episode["severity"] == 6
    doc = json.loads(run_toecoach("insights", "--json").stdout)
    assert doc["episodes"] == 1 and doc["caveat"].startswith("Going together")


async def test_log_an_episode_from_the_dashboard_in_two_keys_and_enter(
    configured_home: Path,
) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e", "l", "enter")
        await app.workers.wait_for_complete()
        await wait_until(
            pilot, lambda: "spasm episodes 1" in str(app.screen.query_one("#activity").render())
        )
    (path,) = (configured_home / "data").glob("log-*.json")
    (episode,) = json.loads(path.read_text())["episodes"].values()
    assert episode["foot"] == "left" and episode["during"] == "sitting"


async def test_three_episodes_in_a_week_prompt_a_new_triage_on_the_dashboard(
    configured_home: Path,
) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp

    for back in (1, 2, 3):
        day = (datetime.now().astimezone() - timedelta(days=back)).strftime("%Y-%m-%dT12:00")
        assert run_toecoach("episode", "--at", day).returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "run the triage again" in str(app.screen.query_one("#prompt").render())


def test_episodes_per_week_oldest_first() -> None:
    from toecoach.domain.insights import weekly_counts

    today = date(2026, 11, 26)  # a Thursday
    times = [at(today), at(today - timedelta(days=1)), at(today - timedelta(days=8)),
             at(today - timedelta(days=60))]  # fmt: skip
    assert weekly_counts(times, today, weeks=4) == [0, 0, 1, 2]


async def test_the_logged_episode_is_in_the_history_day_view(configured_home: Path) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.history import DayScreen

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e", "r", "enter")
        await app.workers.wait_for_complete()
        app.push_screen(DayScreen(datetime.now().astimezone().date()))
        await pilot.pause()
        day = app.screen
        assert isinstance(day, DayScreen)
        await wait_until(pilot, lambda: any(t == "episodes" for t, _ in day.entries))
        (row,) = [r for t, r in day.entries if t == "episodes"]
        assert row["foot"] == "right"


@needs_tmux
@pytest.mark.e2e
def test_real_toecoach_logs_an_episode_in_tmux(configured_home: Path) -> None:
    session = TmuxSession(configured_home)
    try:
        session.wait_for("No triage yet")
        session.send("e")
        session.wait_for("Log a spasm")
        session.send("l", "Enter")
        session.wait_for("spasm episodes 1")
        session.send("q")
    finally:
        session.close()
    doc = json.loads(run_toecoach("insights", "--json").stdout)
    assert doc["episodes"] == 1
