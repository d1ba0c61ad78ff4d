"""The routine player's own dialogs: "it hurts" (where and how much) and its keys."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from toecoach.ui.actions import ACTIONS, action_keys, key_hint, modal_bindings_for
from toecoach.ui.screens.base import ToecoachDialog
from toecoach.ui.text import literal
from toecoach.ui.widgets.command_input import CommandInput
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.scroll_body import ScrollBody

# Where it hurts: (id stored in the diary, words shown).
AREAS: tuple[tuple[str, str], ...] = (
    ("toes", "Toes"),
    ("ball", "Ball of the foot"),
    ("arch", "Arch"),
    ("heel", "Heel"),
    ("ankle", "Ankle"),
    ("calf", "Calf"),
    ("other", "Somewhere else"),
)
AREA_WORDS = dict(AREAS)


class HurtModal(ToecoachDialog):
    """Where it hurts and how much (0-10). Dismissed with (area, severity), or None. Cramp
    rescue, help and quit work over it (``modal_bindings_for``); "how much" is a number
    field, so a letter there is a command."""

    ACTION_SCOPE = "player-hurt"
    BINDINGS = modal_bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "#where"
    DEFAULT_CSS = """
    HurtModal { align: center middle; }
    HurtModal > VerticalScroll { width: 60; max-width: 100%; height: auto; max-height: 100%;
                                 border: thick $warning; padding: 0 1; background: $surface; }
    HurtModal OptionList { height: auto; max-height: 9; }
    HurtModal Input { width: 12; }
    HurtModal #hurt-message { color: $text-error; height: auto; }
    """

    def __init__(self, exercise_name: str) -> None:
        super().__init__()
        self.exercise_name = exercise_name
        self.area: str | None = None

    def compose(self) -> ComposeResult:
        with ScrollBody():
            yield Static(literal(f"It hurts: {self.exercise_name} is stopped.", "bold"))
            yield Static("Where does it hurt? (arrows, then Enter)")
            yield OptionList(*(Option(words, id=key) for key, words in AREAS), id="where")
            yield Static("How much, from 0 (none) to 10 (worst)? Then Enter.")
            yield CommandInput(placeholder="0-10", restrict=r"[0-9]*", max_length=2, id="how-much")
            yield Static("", id="hurt-message")
            yield Static(
                f"{key_hint(self.app, 'player-hurt.cancel')}: close, logging nothing.",
                classes="dim",
            )
        yield Footer()  # this dialog's keys, not the player's beneath it

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.area = str(event.option.id)
        self.query_one("#how-much", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        where = self.query_one("#where", OptionList)
        area = self.area
        if area is None and where.highlighted is not None:
            area = str(where.get_option_at_index(where.highlighted).id)
        message = self.query_one("#hurt-message", Static)
        if area is None:
            message.update("Choose where it hurts first.")
            where.focus()
            return
        text = event.value.strip()
        if not text.isdigit() or not 0 <= int(text) <= 10:
            message.update("How much: a whole number from 0 to 10.")
            return
        self.dismiss((area, int(text)))

    def action_cancel(self) -> None:
        self.dismiss(None)


def player_key_rows(app: object) -> list[tuple[str, str]]:
    """The player's keys as they are now (remaps included), then cramp rescue and quit."""
    rows: list[tuple[str, str]] = []
    for action in ACTIONS:
        if "player" not in action.scopes or not action.keys:
            continue
        keys = ", ".join(key_hint_for(app, action.id, key) for key in action_keys(app, action.id))  # type: ignore[arg-type]
        rows.append((keys, action.help or action.title))
    for name in ("app.cramp_rescue", "app.quit"):
        rows.append((key_hint(app, name), next(a.help for a in ACTIONS if a.id == name)))  # type: ignore[arg-type]
    return rows


def key_hint_for(app: object, action_id: str, key: str) -> str:
    from textual.binding import Binding

    return app.get_key_display(Binding(key, "", id=action_id))  # type: ignore[attr-defined, no-any-return]


class PlayerHelpModal(ToecoachDialog):
    """The player's keys, from the action table (the routine stays paused behind it)."""

    ACTION_SCOPE = "player-help"
    BINDINGS = modal_bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    PlayerHelpModal { align: center middle; }
    PlayerHelpModal > Vertical { width: 100; max-width: 100%; height: auto; max-height: 100%;
                                 border: thick $primary; padding: 0 1; background: $surface; }
    PlayerHelpModal VerticalScroll { height: auto; max-height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        from toecoach.ui.widgets.key_table import KeyTable

        with Vertical():
            yield Static(Text("Routine player: keys", style="bold"))
            with ScrollBody():
                yield KeyTable([(None, player_key_rows(self.app))], id="player-keys")
            yield Static(
                f"{key_hint(self.app, 'player-help.close')} closes this; the routine stays "
                f"paused until you press {key_hint(self.app, 'player.pause')}.",
                classes="dim",
            )
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
