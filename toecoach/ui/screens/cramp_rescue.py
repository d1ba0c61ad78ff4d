"""Cramp rescue: what to do now, a running timer, and help at 10 minutes.

Never blocked by a safety lock: it drops the steps its locks forbid (rubbing under a
massage lock, warmth or cold tips under heat or cold), and after an emergency or urgent
triage it shows that advice first.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Digits, Footer, Static

from toecoach.domain import triage
from toecoach.domain.routines import visible_steps
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.title_bar import TitleBar

LONG_CRAMP_SECONDS = 10 * 60  # over 10 minutes: same-day help (triage rule U4) [S1][S2]
RESCUE_EXERCISE = "cramp-stretch-rub"
FALLBACK_STEPS = (
    "Stretch the cramped muscle: straighten your leg and pull your toes up towards you.",
    "Rub the muscle gently.",
    "Stand on the leg with the knee slightly bent, or walk around.",
)


class CrampRescueScreen(ToecoachScreen):
    is_cramp_rescue = True
    BINDINGS = [
        Binding("e", "eased", "It has eased", id="rescue.eased"),
        Binding("escape", "eased", "Close", show=False, id="rescue.close"),
    ]
    DEFAULT_CSS = """
    CrampRescueScreen #triage-first { padding: 1 2; margin: 0 1; text-style: bold; }
    CrampRescueScreen #steps { padding: 1 2 0 2; }
    CrampRescueScreen Digits { margin: 1 2 0 2; width: auto; }
    CrampRescueScreen #long-cramp { padding: 1 2; margin: 1 1 0 1; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.started_at: datetime | None = None
        self.long_prompt_shown = False
        self.saved = False

    def compose(self) -> ComposeResult:
        yield TitleBar("cramp rescue")
        with VerticalScroll():
            yield Static("", id="triage-first")
            yield Static(Text("Do this now", style="bold"), classes="section-title")
            yield Static("", id="steps")
            yield Digits("0:00", id="elapsed")
            yield Static("", id="elapsed-words", classes="status")
            yield Static("", id="long-cramp", classes="tier-urgent")
            yield Static("", id="status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        from toecoach.services.library import load_library
        from toecoach.storage.repositories import latest_triage, locks_in_force

        self.started_at = self.coach.now()
        locks = list(locks_in_force(self.coach.store))
        latest = latest_triage(self.coach.store)
        first = self.query_one("#triage-first", Static)
        if latest and latest.get("tier") in ("emergency", "urgent"):
            result = latest.get("result", {})
            advice = [r.get("advice", "") for r in result.get("reasons", [])
                      if r.get("tier") in ("emergency", "urgent")]  # fmt: skip
            tier = str(latest["tier"])
            first.update(
                literal(
                    f"{triage.tier_headline(tier, self.coach.settings.region)}. " + " ".join(advice)
                )
            )
            first.set_classes(f"tier-{tier}")
        else:
            first.display = False
        library = load_library(self.coach.paths.routines_dir)
        exercise = library.exercises.get(RESCUE_EXERCISE)
        lines = (
            [s.text for s in visible_steps(exercise, locks)] if exercise else list(FALLBACK_STEPS)
        )
        steps = Text()
        for number, line in enumerate(lines, start=1):
            steps.append(literal(f"{number}. {line}\n"))
        self.query_one("#steps", Static).update(steps)
        self.query_one("#long-cramp").display = False
        self.set_interval(1.0, self.refresh_timer)
        self.refresh_timer()

    def elapsed(self) -> float:
        assert self.started_at is not None
        return max(0.0, (self.coach.now() - self.started_at).total_seconds())

    def refresh_timer(self) -> None:
        seconds = int(self.elapsed())
        clock = f"{seconds // 60}:{seconds % 60:02d}"
        self.query_one("#elapsed", Digits).update(clock)
        self.query_one("#elapsed-words", Static).update(f"{clock} since you started")
        if seconds >= LONG_CRAMP_SECONDS and not self.long_prompt_shown:
            self.long_prompt_shown = True
            prompt = self.query_one("#long-cramp", Static)
            help_line = triage.tier_headline("urgent", self.coach.settings.region)
            prompt.update(literal(
                f"This cramp has lasted more than 10 minutes. A cramp this long needs medical "
                f"help today. {help_line}."
            ))  # fmt: skip
            prompt.display = True
            self.app.bell()

    def action_eased(self) -> None:
        if not self.saved:
            self.saved = True
            seconds = self.elapsed()
            # On the app, not this screen: the save must outlive the screen being closed.
            self.app.run_worker(lambda: self.save_run(seconds), thread=True, group="rescue-save")
        self.app.pop_screen()

    def save_run(self, seconds: float) -> None:
        from toecoach.domain.records import new_record
        from toecoach.storage.repositories import RUNS, add
        from toecoach.storage.store import StoreError

        assert self.started_at is not None
        record = new_record(
            "run", self.started_at, self.coach.now(), routine="cramp-rescue",
            started=self.started_at.isoformat(timespec="seconds"),
            ended=self.coach.now().isoformat(timespec="seconds"), seconds=round(seconds),
            steps_done=1, steps_total=1, finished=True,
        )  # fmt: skip
        # The screen is gone by now; a failed save of a rescue timer is not worth a crash.
        with contextlib.suppress(StoreError, OSError):
            add(self.coach.store, RUNS, record)
