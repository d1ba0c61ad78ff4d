"""The settings a person chooses at first run and edits later, as one form.

Saving writes only what the person changed (``changed_values``): a value the form cannot
show exactly (``age = 45`` shown as the 31-50 band, an interval of 35 minutes) is never
rewritten by saving the screen untouched.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, RadioSet, Select, Static

from toecoach.config import DAY_NAMES, Settings, work_hours_problem
from toecoach.domain.intake import BOTTLE_SIZES_ML, GLASS_SIZES_ML, water_text
from toecoach.domain.text import plural
from toecoach.ui.text import literal
from toecoach.ui.widgets.choice import Choice, Tick

AGE_BANDS: list[tuple[str, int | None]] = [
    ("not set", None), ("19-30", 25), ("31-50", 40), ("51-70", 60), ("71 or over", 75),
]  # fmt: skip
INTERVALS = (20, 25, 30, 35, 40, 45, 50, 60)


def _band_for(age: int | None) -> int:
    if age is None:
        return 0
    for index, (_, middle) in enumerate(AGE_BANDS[1:], start=1):
        if middle is not None and age <= {25: 30, 40: 50, 60: 70, 75: 200}[middle]:
            return index
    return len(AGE_BANDS) - 1


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _choices(standard: tuple[int, ...], current: float) -> list[int | float]:
    """The standard sizes, and the one in force if it is not among them."""
    return sorted({*standard, _number(current)})


def glass_choices(settings: Settings) -> list[int | float]:
    return _choices(GLASS_SIZES_ML, settings.glass_ml)


def form_values(settings: Settings) -> dict[str, Any]:
    """What the form shows for ``settings``, keyed as ``values()`` returns them."""
    return {
        "units": settings.units,
        "profile.sex": settings.sex,
        "profile.age": AGE_BANDS[_band_for(settings.age)][1],
        "health.fluid_restriction": settings.fluid_restriction,
        "health.kidney_disease": settings.kidney_disease,
        "breaks.work_days": [d for d in DAY_NAMES if d in settings.breaks.work_days],
        "breaks.work_hours": settings.breaks.work_hours,
        "breaks.interval_minutes": settings.breaks.interval_minutes,
        "intake.glass_ml": _number(settings.glass_ml),
        "intake.bottle_ml": _number(settings.bottle_ml),
        "region": settings.region,
    }


class SettingsForm(Vertical):
    DEFAULT_CSS = """
    SettingsForm { height: auto; padding: 0 1; }
    SettingsForm Label { margin: 1 0 0 0; text-style: bold; }
    SettingsForm RadioSet { width: auto; }
    SettingsForm Input { width: 20; }
    SettingsForm Select { width: 24; }
    /* Seven days in rows of four: in one row "sun" was cut off at 80 columns. */
    SettingsForm #work-days { layout: grid; grid-size: 4; grid-columns: 14; height: auto; }
    SettingsForm #work-days Checkbox { width: 100%; }
    SettingsForm #form-error, SettingsForm .field-error { color: $error; }
    SettingsForm .field-error { display: none; }
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        units = s.unit_system
        yield Label("Units")
        with RadioSet(id="units"):
            yield Choice("metric (ml, mg)", value=s.units == "metric")
            yield Choice("US (fl oz for drinks)", value=s.units == "us")
        yield Label("Profile, for your daily targets")
        with RadioSet(id="sex"):
            for choice in ("female", "male", "unset"):
                yield Choice(
                    choice if choice != "unset" else "rather not say", value=s.sex == choice
                )
        band = _band_for(s.age)
        with RadioSet(id="age"):
            for index, (label, _) in enumerate(AGE_BANDS):
                yield Choice(f"age {label}", value=index == band)
        yield Label("Your care team's advice comes first")
        yield Tick("my clinician limits my fluids", value=s.fluid_restriction, id="fluid")
        yield Tick("I have kidney disease", value=s.kidney_disease, id="kidney")
        yield Label("Drinks")
        yield Static(Text("a glass (g) and a bottle (b in check-in)"))
        yield Select([(water_text(ml, units), ml) for ml in glass_choices(s)],
                     value=_number(s.glass_ml), allow_blank=False, id="glass")  # fmt: skip
        yield Select([(water_text(ml, units), ml) for ml in _choices(BOTTLE_SIZES_ML, s.bottle_ml)],
                     value=_number(s.bottle_ml), allow_blank=False, id="bottle")  # fmt: skip
        yield Label("Walking-break reminders")
        yield Static(Text("work days"))
        with Horizontal(id="work-days"):
            for day in DAY_NAMES:
                yield Tick(day, value=day in s.breaks.work_days, id=f"work-{day}")
        yield Static(Text("work hours (HH:MM-HH:MM; 22:00-06:00 for a night shift) and minutes "
                          "of sitting before a reminder"))  # fmt: skip
        yield Input(value=s.breaks.work_hours, id="work-hours")
        yield Static("", id="work-hours-error", classes="field-error")
        interval = s.breaks.interval_minutes
        yield Select([(plural(m, "minute"), m) for m in sorted({*INTERVALS, interval})],
                     value=interval, allow_blank=False, id="interval")  # fmt: skip
        yield Label("Emergency number")
        with RadioSet(id="region"):
            for region, label in (("uk", "UK 999"), ("us", "US 911"), ("eu", "EU 112")):
                yield Choice(label, value=s.region == region)
        yield Static("", id="form-error")

    def values(self) -> dict[str, Any]:
        def pressed(set_id: str) -> int:
            index = self.query_one(f"#{set_id}", RadioSet).pressed_index
            return max(0, index)

        return {
            "units": ("metric", "us")[pressed("units")],
            "profile.sex": ("female", "male", "unset")[pressed("sex")],
            "profile.age": AGE_BANDS[pressed("age")][1],
            "health.fluid_restriction": self.query_one("#fluid", Checkbox).value,
            "health.kidney_disease": self.query_one("#kidney", Checkbox).value,
            "breaks.work_days": [
                d for d in DAY_NAMES if self.query_one(f"#work-{d}", Checkbox).value
            ],
            "breaks.work_hours": self.query_one("#work-hours", Input).value.strip(),
            "breaks.interval_minutes": int(self.query_one("#interval", Select).value),  # type: ignore[arg-type]
            "intake.glass_ml": self.query_one("#glass", Select).value,
            "intake.bottle_ml": self.query_one("#bottle", Select).value,
            "region": ("uk", "us", "eu")[pressed("region")],
        }

    def changed_values(self) -> dict[str, Any]:
        """Only what the person changed on the form: the rest of config.toml stays as it is."""
        shown = form_values(self.settings)
        return {key: value for key, value in self.values().items() if shown.get(key) != value}

    def field_problem(self) -> bool:
        """Check what was typed (work hours; every other field is a choice) and say what is
        wrong beside the field, focused and scrolled into view. True: there was a problem."""
        field = self.query_one("#work-hours", Input)
        problem = work_hours_problem(field.value.strip())
        error = self.query_one("#work-hours-error", Static)
        error.update(literal(f"Work hours {problem}" if problem else ""))
        error.display = problem is not None
        if problem:
            field.focus()
            error.scroll_visible()
        return problem is not None

    def show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(literal(message))
        error.scroll_visible()
