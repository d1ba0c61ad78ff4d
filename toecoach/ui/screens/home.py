"""The desk dashboard: sitting time and the next walk, today's intake against target,
breaks and routines, the latest triage, and one-key actions in the footer.

It redraws when the app's data-changed signal moves (a write here, or one by another
toecoach process noticed by the app's 2 s stat() check), reading the figures in a worker
through the facade, and redraws the sitting line twice a minute: close to no CPU while idle.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from toecoach.domain.breaks import walks_summary
from toecoach.domain.text import plural
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.intake_panel import IntakePanel
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from toecoach.ui.app import DashboardRead

SITTING_REDRAW_SECONDS = 30.0


class HomeScreen(ToecoachScreen):
    ACTION_SCOPE = "home"
    BINDINGS = bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    HomeScreen #sitting { padding: 0 2; text-style: bold; }
    HomeScreen #activity, HomeScreen #latest-triage, HomeScreen #prompt { padding: 0 2; }
    HomeScreen #prompt { color: $warning; }
    HomeScreen .notices { padding: 0 2; color: $warning; }
    /* An emergency result in the emergency colour, and reversed so it stands out without. */
    HomeScreen #latest-triage.emergency { color: $text-error; text-style: bold reverse; }
    """

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with ScrollBody():
            yield Static(Text("Sitting", style="bold"), classes="section-title", id="sitting-title")
            yield Static("", id="sitting")
            yield Static(Text("Today", style="bold"), classes="section-title")
            yield IntakePanel(id="intake")
            yield Static("", id="activity")
            yield Static(Text("Triage", style="bold"), classes="section-title")
            yield Static("", id="latest-triage")
            yield Static("", id="prompt")
            yield Static("", id="notices", classes="notices")
        yield Footer()

    def on_mount(self) -> None:
        # What the figures shown were read from: the data stamp, their day, the settings.
        self._stamp: object = None
        self._day: object = None
        self._settings: object = None
        # The first figures are read on a thread while Textual starts (a launch): shown when
        # that read ends, without a second read meanwhile. Without one, a worker reads them:
        # the data lock may be held by another toecoach, and no frame waits for it.
        # (That read is in on_screen_resume, which Textual sends after this.)
        self._awaiting_prefetch = True
        if not self.coach.take_prefetched_dashboard(self._prefetched):
            self._awaiting_prefetch = False
        self.watch(self.app, "data_version", self._on_data_changed, init=False)
        self.set_interval(SITTING_REDRAW_SECONDS, self.show_sitting)
        self.show_sitting()

    def _prefetched(self, found: DashboardRead | None) -> None:
        self._awaiting_prefetch = False
        if found is not None:
            self._show(*found)
        elif self._stamp is None:
            self.reload()

    def _on_data_changed(self, _version: int) -> None:
        self.reload()
        self.show_sitting()

    def on_screen_resume(self) -> None:
        # Back from another screen, or just mounted: read again unless what is shown is
        # still current (no write since, the same day), so a launch reads once.
        if self._awaiting_prefetch:
            pass  # the launch's read, still under way, brings them
        elif (
            self._stamp is None
            or self._stamp != self.coach.service.modified_stamp()
            or self._day != self.coach.service.now().date().isoformat()
            or self._settings is not self.coach.settings
        ):
            self.reload()
        self.show_sitting()

    def show_sitting(self) -> None:
        service = self.coach.reminders
        line = Text()
        if service is not None and service.held_by_triage:
            # Triage spec v2: paused at an emergency or urgent result, until a later triage.
            from toecoach.domain.effects import REMINDERS_HELD_LINE

            line.append(REMINDERS_HELD_LINE + " ", style="bold")
            line.append(f"Press {self.coach.key_for('triage')} for a new triage once you have "
                        "been seen.")  # fmt: skip
        elif service is None and self.coach.start_reminders and self.coach.settings.breaks.enabled:
            line.append("Starting walking-break reminders…", style="dim")
        elif service is None or not service.plan.enabled:
            line.append("Walking-break reminders are off.", style="dim")
        else:
            now = self.coach.now()
            minutes = service.sitting_minutes()
            due = service.next_due(now)
            paused = service.state.paused_until
            if service.state.away_since is not None:
                line.append(self._away_line(service.state, now))
            elif minutes is None:
                from toecoach.domain.sitting import off_duty_words

                line.append(off_duty_words(service.plan, now))
            else:
                line.append(f"Sitting for {minutes} min")
            if paused is not None and paused > now:
                from toecoach.domain.times import describe_due

                until = describe_due(paused, now.astimezone()).removeprefix("at ")
                line.append(f"  ·  reminders paused until {until}")
            elif due is not None:
                from toecoach.domain.times import describe_due

                line.append(f"  ·  next walk due {describe_due(due, now.astimezone())}")
        self.query_one("#sitting", Static).update(line)
        # The step-away key is not in the footer: the title names it (as remapped), short
        # enough for 60 columns. Away, the line itself says how to come back.
        title = Text("Sitting", style="bold")
        if service is not None and service.plan.enabled and service.state.away_since is None:
            title.append(f"   {self.coach.key_for('app.step_away')}: step away", style="dim")
        self.query_one("#sitting-title", Static).update(title)

    def _away_line(self, state: Any, now: Any) -> str:
        """Since when the person is away, why, and how they come back."""
        from toecoach.domain.sitting import Signal, away_because

        since = state.away_since.astimezone(now.tzinfo)
        when = f"{since:%H:%M}" if since.date() == now.date() else f"{since:%a %H:%M}"
        reason = away_because(state)
        if reason is Signal.STEP_AWAY:
            return f"Away from the desk since {when} (you stepped away). Press any key when you are back."
        if reason is Signal.LOCKED:
            return f"Away from the desk since {when} (screen locked)."
        return f"Away from the desk since {when} (no input)."

    def reload(self) -> None:
        self.coach.call_service(
            partial(self.coach.service.dashboard, self.coach.triage_hint()),
            lambda found: self._show(*found),
            group="home-reload", exclusive=True,
        )  # fmt: skip

    def _show(self, stamp: object, document: dict[str, Any], latest: dict[str, Any] | None,
              notices: list[str]) -> None:  # fmt: skip
        self._stamp = stamp
        self._day = document.get("date")
        self._settings = self.coach.settings
        if self.coach.reminders is not None:
            # A triage or settings written here or elsewhere can hold or re-time reminders.
            self.coach.reminders.recheck()
            self.show_sitting()
        self.query_one(IntakePanel).show(document["nutrients"], self.coach.settings.unit_system)
        self.query_one("#activity", Static).update(
            f"{walks_summary(document['walks'], document['reminders'])}   ·   "
            f"{plural(document['routines_done'], 'routine')} done   ·   "
            f"{plural(document['episodes'], 'spasm episode')}"
        )
        if latest is None:
            triage_text = Text(f"No triage yet. Press {self.coach.key_for('app.triage')} for a quick, "
                                "safety-first check.")  # fmt: skip
        else:
            from toecoach.domain import triage  # 12 ms to import: not before the first frame

            tier = str(latest.get("tier", ""))
            region = self.coach.settings.region
            headline = triage.tier_headline(tier, region) if tier in triage.TIERS else tier
            triage_text = Text(f"{str(latest.get('at', ''))[:10]}  ")
            triage_text.append(headline, style="bold")
        latest_tier = str(latest.get("tier", "")) if latest is not None else ""
        self.query_one("#latest-triage", Static).set_class(latest_tier == "emergency", "emergency")
        self.query_one("#latest-triage", Static).update(triage_text)
        self.query_one("#notices", Static).update(literal("\n".join(notices)))
        self.query_one("#prompt", Static).update(literal(document.get("prompt") or ""))
