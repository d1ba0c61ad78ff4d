"""Wording: plurals, no repeated phrases, names as people write them, channel-specific hints,
nested report items and aligned `today` columns (issue 17, item 6)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toecoach.cli.log import today_lines
from toecoach.domain import triage
from toecoach.domain.breaks import walks_summary
from toecoach.domain.episodes import frequency_prompt
from toecoach.domain.intake import IN_TEXT, NUTRIENTS
from toecoach.domain.text import noun, plural
from toecoach.domain.triage.inventory import all_advice
from toecoach.services.report import _items

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("count", "word", "expected"),
    [(1, "day", "1 day"), (0, "day", "0 days"), (2, "day", "2 days"), (1.5, "glass", "1.5 glasses"),
     (1, "glass", "1 glass"), (3, "entry", "3 entries"), (1, "minute", "1 minute")],
)  # fmt: skip
def test_plural(count: float, word: str, expected: str) -> None:
    assert plural(count, word) == expected


@given(st.integers(min_value=0, max_value=10_000))
def test_plural_is_singular_only_for_one(count: int) -> None:
    assert plural(count, "day").endswith("day" if count == 1 else "days")
    assert noun(count, "day") == plural(count, "day").split(" ", 1)[1]


@given(st.integers(0, 50), st.integers(0, 50))
def test_walks_summary_is_true_for_any_counts(walks: int, reminders: int) -> None:
    text = walks_summary(walks, reminders)
    assert not re.search(r"\b1 (walks|reminders)\b", text)
    assert f"of {reminders}" not in text  # a walk is not "one of" the reminders
    if reminders == 0:
        assert "no reminders" in text and "0 reminder" not in text


def test_walks_summary_reads_right() -> None:
    assert walks_summary(1, 0) == "1 walk (no reminders yet)"
    assert walks_summary(2, 1) == "2 walks for 1 reminder"


@pytest.mark.parametrize("region", ["uk", "us", "eu"])
def test_no_phrase_repeats_within_a_sentence(region: str) -> None:
    texts = [triage.tier_headline(tier, region) for tier in triage.TIERS]
    texts += [item.text for _origin, item in all_advice(region)]
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            words = re.findall(r"[a-z]+", sentence.lower())
            for word in ("today", "now", "urgent"):
                assert words.count(word) <= 1, (region, sentence)


def test_the_us_urgent_headline_says_today_once() -> None:
    assert (
        triage.tier_headline("urgent", "us") == "Get medical help today: urgent care or your doctor"
    )


def test_nutrients_in_a_sentence_keep_their_capitals() -> None:
    assert IN_TEXT["vitamin_d"] == "vitamin D"
    assert set(IN_TEXT) == set(NUTRIENTS)


def test_the_triage_prompt_names_the_channels_way_to_run_it() -> None:
    times = [NOW - timedelta(days=d) for d in (1, 2, 3)]
    cli = frequency_prompt(times, NOW)
    app = frequency_prompt(times, NOW, "press t on the dashboard")
    assert cli is not None and "toecoach triage" in cli and "in the app" not in cli
    assert app is not None and "press t on the dashboard" in app and "toecoach" not in app


def test_report_sub_items_nest() -> None:
    body = ["2026-05-01: Self-care is reasonable", "  Answered yes or not sure: cramps", "Other"]
    assert _items(body) == [
        ("2026-05-01: Self-care is reasonable", ["Answered yes or not sure: cramps"]),
        ("Other", []),
    ]


def _row(total: float, target: float | None, percent: int | None, warnings: list[str]) -> dict:  # type: ignore[type-arg]
    return {"total": total, "target": target, "percent": percent, "status": "below",
            "warnings": warnings, "unit": "ml"}  # fmt: skip


def test_today_columns_line_up_and_warnings_hang() -> None:
    warning = "That is a long warning that has to wrap onto a second line at this width. " * 2
    document = {
        "date": "2026-05-04", "walks": 1, "reminders": 0, "routines_done": 1, "episodes": 2,
        "nutrients": {"water": _row(25670, 2200, 1167, [warning]), "calcium": _row(5, 1000, 0, []),
                      "potassium": _row(0, None, None, [])},
    }  # fmt: skip
    lines = today_lines(document, "metric", width=60)
    water = next(line for line in lines if "Water" in line)
    calcium = next(line for line in lines if "Calcium" in line)
    assert water.index("1167%") + 5 == calcium.index("0%") + 2  # right-aligned percents
    assert water.index(" of ") == calcium.index(" of ")
    wrapped = [line for line in lines if line.startswith("        ")]
    warned = [line for line in lines if line.startswith("      ")]
    assert wrapped and all(len(line) <= 60 for line in warned)
    assert lines[-1] == "  1 walk (no reminders yet), 1 routine done, 2 spasm episodes"
