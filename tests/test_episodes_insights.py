"""Spasm episodes and insights: pure insight tests, CLI errors, and logging from the app."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import data_snapshot, run_toecoach, wait_until, workers_settled
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
    assert "Meeting the water target seems to go with fewer episodes" in water["summary"]
    assert "could be chance" in water["summary"]


def test_stretching_pattern() -> None:
    days, times = build(30, lambda i: True, lambda i: 2 if i < 15 else 0)
    routines = {START + timedelta(days=i): {"bedtime-cramp"} for i in range(15, 30)}
    stretch = comparison(insights(days, times, routines, [], NOW), "stretching")
    assert stretch["enough_data"] is True
    assert stretch["with"]["episodes"] == 0 and stretch["without"]["episodes"] == 30
    assert "A stretching routine seems to go with fewer episodes" in stretch["summary"]


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
    assert "Sitting for an hour or more seems to go with more episodes" in found["summary"]


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
    assert "more than 10 minutes needs checking. Get medical help today" in result.stdout
    assert result.stdout.count("medical help today") == 1  # said once
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
        await workers_settled(app)
        await wait_until(
            pilot, lambda: "1 spasm episode" in str(app.screen.query_one("#activity").render())
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
        await workers_settled(app)
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
        session.wait_for("1 spasm episode")
        session.send("q")
    finally:
        session.close()
    doc = json.loads(run_toecoach("insights", "--json").stdout)
    assert doc["episodes"] == 1


def test_an_old_long_cramp_logged_with_at_is_not_a_same_day_emergency(toecoach_home: Path) -> None:
    from datetime import datetime, timedelta

    old = (datetime.now() - timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    result = run_toecoach("episode", "--duration", "15m", "--at", old)
    assert result.returncode == 0
    assert "help today" not in result.stdout
    assert "worth telling your GP" in result.stdout


# -- honest numbers: logged days only, from the first record on (issue 14) -------------------


def _issue_example(first: date) -> dict[date, DayRecords]:
    """Issue 14's case: 7 days at 2.5 L with one episode a day, then 7 days at 0.5 L with two."""
    records = {}
    for i in range(14):
        day = first + timedelta(days=i)
        ml, count = (2500, 1) if i < 7 else (500, 2)
        records[day] = DayRecords(
            intake=[{"nutrients": {"water": ml}, "source": "drink"}],
            episodes=[{"at": at(day).isoformat()}] * count,
        )
    return records


def test_the_issue_example_points_the_right_way_and_ignores_days_before_the_first_record() -> None:
    first = NOW.date() - timedelta(days=14)
    records = _issue_example(first)
    # 90 days asked, as `toecoach insights` does: 76 of them are before the first record.
    days = days_between(
        NOW.date() - timedelta(days=89), NOW.date(), records, AdherencePlan(), set()
    )
    times = [datetime.fromisoformat(str(e["at"])) for r in records.values() for e in r.episodes]
    document = insights(days, times, {}, [], NOW)
    water = comparison(document, "water")
    assert water["enough_data"] is True
    assert water["with"]["exposure"] == 7 and water["with"]["episodes"] == 7
    assert water["without"]["exposure"] == 7 and water["without"]["episodes"] == 14
    summary = water["summary"]
    assert "seems to go with fewer episodes" in summary and "could be chance" in summary
    assert "more episodes" not in summary.lower()
    assert "caus" not in summary.replace("does not show a cause", "")
    assert document["logged_days"] == 14
    assert document["first_day"] == first.isoformat()


def test_a_day_without_drinks_is_not_a_day_that_missed_the_water_target() -> None:
    first = NOW.date() - timedelta(days=20)
    records = _issue_example(first)
    for i in range(14, 20):  # six days with episodes but no drinks logged
        day = first + timedelta(days=i)
        records[day] = DayRecords(episodes=[{"at": at(day).isoformat()}] * 3)
    days = days_between(first, NOW.date(), records, AdherencePlan(), set())
    water = comparison(insights(days, [], {}, [], NOW), "water")
    assert water["without"]["exposure"] == 7  # not 13


def test_today_is_left_out_until_it_is_over() -> None:
    first = NOW.date() - timedelta(days=13)
    records = _issue_example(first)  # its last day is today
    days = days_between(first, NOW.date(), records, AdherencePlan(), set())
    water = comparison(insights(days, [], {}, [], NOW), "water")
    assert water["without"]["exposure"] == 6 and water["enough_data"] is False
    assert "Not enough data yet" in water["summary"] and "7 logged days" in water["summary"]


def test_insights_cli_on_the_issue_example(toecoach_home: Path) -> None:
    """The real command on a real store: no claim of more episodes with more water."""
    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import EPISODES, INTAKE, add
    from toecoach.storage.store import Store

    store = Store(toecoach_home / "data")
    now = datetime.now().astimezone()
    first = now.date() - timedelta(days=14)
    for day, row in _issue_example(first).items():
        moment = datetime.combine(day, datetime.min.time()).astimezone().replace(hour=12)
        add(store, INTAKE, new_record("intake", moment, now, nutrients=dict(row.intake[0]["nutrients"]),
                                      input="x", source="drink"))  # fmt: skip
        for _ in row.episodes:
            add(store, EPISODES, new_record("episode", moment, now))
    result = run_toecoach("insights")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if "Episodes and water" in x)
    assert "Meeting the water target seems to go with fewer episodes" in line
    assert "1.00 per day on days that met it (7 in 7 days)" in line
    assert "2.00 on days with drinks logged that did not (14 in 7 days)" in line
    assert "could be chance" in line


# -- one spasm log: the app's dialog takes what the CLI takes (issue 14) ---------------------


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]


async def test_the_app_dialog_takes_severity_10_toes_duration_and_a_note(
    configured_home: Path,
) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.episode import EpisodeModal

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EpisodeModal))
        await pilot.press("r", "1", "0", "tab")
        await pilot.press(*"big, 2", "tab")
        await pilot.press(*"12m", "tab")
        await pilot.press(*"[b]ow[/b]", "enter")
        await workers_settled(app)
        await wait_until(pilot, lambda: any("Spasm logged" in n for n in _notices(app)))
        assert any("more than 10 minutes needs checking" in n for n in _notices(app))
    (path,) = (configured_home / "data").glob("log-*.json")
    (episode,) = json.loads(path.read_text())["episodes"].values()
    assert episode["severity"] == 10 and episode["toes"] == ["big", "2"]
    assert episode["duration_seconds"] == 720 and episode["note"] == "[b]ow[/b]"
    assert episode["foot"] == "right"


async def test_a_mistake_in_the_dialog_is_shown_and_nothing_is_stored(
    configured_home: Path,
) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.episode import EpisodeModal

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EpisodeModal))
        modal = app.screen
        await pilot.press("tab", "6", "tab", *"2 weeks", "enter")
        await pilot.pause()
        assert app.screen is modal
        assert "toes: '6' is not accepted" in str(modal.query_one("#episode-error").render())
        await workers_settled(app)
    assert not list((configured_home / "data").glob("log-*.json"))


async def test_the_app_shows_the_re_run_the_triage_prompt_as_the_cli_does(
    configured_home: Path,
) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp

    for back in (1, 2):
        day = (datetime.now().astimezone() - timedelta(days=back)).strftime("%Y-%m-%dT12:00")
        assert run_toecoach("episode", "--at", day).returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await workers_settled(app)
        await wait_until(pilot, lambda: any("Spasm logged" in n for n in _notices(app)))
        (notice,) = [n for n in _notices(app) if "Spasm logged" in n]
        assert "3 episodes in the last 7 days" in notice and "run the triage again" in notice
    cli = run_toecoach("episode")
    assert "run the triage again" in cli.stdout


def test_the_report_lists_pain_during_exercises_apart_from_spasms(
    configured_home: Path, tmp_path: Path
) -> None:
    """'It hurts' in the player is not a spasm (not counted as one), but the clinician
    report still says which exercise hurt and how much."""
    from datetime import datetime

    from toecoach.config import load_settings
    from toecoach.domain.records import new_record
    from toecoach.services.coach import Coach

    service = Coach(load_settings(configured_home / "config.toml"))
    now = datetime.now().astimezone()
    common = {"exercise": "heel-raises", "routine": "strength-10min"}
    service.report_hurt(
        new_record("episode", now, now, severity=7, area="heel", during="exercise",
                   source="player", **common),
        new_record("feedback", now, now, verdict="hurt", severity=7, **common),
    )  # fmt: skip
    out = tmp_path / "report.md"
    assert run_toecoach("report", "-o", str(out)).returncode == 0
    text = out.read_text()
    assert "0 spasm or cramp episodes logged" in text
    assert "## Pain during exercises" in text
    # (Markdown: text from the records is escaped, so that it is shown as written.)
    assert "pain during heel-raises (heel), severity 7" in text.replace("\\", "")
