"""Routine files: validation messages, overrides, timing, locks and the player's clock."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toecoach.domain import player
from toecoach.domain.routines import (
    ContentError,
    ContentFile,
    build_library,
    parse_exercise,
    routine_locked_by,
    routine_phases,
    routine_seconds,
    visible_steps,
)

EXERCISE = """\
schema = 1
id = "toe-splay"
name = "Toe splay"
kind = "exercise"
position = "seated"
equipment = []
summary = "Spread the toes."
blocked_by = []
cautions = ["No forcing."]

[[steps]]
text = "Spread all the toes wide."

[dose]
reps = 3
hold_seconds = 5
per_side = true

[[sources]]
id = "S46"
title = "Balance Podiatry"
url = "https://www.balance-podiatry.com/exercises-and-stretches"
"""

MASSAGE = """\
schema = 1
id = "rub"
name = "Rub"
kind = "massage"
position = "seated"
summary = "Rub."
blocked_by = ["massage"]

[[steps]]
text = "Stretch."
seconds = 30

[[steps]]
text = "Rub gently."
seconds = 30
blocked_by = ["massage"]

[dose]
duration_text = "until it eases"

[[sources]]
id = "S1"
title = "NHS"
url = "https://example.org"
"""

ROUTINE = """\
schema = 1
id = "mini"
name = "Mini"
summary = "A small routine."

[[items]]
exercise = "toe-splay"
reps = 2

[[items]]
exercise = "rub"
"""


def files(exercise: str = EXERCISE, routine: str = ROUTINE) -> list[ContentFile]:
    return [
        ContentFile("ex/toe-splay.toml", "toe-splay", exercise, False),
        ContentFile("ex/rub.toml", "rub", MASSAGE, False),
        ContentFile("ex/routines/mini.toml", "mini", routine, True),
    ]


def test_a_valid_library_loads() -> None:
    library = build_library(files())
    assert library.errors == []
    assert set(library.exercises) == {"toe-splay", "rub"}
    mini = library.routines["mini"]
    assert mini.items[0].dose.reps is not None and mini.items[0].dose.reps.low == 2  # lighter dose
    assert mini.items[0].dose.hold_seconds is not None  # the rest comes from the exercise


def test_phases_and_total_time() -> None:
    library = build_library(files())
    phases = routine_phases(library.routines["mini"], library)
    kinds = [p.kind for p in phases]
    # right foot: hold, relax, hold; switch; left foot: hold, relax, hold; then the rub steps
    assert kinds == ["hold", "relax", "hold", "switch", "hold", "relax", "hold", "step", "step"]
    assert phases[0].side == "right" and phases[4].side == "left"
    assert routine_seconds(library.routines["mini"], library) == 2 * (5 + 2 + 5) + 5 + 60


def test_user_files_override_shipped_ones_by_id() -> None:
    user = ContentFile(
        "user/toe-splay.toml", "toe-splay", EXERCISE.replace('"Toe splay"', '"Mine"'), False
    )
    library = build_library(files(), [user])
    assert library.exercises["toe-splay"].name == "Mine"


def test_a_bad_file_is_skipped_and_the_others_load() -> None:
    bad = EXERCISE.replace("reps = 3", 'reps = "many"')
    library = build_library(files(exercise=bad))
    (error,) = [e for e in library.errors if "toe-splay" in e.label]
    assert "dose.reps" in str(error) and "line 15" in str(error)
    assert "rub" in library.exercises
    # the routine that needs the broken exercise is refused, naming the field
    assert any("items[0].exercise" in str(e) for e in library.errors)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (('kind = "exercise"', 'kind = "yoga"'), "kind"),
        (('position = "seated"', "position = 3"), "position"),
        (("blocked_by = []", 'blocked_by = ["all"]'), "blocked_by"),
        (("blocked_by = []", 'blocked_by = ["lava"]'), "blocked_by"),
        (("hold_seconds = 5", "hold_seconds = 100000"), "dose.hold_seconds"),
        (("hold_seconds = 5", "hold_seconds = [30, 15]"), "dose.hold_seconds"),
        (("reps = 3", "reps = true"), "dose.reps"),
        (('id = "S46"', 'id = "X1"'), "sources[0].id"),
        (('id = "toe-splay"', 'id = "Toe Splay"'), "id"),
        (('id = "toe-splay"', 'id = "other"'), "id"),
        (("schema = 1", "schema = 2"), "schema"),
        (('text = "Spread all the toes wide."', "text = 5"), "steps[0].text"),
        (('summary = "Spread the toes."', 'summary = "Spread."\ncolour = "red"'), "colour"),
    ],
)
def test_each_broken_field_is_named(change: tuple[str, str], field: str) -> None:
    text = EXERCISE.replace(*change)
    with pytest.raises(ContentError) as caught:
        parse_exercise(text, "ex/toe-splay.toml", "toe-splay")
    assert caught.value.field_path == field
    assert "ex/toe-splay.toml" in str(caught.value)


def test_toml_syntax_errors_name_the_line() -> None:
    with pytest.raises(ContentError) as caught:
        parse_exercise(EXERCISE.replace("reps = 3", "reps = = 3"), "x.toml")
    assert caught.value.line == 15


@st.composite
def broken_exercises(draw: st.DrawFn) -> str:
    data = tomllib.loads(EXERCISE)
    key = draw(st.sampled_from(["name", "kind", "position", "equipment", "summary", "blocked_by",
                                "cautions", "steps", "dose", "sources", "id", "schema"]))  # fmt: skip
    junk = draw(st.one_of(
        st.none(), st.integers(-10**12, 10**12), st.booleans(), st.text(max_size=30),
        st.lists(st.integers(), max_size=3), st.just("[bold red]x[/]\x1b[2J"),
        st.just(10**30), st.floats(allow_nan=True),
    ))  # fmt: skip
    if junk is None:
        del data[key]
    else:
        data[key] = junk
    lines = []
    for k, v in data.items():
        if isinstance(v, str):
            lines.append(f"{k} = {_toml_string(v)}")
        elif isinstance(v, bool):
            lines.append(f"{k} = {'true' if v else 'false'}")
        elif isinstance(v, float) and v != v:
            lines.append(f"{k} = nan")
        elif isinstance(v, int | float) or (
            isinstance(v, list) and all(isinstance(x, int) for x in v)
        ):
            lines.append(f"{k} = {v!r}")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'


@settings(max_examples=150, deadline=None)
@given(text=broken_exercises(), garbage=st.binary(max_size=40))
def test_broken_files_are_refused_naming_file_and_field_and_others_still_load(
    text: str, garbage: bytes
) -> None:
    broken = ContentFile("user/toe-splay.toml", "toe-splay", text, False)
    noise = ContentFile("user/noise.toml", "noise", garbage.decode("utf-8", "replace"), False)
    library = build_library(files()[1:2], [broken, noise])
    assert "rub" in library.exercises  # the good file always loads
    broken_errors = [e for e in library.errors if e.label == "user/toe-splay.toml"]
    assert len(broken_errors) == 1
    assert "user/toe-splay.toml" in str(broken_errors[0])
    assert broken_errors[0].field_path or broken_errors[0].line


# -- locks --------------------------------------------------------------------------------


def test_locks_block_routines_and_name_the_answers() -> None:
    library = build_library(files())
    mini = library.routines["mini"]
    assert routine_locked_by(mini, library, {}) == {}
    assert routine_locked_by(mini, library, {"massage": ["wound_or_sore"]}) == {
        "massage": ["wound_or_sore"]
    }
    assert routine_locked_by(mini, library, {"all": ["calf_swelling_one_side"]}) == {
        "all": ["calf_swelling_one_side"]
    }
    assert routine_locked_by(mini, library, {"heat": ["diabetes"]}) == {}


def test_cramp_rescue_is_never_blocked_and_drops_forbidden_steps() -> None:
    routine = ROUTINE.replace('id = "mini"', 'id = "cramp-rescue"')
    library = build_library(
        [*files()[:2], ContentFile("r/cramp-rescue.toml", "cramp-rescue", routine, True)]
    )
    rescue = library.routines["cramp-rescue"]
    assert routine_locked_by(rescue, library, {"all": ["x"], "massage": ["y"]}) == {}
    steps = visible_steps(library.exercises["rub"], ["massage"])
    assert [s.text for s in steps] == ["Stretch."]


# -- the player's clock --------------------------------------------------------------------

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def phases():  # type: ignore[no-untyped-def]
    library = build_library(files())
    return routine_phases(library.routines["mini"], library)


def test_remaining_comes_from_the_deadline_not_ticks() -> None:
    state = player.start(phases(), T0)
    assert player.remaining(state, T0 + timedelta(seconds=2)) == 3
    # No tick for 4.5 s (a slow frame): remaining is still right.
    assert player.remaining(state, T0 + timedelta(seconds=4.5)) == pytest.approx(0.5)


def test_a_slightly_late_tick_keeps_the_schedule_a_suspend_restarts_the_phase() -> None:
    state = player.start(phases(), T0)
    late, changed = player.tick(state, T0 + timedelta(seconds=5.5))
    assert changed and late.index == 1
    assert late.deadline == T0 + timedelta(seconds=7)  # 5 s hold + 2 s relax, on schedule
    suspended, _ = player.tick(late, T0 + timedelta(minutes=30))
    assert suspended.index == 2  # one phase on, not the whole routine raced through
    assert player.remaining(suspended, T0 + timedelta(minutes=30)) == 5


def test_pause_resume_skip_back_stop() -> None:
    state = player.start(phases(), T0)
    paused = player.pause(state, T0 + timedelta(seconds=1))
    assert player.remaining(paused, T0 + timedelta(hours=1)) == 4
    resumed = player.resume(paused, T0 + timedelta(hours=1))
    assert player.remaining(resumed, T0 + timedelta(hours=1, seconds=1)) == 3
    skipped = player.skip(resumed, T0 + timedelta(hours=1, seconds=2))
    assert skipped.index == 1 and 0 in skipped.skipped
    back = player.back(skipped, T0 + timedelta(hours=1, seconds=3))
    assert back.index == 0
    stopped = player.stop(back, T0 + timedelta(hours=1, seconds=4))
    fields = player.run_record_fields(stopped, "mini")
    assert fields["finished"] is False and fields["steps_done"] == 0 and fields["steps_total"] == 2


def test_playing_to_the_end_finishes() -> None:
    state = player.start(phases(), T0)
    now = T0
    while not state.finished:
        now = state.deadline or now
        state, _ = player.tick(state, now)
    fields = player.run_record_fields(state, "mini")
    assert fields["finished"] is True and fields["steps_done"] == 2
    assert now == T0 + timedelta(seconds=2 * (5 + 2 + 5) + 5 + 60)


def test_cramp_rescue_steps_follow_the_locks() -> None:
    from toecoach.services.library import load_library

    library = load_library(None)
    rescue = library.exercises["cramp-stretch-rub"]

    def texts(locks: list[str]) -> str:
        return "\n".join(s.text for s in visible_steps(rescue, locks))

    plain = texts([])
    assert "pull your toes up" in plain and "Rub" in plain and "walk around" in plain
    assert "Keep pressure off the big toe" not in plain
    gout = texts(["big_toe", "massage"])
    assert "pull your toes up" not in gout and "Keep pressure off the big toe" in gout
    assert "Rub" not in gout
    # At an urgent result (the all lock) only the plain steps remain: no rubbing, no standing,
    # no heat or cold.
    urgent = texts(["all"])
    assert "Rub" not in urgent and "walk around" not in urgent and "warmth" not in urgent
    assert "10 minutes" in urgent and "Keep pressure off the big toe" in urgent


def test_rescue_content_by_tier() -> None:
    from toecoach.domain.effects import TriageEffects
    from toecoach.domain.rescue import rescue_content

    steps = ("Stretch.", "Rub.")
    plain = rescue_content(TriageEffects(), steps, headline="", emergency_number="911")
    assert plain.first == () and plain.steps == steps and plain.timer
    assert plain.clot_line is not None and "911" in plain.clot_line
    urgent = rescue_content(
        TriageEffects(tier="urgent", advice=("A long cramp. Get help today: 111.",)),
        steps, headline="Get help today: 111", emergency_number="999",
    )  # fmt: skip
    assert urgent.first == ("Get help today: 111.", "A long cramp.")  # said once
    assert urgent.clot_line is not None
    emergency = rescue_content(
        TriageEffects(tier="emergency", advice=("Call 999 now.",)),
        steps, headline="Call emergency services now (999)", emergency_number="999",
    )  # fmt: skip
    assert emergency.steps == () and emergency.clot_line is None and not emergency.timer
    assert emergency.wait_line == "Sit or lie down while you wait."
