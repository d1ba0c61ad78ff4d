"""Every user action, declared once.

Each ``Action`` names its binding id (what ``[keymap]`` in config.toml uses, so ids never
change), the screens it belongs to, its default keys, the label the footer shows, the line the
help screen and the command palette show, and how long it stays in the footer when the
terminal is narrow. From this one table come:

- every screen's ``BINDINGS`` (``bindings_for(scope)``),
- the command palette's entries (``palette_actions(scope)``),
- the help screen's key table (``help_sections()``),
- every key named in on-screen text (``key_hint(app, id)``), through the app's own key display,
  so a key remapped in ``[keymap]`` is the key the text names,
- the footer's choice of keys on a narrow terminal (``fit_footer``): the actions every screen
  needs (cramp rescue, help, quit) are never the ones left out.

Models: Harlequin's ``actions.py`` (one table, by id) and Posting's bindings with ``id=``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.binding import ActiveBinding, Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App

# Where an action applies. "app" is every screen (bound on the App); the others are one screen
# (or a few sharing its keys), in the order the help screen lists them.
SCOPES: dict[str, str] = {
    "app": "Everywhere",
    "scroll": "Any screen longer than the terminal",
    "home": "Dashboard",
    "checkin": "Check-in",
    "episode": "Log a spasm",
    "reminder": "Walking-break reminder",
    "rescue": "Cramp rescue",
    "routines": "Routines",
    "player": "Routine player",
    "player-hurt": "Routine player: it hurts",
    "player-help": "Routine player: its keys",
    "triage-start": "Triage",
    "triage-warning": "Triage: warning signs",
    "triage-context": "Triage: about the pattern",
    "triage-question": "Triage: each question",
    "triage-result": "Triage: the result",
    "history": "History",
    "calendar": "History: the calendar",
    "day": "History: one day",
    "edit": "Editing an entry",
    "settings": "Settings",
    "setup": "First-run setup",
    "help": "Help",
    "quit-confirm": "Quitting during a routine",
}

# Footer: how long an action stays shown as the terminal narrows (higher stays longer).
# Below this width the footer leaves out the palette key (Ctrl+P still opens the palette,
# and the help screen names it): at 60 columns it took a fifth of the footer.
PALETTE_KEY_MIN_WIDTH = 70
MORE = "screen.more"  # the key that scrolls a screen's body, in its footer when needed
ALWAYS = 9  # cramp rescue, help, quit: shown at 80 columns and, if at all possible, below
SCROLL = 6  # "More" while a body does not fit: it outlasts a screen's own keys
MAIN = 5
OFTEN = 4
SOMETIMES = 3
RARELY = 2


@dataclass(frozen=True)
class Action:
    id: str
    """The binding id; ``[keymap]`` in config.toml remaps keys by it. Never rename one."""
    scopes: tuple[str, ...]
    action: str
    """The Textual action the key runs (``app.`` prefix: a method of the App)."""
    keys: str
    """Default keys, comma-separated; empty for an action offered only in the palette."""
    title: str
    """The footer's label."""
    help: str = ""
    """One line for the help screen, the palette and the footer's tooltip."""
    show: bool = True
    keep: int = 1
    priority: bool = False
    palette: str = ""
    """The command palette's title; empty keeps it out of the palette."""
    hidden_in: tuple[str, ...] = ()
    """Scopes where the action is neither shown nor run (cramp rescue on the rescue itself)."""
    group: str = ""
    """Actions sharing a group are one row of the help screen and one hint (0-9, arrows)."""
    group_keys: str = ""
    """How a group's keys are written while none of them is remapped."""


def _severities() -> Iterator[Action]:
    for n in range(10):
        yield Action(f"episode.severity{n}", ("episode",), f"severity({n})", str(n),
                     f"Severity {n}", "severity 0 to 10 (1 then 0 is 10)", show=False,
                     group="severity", group_keys="0-9")  # fmt: skip


ACTIONS: tuple[Action, ...] = (
    # -- everywhere (App bindings) -------------------------------------------------------
    Action("app.cramp_rescue", ("app",), "cramp_rescue", "c", "Cramp",
           "cramp rescue: what to do for a cramp happening now", keep=ALWAYS,
           palette="Cramp rescue", hidden_in=("rescue",)),
    Action("app.help", ("app",), "help", "question_mark", "Help",
           "keys, the disclaimer, where your data lives", keep=ALWAYS, palette="Help"),
    Action("app.quit", ("app",), "quit", "q", "Quit",
           "quit (writes in flight finish first; during a routine it asks first)", keep=ALWAYS),
    # The same from a text field (a note), where the letters above are typed as text; the
    # footer shows these while one has focus.
    Action("app.cramp_rescue_alt", ("app",), "cramp_rescue", "ctrl+r", "Cramp",
           "cramp rescue, also while typing in a text field", show=False, keep=ALWAYS,
           hidden_in=("rescue",)),
    Action("app.help_alt", ("app",), "help", "f1", "Help",
           "help, also while typing in a text field", show=False, keep=ALWAYS),
    # Ctrl-C quits too, as in any terminal program (safely: writes in flight finish).
    Action("app.interrupt", ("app",), "quit", "ctrl+c", "Quit", "quit", show=False,
           priority=True),
    # -- the dashboard (ids keep their "app." prefix: users' [keymap] names them so) -------
    Action("app.log_glass", ("home",), "app.log_glass", "g", "Glass",
           "log a glass of water, as set in settings", keep=OFTEN,
           palette="Log a glass of water"),
    Action("app.log_walk", ("home",), "app.log_walk", "w", "Walked",
           "log a walk (ends the current sitting bout)", keep=OFTEN, palette="Log a walk"),
    Action("app.checkin", ("home",), "app.checkin", "i", "Check-in",
           "check-in: water, minerals, foods, supplements, notes", keep=SOMETIMES,
           palette="Check-in"),
    Action("app.triage", ("home",), "app.triage", "t", "Triage",
           "triage: a quick, safety-first check of your symptoms", keep=MAIN,
           palette="Triage"),
    Action("app.routines", ("home",), "app.routines", "r", "Routines",
           "routines: guided toe exercises and massage", keep=SOMETIMES, palette="Routines"),
    Action("app.history", ("home",), "app.history", "h", "History",
           "history: calendar, trends, streaks; open a day to edit, delete or undo", keep=RARELY,
           palette="History"),
    Action("app.log_episode", ("home",), "app.log_episode", "e", "Spasm",
           "log a spasm in two keys (then Enter); Tab for toes, how long and a note", keep=OFTEN,
           palette="Log a spasm"),
    Action("app.pause", ("home",), "app.pause_reminders", "p", "Pause",
           "pause walking-break reminders for an hour (again: resume)", keep=RARELY,
           palette="Pause reminders for an hour (or resume)"),
    Action("app.pause_until_tomorrow", ("home",), "app.pause_until_tomorrow", "",
           "Pause until tomorrow", "no reminders until the next work day",
           palette="Pause reminders until tomorrow"),
    Action("app.step_away", ("home",), "app.step_away", "a", "Step away",
           "step away from the desk: no reminders until your next key here", show=False,
           palette="Step away (or I'm back)"),
    Action("app.settings", ("home",), "app.settings", "s", "Settings",
           "settings: units, targets, reminders, region", show=False, palette="Settings"),
    # -- check-in ----------------------------------------------------------------------------
    Action("checkin.amount", ("checkin",), "focus_amount", "a", "Amount",
           "type an amount (the form)"),
    Action("checkin.glass", ("checkin",), "glass", "g", "Log a glass", "log a glass of water",
           keep=OFTEN, palette="Log a glass of water"),
    Action("checkin.bottle", ("checkin",), "bottle", "b", "Log a bottle",
           "log a bottle of water (the size is in settings)", keep=OFTEN,
           palette="Log a bottle of water"),
    Action("checkin.delete", ("checkin",), "delete", "d", "Delete entry",
           "delete the chosen entry", keep=RARELY, palette="Delete the chosen entry"),
    Action("checkin.edit", ("checkin",), "edit", "e", "Edit entry", "edit the chosen entry",
           keep=RARELY, palette="Edit the chosen entry"),
    Action("checkin.undo", ("checkin",), "undo", "u", "Undo",
           "undo the last change (an entry added, edited or deleted)", keep=SOMETIMES,
           palette="Undo the last change"),
    Action("checkin.back", ("checkin",), "app.pop_screen", "escape", "Back",
           "back to the dashboard", keep=OFTEN),
    # -- log a spasm ------------------------------------------------------------------------
    Action("episode.save", ("episode",), "save", "enter", "Save", "save the spasm", keep=MAIN),
    Action("episode.left", ("episode",), "foot('left')", "l", "Left", "left foot"),
    Action("episode.right", ("episode",), "foot('right')", "r", "Right", "right foot"),
    Action("episode.both", ("episode",), "foot('both')", "b", "Both", "both feet"),
    Action("episode.during", ("episode",), "next_during", "d", "During",
           "what you were doing (press again for the next)"),
    Action("episode.rescue", ("episode",), "rescue", "c", "Cramp rescue",
           "save, then cramp rescue now", keep=ALWAYS),
    Action("episode.cancel", ("episode",), "cancel", "escape", "Cancel", "close, saving nothing",
           keep=OFTEN),
    *_severities(),
    # -- the walking-break reminder -----------------------------------------------------------
    Action("reminder.walked", ("reminder",), "answer('walked')", "w", "Walked",
           "I am going for a walk", keep=MAIN),
    Action("reminder.seated", ("reminder",), "answer('seated')", "s", "Seated routine",
           "the 2-minute seated routine instead", keep=OFTEN),
    Action("reminder.snooze10", ("reminder",), "answer('snooze10')", "z", "Snooze 10",
           "remind me in 10 minutes", keep=SOMETIMES),
    Action("reminder.snooze5", ("reminder",), "answer('snooze5')", "5", "Snooze 5",
           "remind me in 5 minutes", show=False),
    Action("reminder.pause", ("reminder",), "answer('pause')", "p", "Pause an hour",
           "no reminders for an hour (this one closes)", keep=SOMETIMES),
    Action("reminder.skip", ("reminder",), "answer('skip')", "k", "Skip", "skip this one",
           keep=SOMETIMES),
    Action("reminder.escape", ("reminder",), "answer('skip')", "escape", "Skip",
           "skip this one", show=False),
    # -- cramp rescue -----------------------------------------------------------------------
    Action("rescue.eased", ("rescue",), "eased", "e", "It has eased",
           "the cramp has eased: close and log it", keep=MAIN),
    Action("rescue.close", ("rescue",), "eased", "escape", "Close", "the same: close and log it",
           show=False),
    # -- routines and the player ------------------------------------------------------------
    Action("routines.restore", ("routines",), "restore", "o", "Bring back",
           "bring back the exercises of this routine left out after \"it hurts\"",
           keep=RARELY, palette="Bring back exercises left out"),
    Action("routines.back", ("routines",), "app.pop_screen", "escape", "Back",
           "back to the dashboard", keep=SOMETIMES),
    Action("player.pause", ("player",), "toggle_pause", "space", "Pause/resume",
           "pause or resume (and start, once the cautions are read)", keep=MAIN,
           palette="Pause or resume"),
    Action("player.skip", ("player",), "skip_item", "s", "Next", "on to the next exercise",
           keep=MAIN, palette="Next exercise"),
    Action("player.skip_phase", ("player",), "skip", "S", "Next phase",
           "skip this hold or rest only", show=False, palette="Skip this hold or rest"),
    Action("player.hurt", ("player",), "hurt", "h", "It hurts",
           "it hurts: stop this exercise, say where and how much (kept in your diary)",
           keep=MAIN, palette="It hurts"),
    Action("player.easy", ("player",), "easy", "e", "Too easy",
           "too easy: remembered, the dose steps up next time", keep=SOMETIMES,
           palette="Too easy"),
    Action("player.triage", ("player",), "app.triage", "t", "Triage",
           "the triage, a safety-first check of your symptoms (the routine pauses)",
           show=False),
    Action("player.help", ("player",), "player_help", "question_mark", "Help",
           "the player's keys (the routine pauses)", keep=ALWAYS),
    Action("player.back", ("player",), "back", "b", "Back", "back one step", keep=SOMETIMES,
           palette="Back one step"),
    Action("player.stop", ("player",), "stop", "x", "Stop", "stop the routine (it is saved)",
           keep=SOMETIMES, palette="Stop the routine"),
    Action("player.bell", ("player",), "toggle_bell", "m", "Bell on/off",
           "a bell on each change", keep=RARELY, palette="Bell on or off"),
    Action("player.cautions", ("player",), "toggle_cautions", "k", "Cautions",
           "show or hide this exercise's cautions", keep=SOMETIMES,
           palette="Show or hide the cautions"),
    Action("player.close", ("player",), "leave", "escape", "Close",
           "close (stops the routine first)", keep=OFTEN),
    Action("player-hurt.cancel", ("player-hurt",), "cancel", "escape", "Cancel",
           "close, logging nothing (the routine stays paused)", keep=OFTEN),
    Action("player-help.close", ("player-help",), "close", "escape,question_mark", "Close",
           "close the player's keys", keep=OFTEN),
    # -- triage ------------------------------------------------------------------------------
    Action("triage.start", ("triage-start",), "start", "enter", "Start triage",
           "start the questions", keep=MAIN),
    Action("triage.back", ("triage-start",), "app.pop_screen", "escape", "Back",
           "back to the dashboard", keep=OFTEN),
    Action("triage.next", ("triage-warning",), "next", "enter", "Next",
           "go on, once every warning sign is answered", keep=MAIN),
    # The screen's header says to press it: it outlasts the answer keys as the footer narrows.
    Action("triage.result", ("triage-context",), "result", "r", "See result",
           "see the result (any question left is skipped)", keep=SCROLL, palette="See the result"),
    Action("triage.cancel", ("triage-warning", "triage-context"), "app.pop_screen", "escape",
           "Cancel", "stop the triage (nothing is saved)", keep=OFTEN),
    Action("triage.yes", ("triage-question",), "answer('yes')", "y", "Yes", "yes", keep=MAIN),
    Action("triage.no", ("triage-question",), "answer('no')", "n", "No", "no", keep=MAIN),
    Action("triage.unsure", ("triage-question",), "answer('unsure')", "u", "Not sure",
           "not sure (counts as yes, to be safe)", keep=MAIN),
    Action("triage.clear", ("triage-question",), "answer('clear')", "backspace", "Clear",
           "clear the answer", show=False),
    Action("triage.apply", ("triage-result",), "apply_plan", "a", "Apply plan",
           "apply the self-care plan (reminders, routines, check-ins)", keep=MAIN,
           palette="Apply this plan"),
    Action("triage.done", ("triage-result",), "app.pop_screen", "escape", "Done",
           "back to the dashboard", keep=OFTEN),
    # -- history -----------------------------------------------------------------------------
    Action("history.back", ("history",), "app.pop_screen", "escape", "Back",
           "back to the dashboard", keep=OFTEN),
    Action("calendar.left", ("calendar",), "move(-7)", "left", "Week back", "move a week",
           show=False, group="move", group_keys="arrows"),
    Action("calendar.right", ("calendar",), "move(7)", "right", "Week on", "move a week",
           show=False, group="move", group_keys="arrows"),
    Action("calendar.up", ("calendar",), "move(-1)", "up", "Day back", "move a day",
           show=False, group="move", group_keys="arrows"),
    Action("calendar.down", ("calendar",), "move(1)", "down", "Day on", "move a day",
           show=False, group="move", group_keys="arrows"),
    Action("calendar.open", ("calendar",), "open_day", "enter", "Open day",
           "open the day: every entry, to edit or delete", keep=MAIN),
    Action("calendar.metric", ("calendar",), "next_metric", "m", "Metric",
           "show the next habit (walks, routines, water, minerals, spasms)", keep=SOMETIMES),
    Action("day.delete", ("day",), "delete", "d", "Delete", "delete the chosen entry",
           keep=OFTEN, palette="Delete the chosen entry"),
    Action("day.edit", ("day",), "edit", "e", "Edit", "edit the chosen entry", keep=OFTEN,
           palette="Edit the chosen entry"),
    Action("day.undo", ("day",), "undo", "u", "Undo",
           "undo the last change (an entry added, edited or deleted)", keep=OFTEN,
           palette="Undo the last change"),
    Action("day.rest", ("day",), "toggle_rest", "r", "Rest day",
           "mark the day as a rest day (a streak never breaks on one), or take it back",
           keep=SOMETIMES, palette="Rest day on or off"),
    Action("day.back", ("day",), "close", "escape", "Back", "back to the calendar", keep=OFTEN),
    Action("edit.cancel", ("edit",), "cancel", "escape", "Cancel", "close, changing nothing",
           keep=OFTEN),
    # -- settings, setup, help ---------------------------------------------------------------
    Action("settings.save", ("settings",), "save", "ctrl+s", "Save", "save the settings",
           keep=MAIN, palette="Save the settings"),
    Action("settings.cancel", ("settings",), "app.pop_screen", "escape", "Cancel",
           "close, changing nothing", keep=OFTEN),
    Action("setup.save", ("setup",), "save", "ctrl+s", "Accept and save",
           "accept the statement and save your choices", keep=MAIN),
    Action("setup.skip", ("setup",), "skip", "ctrl+k", "Skip setup",
           "skip setup (defaults apply; change them later in settings)", keep=OFTEN),
    Action("setup.escape", ("setup",), "skip", "escape", "Skip setup", "the same: skip setup",
           show=False),
    # Every screen and dialog: shown in the footer only while the screen's body does not fit
    # (screens.base.footer_bindings), so nothing is below the fold without its key in sight.
    Action(MORE, ("scroll",), "scroll_more", "pagedown", "More",
           "scroll down to what is below (PgUp scrolls back)", show=False, keep=SCROLL),
    Action("help.back", ("help",), "app.pop_screen", "escape", "Back", "close the help",
           keep=OFTEN),
    # Quitting during a routine asks first; the quit key again quits (the modal looks for the
    # app's quit keys itself: a modal screen does not see the app's bindings).
    Action("quit-confirm.cancel", ("quit-confirm",), "keep_going", "escape", "Keep going",
           "keep going with the routine", keep=MAIN),
)  # fmt: skip

BY_ID: dict[str, Action] = {action.id: action for action in ACTIONS}

# How a few keys are written, on screen and in the footer alike: "Press Enter to start"
# reads better than "Press ⏎ to start".
KEY_NAMES = {"enter": "Enter", "escape": "Esc", "space": "Space", "backspace": "Backspace"}


def bindings_for(scope: str) -> list[BindingType]:
    """A screen's (or the App's) ``BINDINGS``, in the table's order."""
    return [
        Binding(
            a.keys, a.action, a.title, show=a.show, priority=a.priority, tooltip=a.help, id=a.id
        )  # fmt: skip
        for a in ACTIONS
        if scope in a.scopes and a.keys
    ]


# The App's actions a modal dialog offers too: Textual gives a modal screen none of the App's
# bindings, and cramp rescue, help and quit must work from every dialog.
APP_WIDE = ("app.cramp_rescue", "app.help", "app.quit", "app.cramp_rescue_alt", "app.help_alt")


def modal_bindings_for(scope: str) -> list[BindingType]:
    """A modal dialog's ``BINDINGS``: its own, then the app-wide ones whose keys it does not
    use itself (the spasm dialog's ``c`` saves first, then opens cramp rescue)."""
    own = bindings_for(scope)
    taken = {key.strip() for b in own if isinstance(b, Binding) for key in b.key.split(",")}
    return own + [
        Binding(a.keys, f"app.{a.action}", a.title, show=a.show, tooltip=a.help, id=a.id)
        for a in (BY_ID[i] for i in APP_WIDE)
        if a.keys not in taken and scope not in a.hidden_in
    ]


# Footer swaps while a text field has focus: the letter is typed there, Ctrl+R and F1 are not.
ALT_SWAPS = {"app.cramp_rescue": "app.cramp_rescue_alt", "app.help": "app.help_alt"}


def text_field_footer(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """While a free-text field has focus: the footer names Ctrl+R and F1 for cramp rescue and
    help instead of ``c`` and ``?``, which that field takes as text."""
    swapped = set(ALT_SWAPS) | set(ALT_SWAPS.values())
    out = {}
    for key, active in bindings.items():
        if active.binding.id in swapped:
            show = active.binding.id in ALT_SWAPS.values()
            active = active._replace(binding=replace(active.binding, show=show))
        out[key] = active
    return out


def in_scope(action: Action, scope: str | None) -> bool:
    """Offered on a screen of ``scope``: its own actions and the app-wide ones."""
    if scope in action.hidden_in:
        return False
    return "app" in action.scopes or (scope is not None and scope in action.scopes)


def keymap_clashes(keymap: Mapping[str, str]) -> list[str]:
    """Where ``[keymap]`` gives one key to two actions offered on the same screen, in words:
    the screen's binding then shadows the App's (``q`` remapped to Glass leaves Quit with no
    key on the dashboard), and Textual reports only clashes within one node."""

    def keys_of(action: Action) -> set[str]:
        keys = keymap.get(action.id) or action.keys
        return {key.strip() for key in keys.split(",") if key.strip()}

    said: list[str] = []
    for scope in sorted({scope for action in ACTIONS for scope in action.scopes}):
        offered = [a for a in ACTIONS if in_scope(a, scope)]
        for remapped in (a for a in offered if a.id in keymap):
            for other in offered:
                shared = sorted(keys_of(remapped) & keys_of(other))
                if other is remapped or not shared:
                    continue
                line = (f"config.toml [keymap]: {shared[0]} is both {remapped.title!r} and "
                        f"{other.title!r}; give one of them another key")  # fmt: skip
                if line not in said:
                    said.append(line)
    return said


def palette_actions(scope: str | None) -> list[Action]:
    return [a for a in ACTIONS if a.palette and in_scope(a, scope)]


def hidden_on(action_name: str, scope: str | None) -> bool:
    """Whether an App action is switched off on a screen of ``scope``."""
    return any(
        scope in a.hidden_in for a in ACTIONS if "app" in a.scopes and a.action == action_name
    )


def lookup(name: str) -> Action:
    """An action by binding id (``app.triage``), or by its action name (``triage``)."""
    if name in BY_ID:
        return BY_ID[name]
    for action in ACTIONS:
        if action.action in (name, f"app.{name}"):
            return action
    raise KeyError(name)


def _keymap(app: App[Any]) -> Mapping[str, str]:
    # Textual keeps the keymap set by App.set_keymap() here; it has no public getter.
    keymap = getattr(app, "_keymap", None)
    return keymap if isinstance(keymap, Mapping) else {}


def action_keys(app: App[Any], name: str) -> list[str]:
    """The keys that run an action now (its defaults, or what ``[keymap]`` gave it)."""
    action = lookup(name)
    keys = _keymap(app).get(action.id) or action.keys
    return [key.strip() for key in keys.split(",") if key.strip()]


def key_hint(app: App[Any], name: str) -> str:
    """The key to name in on-screen text for an action, shown as the footer shows it.

    ``name`` is a binding id (``"app.triage"``) or an action name (``"triage"``). A key
    remapped through ``[keymap]`` is the key named.
    """
    action = lookup(name)
    keys = action_keys(app, name)
    if not keys:
        return action.title
    return app.get_key_display(Binding(keys[0], action.action, action.title, id=action.id))


def group_hint(app: App[Any], group: str) -> str:
    """The keys of a group of actions (severities 0-9, the arrows), for text."""
    members = [a for a in ACTIONS if a.group == group]
    keymap = _keymap(app)
    if not any(a.id in keymap for a in members):
        return members[0].group_keys
    return ",".join(key_hint(app, a.id) for a in members)


def describe_key(app: App[Any], binding: Binding) -> str | None:
    """The app's key display (``App.get_key_display``): a few keys spelled as words."""
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    if not modifiers and key in KEY_NAMES:
        return KEY_NAMES[key]
    return None


def help_sections(app: App[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen's key table: (scope title, [(keys, what they do)]), keys as they are now."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    for scope, title in SCOPES.items():
        rows: list[tuple[str, str]] = []
        groups_done: set[str] = set()
        for action in ACTIONS:
            if scope not in action.scopes or not action.keys or action.id == "app.interrupt":
                continue
            if action.group:
                if action.group in groups_done:
                    continue
                groups_done.add(action.group)
                rows.append((group_hint(app, action.group), action.help))
                continue
            keys = ",".join(
                app.get_key_display(Binding(key, action.action, id=action.id))
                for key in action_keys(app, action.id)
            )
            rows.append((keys, action.help or action.title))
        if scope == "app":
            palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette")
            rows.append((app.get_key_display(palette), "command palette: every action, themes"))
        if rows:
            sections.append((title, rows))
    return sections


# -- the footer on a narrow terminal -----------------------------------------------------------

# How the footer (widgets/footer.py) draws a key, and so what room it takes: one definition
# for the drawing and for fit_footer's budget.
PALETTE_BAR = "▏"


def footer_key_text(display: str, description: str) -> tuple[str, str]:
    """A key in the footer: " k " then "Label " (the key alone when it has no label)."""
    return f" {display} ", f"{description} " if description else ""


def footer_palette_text(display: str, description: str) -> tuple[str, str]:
    """The palette key on the right, behind ``PALETTE_BAR``: "^p" then " palette "."""
    return display, f" {description} "


def _cells(parts: tuple[str, str]) -> int:
    return cell_len(parts[0]) + cell_len(parts[1])


def _keep(binding: Binding) -> int:
    action = BY_ID.get(binding.id or "")
    return action.keep if action is not None else 1


def fit_footer(
    app: App[Any], bindings: dict[str, ActiveBinding], width: int
) -> dict[str, ActiveBinding]:
    """``bindings`` with the least needed ones marked ``show=False`` until the footer fits in
    ``width`` cells, so the keys that must always be there (``keep=ALWAYS``) are never the ones
    scrolled off the edge. The footer shows one key per action; the rest stay reachable through
    the command palette and the help screen."""
    if width <= 0:
        return bindings
    shown: dict[str, tuple[int, int]] = {}  # action -> (cells, keep), in footer order
    for key, active in bindings.items():
        binding = active.binding
        if not binding.show or binding.action in shown:
            continue
        if key == app.COMMAND_PALETTE_BINDING:
            continue
        cells = _cells(footer_key_text(app.get_key_display(binding), binding.description))
        shown[binding.action] = (cells, _keep(binding))
    budget = width
    palette = bindings.get(app.COMMAND_PALETTE_BINDING)
    if palette is not None and app.ENABLE_COMMAND_PALETTE and width >= PALETTE_KEY_MIN_WIDTH:
        display = app.get_key_display(palette.binding)
        budget -= cell_len(PALETTE_BAR) + _cells(
            footer_palette_text(display, palette.binding.description)
        )
    total = sum(cells for cells, _ in shown.values())
    if total <= budget:
        return bindings
    hidden: set[str] = set()
    # Least needed first; among equals, the one furthest right goes first.
    order = sorted(enumerate(shown.items()), key=lambda item: (item[1][1][1], -item[0]))
    for _, (action, (cells, _keep_level)) in order:
        if total <= budget:
            break
        hidden.add(action)
        total -= cells
    return {
        key: active._replace(binding=replace(active.binding, show=False))
        if active.binding.action in hidden
        else active
        for key, active in bindings.items()
    }
