"""The settings a person chooses at first run and edits later, as one form."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

from toecoach.config import Settings

AGE_BANDS: list[tuple[str, int | None]] = [
    ("not set", None), ("19-30", 25), ("31-50", 40), ("51-70", 60), ("71 or over", 75),
]  # fmt: skip


def _band_for(age: int | None) -> int:
    if age is None:
        return 0
    for index, (_, middle) in enumerate(AGE_BANDS[1:], start=1):
        if middle is not None and age <= {25: 30, 40: 50, 60: 70, 75: 200}[middle]:
            return index
    return len(AGE_BANDS) - 1


class SettingsForm(Vertical):
    DEFAULT_CSS = """
    SettingsForm { height: auto; padding: 0 1; }
    SettingsForm Label { margin: 1 0 0 0; text-style: bold; }
    SettingsForm RadioSet { width: auto; }
    SettingsForm Input { width: 20; }
    SettingsForm Select { width: 20; }
    SettingsForm #form-error { color: $error; }
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        s = self.settings
        yield Label("Units")
        with RadioSet(id="units"):
            yield RadioButton("metric (ml, mg)", value=s.units == "metric")
            yield RadioButton("US (fl oz for drinks)", value=s.units == "us")
        yield Label("Profile, for your daily targets")
        with RadioSet(id="sex"):
            for choice in ("female", "male", "unset"):
                yield RadioButton(
                    choice if choice != "unset" else "rather not say", value=s.sex == choice
                )
        band = _band_for(s.age)
        with RadioSet(id="age"):
            for index, (label, _) in enumerate(AGE_BANDS):
                yield RadioButton(f"age {label}", value=index == band)
        yield Label("Your care team's advice comes first")
        yield Checkbox("my clinician limits my fluids", value=s.fluid_restriction, id="fluid")
        yield Checkbox("I have kidney disease", value=s.kidney_disease, id="kidney")
        yield Label("Walking-break reminders")
        yield Static(Text("work hours (HH:MM-HH:MM) and minutes of sitting before a reminder"))
        yield Input(value=s.breaks.work_hours, id="work-hours")
        yield Select([(f"{m} minutes", m) for m in (20, 25, 30, 40, 45, 50, 60)],
                     value=s.breaks.interval_minutes if s.breaks.interval_minutes in (20, 25, 30, 40, 45, 50, 60) else 30,
                     allow_blank=False, id="interval")  # fmt: skip
        yield Label("Emergency number")
        with RadioSet(id="region"):
            for region, label in (("uk", "UK 999"), ("us", "US 911"), ("eu", "EU 112")):
                yield RadioButton(label, value=s.region == region)
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
            "breaks.work_hours": self.query_one("#work-hours", Input).value.strip(),
            "breaks.interval_minutes": int(self.query_one("#interval", Select).value),  # type: ignore[arg-type]
            "region": ("uk", "us", "eu")[pressed("region")],
        }

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(message))
