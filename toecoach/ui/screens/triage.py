"""The quick triage: emergency box, warning signs, context questions, and the result.

The rules live in ``toecoach.domain.triage``; these screens only ask and show. Red flags
are shown as soon as they are answered, before the questionnaire is finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from toecoach.domain import triage
from toecoach.domain.text import plural
from toecoach.services.triage import BLOCK_TEXT, FACTOR_TITLES
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal, update_line
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.number_question import NumberQuestion
from toecoach.ui.widgets.question_row import QuestionRow
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.title_bar import TitleBar

URGENT_TIERS = ("emergency", "urgent")


@dataclass
class TriageSession:
    """Answers collected across the triage screens."""

    region: str
    answers: dict[str, triage.Answer] = field(default_factory=dict)

    def result(self) -> triage.TriageResult:
        return triage.evaluate(self.answers, region=self.region)


def tier_banner(result: triage.TriageResult) -> Static:
    banner = Static(Text(result.headline, style="bold"), classes=f"tier-banner tier-{result.tier}")
    return banner


class TriageStartScreen(ToecoachScreen):
    """The emergency box comes before any question (clinical brief 7, triage spec)."""

    ACTION_SCOPE = "triage-start"
    BINDINGS = bindings_for(ACTION_SCOPE)

    def compose(self) -> ComposeResult:
        region = self.coach.settings.region
        box = triage.emergency_box(region)
        key = self.coach.key_for
        yield TitleBar()
        with ScrollBody():
            yield Static(Text(box.text), classes="emergency-box")
            yield Static(
                Text("A few questions about your toe or foot spasms, then what to do next. "
                     f"Answer each with {key('triage.yes')} (yes), {key('triage.no')} (no) or "
                     f"{key('triage.unsure')} (not sure); not sure counts as yes, to be safe. "
                     f"Press {key('triage.start')} to start."),
                classes="intro",
            )  # fmt: skip
            yield Static(Text(triage.DISCLAIMER, style="italic"), classes="disclaimer")
            yield Static(Text("Past results", style="bold"), classes="section-title")
            yield Static(Text("Reading…", style="dim"), id="past-results")
        yield Footer()

    def on_mount(self) -> None:
        self.coach.call_service(
            self.coach.service.past_triages,
            lambda rows: self.query_one("#past-results", Static).update(self._past_results(rows)),
            group="triage-history", exclusive=True,
        )  # fmt: skip

    def _past_results(self, rows: list[dict[str, Any]]) -> Content:
        if not rows:
            return Content.styled("None yet.", "dim")
        text: list[tuple[str, str] | str] = []
        for row in rows[:10]:
            tier = str(row.get("tier", "?"))
            text.append(f"{str(row.get('at', ''))[:16].replace('T', ' ')}  ")
            text.append((f"{triage.tier_headline(tier, self.coach.settings.region) if tier in triage.TIERS else tier}\n",
                         f"bold {TIER_COLOURS.get(tier, '')}".strip()))  # fmt: skip
        return Content.assemble(*text)

    def action_start(self) -> None:
        session = TriageSession(region=self.coach.settings.region)
        self.app.switch_screen(WarningSignsScreen(session))


# Theme variables: right on a light theme too. The headline's words say the tier without colour.
TIER_COLOURS = {"emergency": "$text-error", "urgent": "$text-warning", "soon": "$text-warning",
                "self-care": "$text-success"}  # fmt: skip


class _QuestionsScreen(ToecoachScreen):
    """Shared by the warning-sign and context screens: rows, a live red-flag banner."""

    def __init__(self, session: TriageSession) -> None:
        super().__init__()
        self.session = session

    def _refresh_banner(self) -> None:
        result = self.session.result()
        banner = self.query_one("#red-flag", Static)
        shown = banner.display
        if result.tier in URGENT_TIERS:
            banner.update(Text(f"{result.headline}. {result.reasons[0].advice}", style="bold"))
            banner.set_classes(f"red-flag tier-{result.tier}")
            banner.display = True
        else:
            banner.display = False
        if banner.display != shown:
            # The banner's lines push the questions down: on a short terminal the question
            # focus has moved to would be below the screen.
            self.call_after_refresh(self._focused_into_view)

    def _focused_into_view(self) -> None:
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    def on_question_row_answered(self, event: QuestionRow.Answered) -> None:
        qid = event.row.question.id
        if event.row.answer is None:
            self.session.answers.pop(qid, None)
        else:
            self.session.answers[qid] = event.row.answer  # type: ignore[assignment]
        self._refresh_banner()
        self._refresh_status()

    def _refresh_status(self) -> None:
        pass


class WarningSignsScreen(_QuestionsScreen):
    """The required warning-sign questions on one screen."""

    ACTION_SCOPE = "triage-warning"
    BINDINGS = bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "QuestionRow"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(
            Text("Warning signs: answer every question", style="bold"), classes="screen-title"
        )
        yield Static("", id="red-flag", classes="red-flag")
        with ScrollBody(id="questions"):
            for number, question in enumerate(q for q in triage.QUESTIONS if q.required):
                yield QuestionRow(question, number + 1)
        yield Static("", id="status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#red-flag").display = False
        self._refresh_status()

    def _missing(self) -> list[str]:
        return [q.id for q in triage.QUESTIONS if q.required and q.id not in self.session.answers]

    def _refresh_status(self) -> None:
        missing = len(self._missing())
        text = (
            f"All answered: press {self.coach.key_for('triage.next')} to go on."
            if not missing
            else f"{missing} left to answer."
        )
        update_line(self.query_one("#status", Static), text)

    def action_next(self) -> None:
        missing = self._missing()
        if missing:
            self.query_one("#status", Static).update(
                Text(f"Please answer every warning sign first: {len(missing)} left.", style="bold")
            )
            self.query_one(f"#q-{missing[0]}").focus()
            return
        self.app.switch_screen(ContextScreen(self.session))


class ContextScreen(_QuestionsScreen):
    """The optional pattern-and-context questions, each skippable."""

    ACTION_SCOPE = "triage-context"
    BINDINGS = bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "QuestionRow"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text("About the pattern (optional: skip any, press "
                          f"{self.coach.key_for('triage.result')} for the result)",
                          style="bold"), classes="screen-title")  # fmt: skip
        yield Static("", id="red-flag", classes="red-flag")
        with ScrollBody(id="questions"):
            for number, question in enumerate(q for q in triage.QUESTIONS if not q.required):
                if question.kind == "yesno":
                    yield QuestionRow(question, number + 1, optional=True)
                else:
                    yield NumberQuestion(question, number + 1)
        yield Static("", id="status", classes="status")
        yield Footer()

    def on_mount(self) -> None:
        self._refresh_follow_ups()
        self._refresh_banner()

    def _refresh_follow_ups(self) -> None:
        """Show a follow-up question (pregnancy warning signs) only when it is asked; a hidden
        one keeps no answer."""
        for question in triage.QUESTIONS:
            if question.asked_when is None or question.required:
                continue
            asked = triage.is_asked(question, self.session.answers)
            row = self.query_one(f"#q-{question.id}")
            row.display = asked
            if not asked:
                self.session.answers.pop(question.id, None)
                if isinstance(row, QuestionRow):
                    row.answer = None

    def on_question_row_answered(self, event: QuestionRow.Answered) -> None:
        super().on_question_row_answered(event)
        self._refresh_follow_ups()
        self._refresh_banner()

    def on_number_question_answered(self, event: NumberQuestion.Answered) -> None:
        qid = event.row.question.id
        if event.row.answer is None:
            self.session.answers.pop(qid, None)
        else:
            self.session.answers[qid] = event.row.answer
        self._refresh_banner()

    def action_result(self) -> None:
        invalid = [row for row in self.query(NumberQuestion) if not row.valid]
        if invalid:
            self.query_one("#status", Static).update(
                Text(f"Fix or clear: {invalid[0].question.text}", style="bold")
            )
            invalid[0].query_one("Input").focus()
            return
        self.app.switch_screen(TriageResultScreen(self.session))


class TriageResultScreen(ToecoachScreen):
    """The tier as a plain-language action, every reason, factors, plan, locks, disclaimer."""

    ACTION_SCOPE = "triage-result"
    BINDINGS = bindings_for(ACTION_SCOPE)

    def __init__(self, session: TriageSession, *, save: bool = True) -> None:
        super().__init__()
        self.session = session
        self.result = session.result()
        self.saved_id: str | None = None
        self.plan_applied = False
        self._apply_requested = False
        self._save = save

    def compose(self) -> ComposeResult:
        result = self.result
        yield TitleBar()
        # Outside the scroll so that "saved" / "not saved" is seen however long the result is.
        yield Static("", id="save-status", classes="status")
        with ScrollBody(id="result"):
            yield tier_banner(result)
            if result.reasons:
                yield Static(Text("Why", style="bold"), classes="section-title")
                for reason in result.reasons:
                    yield Static(Text(f"• {reason.advice}"), classes=f"reason reason-{reason.tier}")
            if result.unsure:
                shorts = ", ".join(triage.QUESTIONS_BY_ID[q].short for q in result.unsure)
                yield Static(Text(f"You answered 'not sure' to: {shorts}. These count as yes, to be safe."),
                             classes="note")  # fmt: skip
            if result.factors:
                yield Static(
                    Text("What may be contributing", style="bold"), classes="section-title"
                )
                for factor in result.factors:
                    line = Text()
                    line.append(f"• {FACTOR_TITLES.get(factor.id, factor.id)}: ", style="bold")
                    line.append(factor.why)
                    yield Static(line, classes="factor")
            if not result.plan.is_empty:
                yield Static(Text("Your self-care plan", style="bold"), classes="section-title")
                yield Static(self._plan_text(), classes="plan", id="plan-text")
            if result.blocked:
                yield Static(Text("Paused for safety", style="bold"), classes="section-title")
                yield Static(self._blocked_text(), classes="blocked")
            if result.tier == "self-care" and triage.not_checked_text(result):
                yield Static(Text(triage.not_checked_text(result), style="italic"), classes="note")
            yield Static(Text(result.disclaimer, style="italic"), classes="disclaimer")
        yield Footer()

    def _plan_text(self) -> Text:
        plan = self.result.plan
        text = Text()
        if plan.break_interval_minutes:
            from toecoach.services.triage import interval_in_force

            every = interval_in_force(self.result, self.coach.settings)
            text.append(f"• Walking-break reminders every {plural(every or 0, 'minute')}\n")
        if plan.routines:
            from toecoach.services.triage import routines_text

            text.append(f"• Routines: {routines_text(plan.routines, self.routine_names)}\n")
        if plan.checkins:
            text.append(f"• Check-ins: {', '.join(plan.checkins)}\n")
        for item in plan.advice:
            text.append(f"• {item.text}\n")
        text.append(f"Press {self.coach.key_for('triage.apply')} to apply this plan.", style="dim")
        return text

    def _blocked_text(self) -> Text:
        text = Text()
        for tag in self.result.blocked:
            because = ", ".join(
                triage.QUESTIONS_BY_ID[q].short
                for q in self.result.blocked_by.get(tag, ())
                if q in triage.QUESTIONS_BY_ID
            )
            text.append(f"• {BLOCK_TEXT.get(tag, tag)}")
            if because:
                text.append(f" (because of: {because})", style="dim")
            text.append("\n")
        return text

    routine_names: dict[str, str] | None = None

    def on_mount(self) -> None:
        if self._save:
            self.save_result()
        if self.result.plan.routines:
            # The library is read off the loop; the plan names its routines once it is.
            self.coach.call_service(self.coach.service.routine_names, self._names_read,
                                    group="triage-names")  # fmt: skip

    def _names_read(self, names: dict[str, str]) -> None:
        self.routine_names = names
        if self.query("#plan-text"):
            self.query_one("#plan-text", Static).update(self._plan_text())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply_plan":
            return not self.result.plan.is_empty and not self.plan_applied
        return True

    def save_result(self) -> None:
        app = self.coach
        answers = dict(self.session.answers)

        def saved(record: dict[str, Any]) -> None:
            self.saved_id = str(record["id"])
            self._set_status("Saved to your history.")
            if self._apply_requested:
                self._apply()

        app.call_service(
            lambda: app.service.save_triage(answers, self.result), saved,
            failed=lambda message: self._set_status(f"Not saved: {message}"),
            group="triage-save", changes_data=True,
        )  # fmt: skip

    def action_apply_plan(self) -> None:
        if self.result.plan.is_empty or self.plan_applied:
            return
        self._apply_requested = True
        if self.saved_id is not None:
            self._apply()

    def _apply(self) -> None:
        """Once the result is saved: store the plan (in a worker)."""
        app = self.coach
        if self.plan_applied or self.saved_id is None:
            return
        saved_id = self.saved_id

        def applied(_record: dict[str, Any]) -> None:
            self.plan_applied = True
            self._set_status("Plan applied: reminders, routines and check-ins will follow it.")
            self.refresh_bindings()

        app.call_service(
            lambda: app.service.apply_plan(saved_id, self.result), applied,
            failed=lambda message: self._set_status(f"Plan not applied: {message}"),
            group="triage-apply", changes_data=True,
        )  # fmt: skip

    def _set_status(self, message: str) -> None:
        self.query_one("#save-status", Static).update(literal(message))
