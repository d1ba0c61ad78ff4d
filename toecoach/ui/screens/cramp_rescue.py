"""Cramp rescue: what to do now, a running timer, and help at 10 minutes.

Never blocked by a safety lock: it drops the steps its locks forbid. It always opens with the
clot line; after an urgent triage it shows that advice first; after an emergency one it shows
only the call line and "sit or lie down while you wait" (``domain/rescue.py`` decides).
It is stored as a ``rescue``, never as a routine (interfaces v2).
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Digits, Static

from toecoach.domain import triage
from toecoach.domain.rescue import LONG_CRAMP_LINE, LONG_CRAMP_SECONDS, RescueContent
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.title_bar import TitleBar


class CrampRescueScreen(ToecoachScreen):
    ACTION_SCOPE = "rescue"
    BINDINGS = bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    CrampRescueScreen #triage-first { padding: 1 2; margin: 0 1; text-style: bold; }
    CrampRescueScreen #clot { padding: 1 2 0 2; color: $warning; text-style: bold; }
    CrampRescueScreen #steps { padding: 1 2 0 2; }
    CrampRescueScreen #wait { padding: 1 2; text-style: bold; }
    CrampRescueScreen Digits { margin: 1 2 0 2; width: auto; }
    CrampRescueScreen #long-cramp { padding: 1 2; margin: 1 1 0 1; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.started_at: datetime | None = None
        self.long_prompt_shown = False
        self.saved = False
        self.content: RescueContent | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar("cramp rescue")
        with ScrollBody():
            yield Static("", id="triage-first")
            yield Static("", id="clot")
            # The time so far, in words near the top so it is seen on a small terminal.
            yield Static("", id="elapsed-words", classes="status")
            yield Static(Text("Do this now", style="bold"), classes="section-title", id="do-now")
            yield Static("", id="steps")
            yield Static("", id="wait")
            yield Digits("0:00", id="elapsed")
            yield Static("", id="long-cramp", classes="tier-urgent")
            yield Static("", id="status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.started_at = self.coach.now()
        for widget_id in ("triage-first", "wait", "long-cramp"):
            self.query_one(f"#{widget_id}").display = False
        # Until the latest triage is read: the clot line, safe for every tier but emergency,
        # which is read within milliseconds (off the event loop: the lock may be held).
        self.query_one("#clot", Static).update(literal(self._clot_line()))
        self.set_interval(1.0, self.refresh_timer)
        self.refresh_timer()
        self.load_content()

    def _clot_line(self) -> str:
        from toecoach.domain.rescue import CLOT_LINE

        return CLOT_LINE.format(emergency_number=self.coach.settings.emergency_number)

    @work(thread=True, exclusive=True, group="rescue-load")
    def load_content(self) -> None:
        content = self.coach.service.rescue_content()
        self.coach.call_from_thread(self._show, content)

    def _show(self, content: RescueContent) -> None:
        self.content = content
        first = self.query_one("#triage-first", Static)
        if content.first:
            first.update(literal(" ".join(content.first)))
            first.set_classes(f"tier-{content.tier}")
            first.display = True
        clot = self.query_one("#clot", Static)
        clot.display = content.clot_line is not None
        if content.clot_line:
            clot.update(literal(content.clot_line))
        steps = Text()
        for number, line in enumerate(content.steps, start=1):
            steps.append(literal(f"{number}. {line}\n"))
        self.query_one("#steps", Static).update(steps)
        for widget_id in ("do-now", "steps"):
            self.query_one(f"#{widget_id}").display = bool(content.steps)
        wait = self.query_one("#wait", Static)
        wait.display = content.wait_line is not None
        wait.update(literal(content.wait_line or ""))
        for widget_id in ("elapsed", "elapsed-words"):
            self.query_one(f"#{widget_id}").display = content.timer

    def elapsed(self) -> float:
        assert self.started_at is not None
        return max(0.0, (self.coach.now() - self.started_at).total_seconds())

    def refresh_timer(self) -> None:
        seconds = int(self.elapsed())
        clock = f"{seconds // 60}:{seconds % 60:02d}"
        self.query_one("#elapsed", Digits).update(clock)
        self.query_one("#elapsed-words", Static).update(f"{clock} since you started")
        timer_shown = self.content is None or self.content.timer
        if seconds >= LONG_CRAMP_SECONDS and not self.long_prompt_shown and timer_shown:
            self.long_prompt_shown = True
            prompt = self.query_one("#long-cramp", Static)
            headline = triage.tier_headline("urgent", self.coach.settings.region)
            prompt.update(literal(LONG_CRAMP_LINE.format(urgent_headline=headline)))
            prompt.display = True
            self.app.bell()

    def action_eased(self) -> None:
        self.save_rescue()
        self.app.pop_screen()

    def save_rescue(self) -> None:
        """Store the rescue once, as it happened (closing it, or quitting the app)."""
        if not self.saved and self.started_at is not None:
            self.saved = True
            record = self.rescue_record(self.elapsed(), self.long_prompt_shown)
            # On the app, not this screen: the save must outlive the screen being closed.
            self.coach.call_service(
                lambda: self.coach.service.save_run(record),
                group="rescue-save", changes_data=True,
            )  # fmt: skip

    def rescue_record(self, seconds: float, escalated: bool) -> dict[str, object]:
        from toecoach.domain.records import new_record

        assert self.started_at is not None
        # A rescue is not a routine (interfaces v2): never "finished", never a routine done.
        record = new_record(
            "rescue", self.started_at, self.coach.now(), routine="cramp-rescue",
            started=self.started_at.isoformat(timespec="seconds"),
            ended=self.coach.now().isoformat(timespec="seconds"), seconds=round(seconds),
            escalated=escalated,
        )  # fmt: skip
        return record
