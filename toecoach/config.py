"""Settings from ``config.toml`` (see the interfaces spec for every key and default).

Reading uses the standard library's ``tomllib`` (fast, no extra import on the CLI's hot
path). Writing goes through ``tomlkit`` so comments the user wrote survive.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toecoach.domain.intake import TargetProfile, Units

REGIONS = {"uk": "999", "us": "911", "eu": "112"}
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
OVERRIDE_KEYS = {
    "water_ml": "water",
    "calcium_mg": "calcium",
    "magnesium_mg": "magnesium",
    "potassium_mg": "potassium",
    "vitamin_d_iu": "vitamin_d",
}
NOTIFICATION_BACKENDS = ("desktop", "terminal")
# [ui] theme: "dark", "light", or the name of a Textual theme chosen in the command palette
# ("nord", "gruvbox"...); the app falls back to dark for a name it does not know.
# A key as Textual names it: "w", "W", "f2", "question_mark", "ctrl+shift+up", or one
# printable character ("?", which Textual reads as question_mark). Anything else (an empty
# part, a control character, "ctrl c") could never be pressed.
KEY_NAME = re.compile(
    r"(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z][a-z0-9_]+|[^\s,\x00-\x1f\x7f-\x9f])"
)
THEME_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class ConfigError(ValueError):
    """config.toml is invalid; the message names the file, the line and the key."""


@dataclass(frozen=True)
class BreakSettings:
    enabled: bool = True
    interval_minutes: int = 30
    walk_minutes: int = 5
    away_minutes: int = 5
    work_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    work_hours: str = "09:00-18:00"


@dataclass(frozen=True)
class Settings:
    units: str = "metric"
    region: str = "uk"
    sex: str = "unset"
    age: int | None = None
    fluid_restriction: bool = False
    kidney_disease: bool = False
    glass_ml: float = 250.0
    bottle_ml: float = 500.0
    overrides: dict[str, float] = field(default_factory=dict)
    breaks: BreakSettings = field(default_factory=BreakSettings)
    notification_backends: tuple[str, ...] = NOTIFICATION_BACKENDS
    theme: str = "dark"
    keymap: dict[str, str] = field(default_factory=dict)
    explicit: frozenset[str] = frozenset()  # dotted keys the file sets, for the effective plan
    exists: bool = False

    @property
    def unit_system(self) -> Units:
        """How water amounts are shown and bare water numbers read: "metric" or "us"."""
        return "us" if self.units == "us" else "metric"

    @property
    def emergency_number(self) -> str:
        return REGIONS[self.region]

    def target_profile(self) -> TargetProfile:
        return TargetProfile(
            sex=self.sex,  # type: ignore[arg-type]
            age=self.age,
            fluid_restriction=self.fluid_restriction,
            kidney_disease=self.kidney_disease,
            overrides=dict(self.overrides),
        )


def _line_of(text: str, section: str | None, key: str) -> int | None:
    """Best-effort line number of ``key`` inside ``[section]`` (tomllib gives no positions)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[([^\[\]]+)\]", stripped)
        if header:
            current = header.group(1).strip()
            continue
        if current == section and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
        if section is None and current is None and re.match(rf"^{re.escape(key)}\s*=", stripped):
            return number
    return None


class _Reader:
    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path, self.text, self.data = path, text, data
        self.explicit: set[str] = set()

    def fail(self, section: str | None, key: str, message: str) -> ConfigError:
        line = _line_of(self.text, section, key)
        dotted = f"{section}.{key}" if section else key
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigError(f"{where}: {dotted} {message}")

    def table(self, section: str) -> dict[str, Any]:
        value = self.data.get(section, {})
        if not isinstance(value, dict):
            raise self.fail(None, section, "must be a table like [" + section + "]")
        return value

    def get(self, section: str | None, key: str, default: Any) -> Any:
        source = self.data if section is None else self.table(section)
        if key in source:
            self.explicit.add(f"{section}.{key}" if section else key)
            return source[key]
        return default

    def choice(self, section: str | None, key: str, default: str, allowed: tuple[str, ...]) -> str:
        value = self.get(section, key, default)
        if value not in allowed:
            raise self.fail(
                section, key, f"is {value!r}; expected one of {', '.join(map(repr, allowed))}"
            )
        return str(value)

    def boolean(self, section: str, key: str, default: bool) -> bool:
        value = self.get(section, key, default)
        if not isinstance(value, bool):
            raise self.fail(section, key, f"is {value!r}; expected true or false")
        return value

    def integer(
        self, section: str, key: str, default: int | None, low: int, high: int
    ) -> int | None:
        value = self.get(section, key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                section, key, f"is {value!r}; expected a whole number from {low} to {high}"
            )
        return value

    def number(self, section: str, key: str, default: float, low: float, high: float) -> float:
        value = self.get(section, key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise self.fail(
                section, key, f"is {value!r}; expected a number from {low:g} to {high:g}"
            )
        return float(value)


def _check_unknown(reader: _Reader, section: str | None, known: set[str]) -> None:
    source = reader.data if section is None else reader.table(section)
    for key in source:
        if key not in known:
            raise reader.fail(
                section, key, f"is not a known setting; known: {', '.join(sorted(known))}"
            )


def parse_settings(text: str, path: Path) -> Settings:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ConfigError(f"{path}: is nested too deeply to be toecoach settings") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    r = _Reader(path, text, data)
    _check_unknown(
        r, None,
        {"units", "region", "profile", "health", "intake", "breaks", "notifications", "ui", "keymap"},
    )  # fmt: skip
    _check_unknown(r, "profile", {"sex", "age"})
    _check_unknown(r, "health", {"fluid_restriction", "kidney_disease"})
    _check_unknown(r, "intake", {"glass_ml", "bottle_ml", *OVERRIDE_KEYS})
    _check_unknown(
        r, "breaks",
        {"enabled", "interval_minutes", "walk_minutes", "away_minutes", "work_days", "work_hours"},
    )  # fmt: skip
    _check_unknown(r, "notifications", {"backends"})
    _check_unknown(r, "ui", {"theme"})

    overrides: dict[str, float] = {}
    for key, nutrient in OVERRIDE_KEYS.items():
        if key in r.table("intake"):
            overrides[nutrient] = r.number("intake", key, 0, 1, 100000)

    work_days = r.get("breaks", "work_days", list(BreakSettings.work_days))
    if not isinstance(work_days, list) or any(d not in DAY_NAMES for d in work_days):
        raise r.fail(
            "breaks", "work_days", f"is {work_days!r}; expected a list of {', '.join(DAY_NAMES)}"
        )
    work_hours = r.get("breaks", "work_hours", BreakSettings.work_hours)
    problem = work_hours_problem(work_hours)
    if problem:
        raise r.fail("breaks", "work_hours", problem)
    backends = r.get("notifications", "backends", list(NOTIFICATION_BACKENDS))
    if not isinstance(backends, list) or any(b not in NOTIFICATION_BACKENDS for b in backends):
        raise r.fail(
            "notifications", "backends", f"is {backends!r}; expected a list of desktop, terminal"
        )
    theme = r.get("ui", "theme", "dark")
    if not isinstance(theme, str) or not THEME_NAME.fullmatch(theme):
        raise r.fail("ui", "theme", f'is {theme!r}; expected "dark", "light" or a theme name')
    keymap = r.table("keymap")
    for key, value in keymap.items():
        keys = [k.strip() for k in value.split(",")] if isinstance(value, str) else [""]
        if not all(KEY_NAME.fullmatch(k) for k in keys):
            raise r.fail("keymap", key, f'is {value!r}; expected keys like "ctrl+w" or "w,f2"')
        if "ctrl+c" in keys:
            raise r.fail("keymap", key, "is ctrl+c, which always quits toecoach; choose another")
    breaks = BreakSettings(
        enabled=r.boolean("breaks", "enabled", True),
        interval_minutes=r.integer("breaks", "interval_minutes", 30, 20, 60) or 30,
        walk_minutes=r.integer("breaks", "walk_minutes", 5, 1, 30) or 5,
        away_minutes=r.integer("breaks", "away_minutes", 5, 1, 60) or 5,
        work_days=tuple(work_days),
        work_hours=str(work_hours),
    )
    return Settings(
        units=r.choice(None, "units", "metric", ("metric", "us")),
        region=r.choice(None, "region", "uk", tuple(REGIONS)),
        sex=r.choice("profile", "sex", "unset", ("female", "male", "unset")),
        age=r.integer("profile", "age", None, 19, 120),  # adult reference values start at 19
        fluid_restriction=r.boolean("health", "fluid_restriction", False),
        kidney_disease=r.boolean("health", "kidney_disease", False),
        glass_ml=r.number("intake", "glass_ml", 250, 50, 1000),
        bottle_ml=r.number("intake", "bottle_ml", 500, 100, 3000),
        overrides=overrides,
        breaks=breaks,
        notification_backends=tuple(backends),
        theme=theme,
        keymap={str(k): str(v) for k, v in keymap.items()},
        explicit=frozenset(r.explicit),
        exists=True,
    )


def load_settings(path: Path) -> Settings:
    """Settings from ``path``; defaults when it does not exist. Raises ``ConfigError``."""
    from toecoach.files import MAX_CONFIG_BYTES, read_regular

    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not UTF-8 text") from None
    return parse_settings(text, path)


WORK_HOURS = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)")


def work_hours_problem(value: object) -> str | None:
    """What is wrong with a ``[breaks] work_hours`` value, or None: config.toml and the
    settings form say it alike. The end may be 24:00 (midnight at the end of the day), never
    later; an end before the start is a night shift ("22:00-06:00" ends the next morning)."""
    if isinstance(value, str) and WORK_HOURS.fullmatch(value):
        start, end = value.split("-")
        if start != end:
            return None
    return (
        f"is {value!r}; expected HH:MM-HH:MM, different times (an end before the start means "
        "past midnight, as in 22:00-06:00)"
    )


def write_settings(path: Path, values: dict[str, Any]) -> Settings:
    """Set keys (``"breaks.interval_minutes"``) in config.toml, keeping the user's comments
    and layout (tomlkit). The result is validated before it replaces the file."""
    import tomlkit

    from toecoach.paths import ensure_private_dir
    from toecoach.storage.atomic import atomic_write_bytes

    ensure_private_dir(path.parent)
    from toecoach.files import MAX_CONFIG_BYTES, read_regular

    try:
        existing = read_regular(path, MAX_CONFIG_BYTES).decode("utf-8")
    except FileNotFoundError:
        existing = None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{path}: cannot be read: {getattr(error, 'strerror', None) or error}"
        ) from None
    # Not TOML at all (changed by hand while the app was open): say so, as for any bad
    # config, and leave the file as it is. (A valid TOML file with a bad value may be being
    # fixed by these very values: the result is checked below.)
    try:
        document = tomlkit.parse(existing) if existing is not None else tomlkit.document()
    except tomlkit.exceptions.TOMLKitError as error:
        raise ConfigError(f"{path}: {error}") from None
    for dotted_key, value in values.items():
        *sections, key = dotted_key.split(".")
        table: Any = document
        for section in sections:
            if section not in table:
                table[section] = tomlkit.table()
            table = table[section]
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
    text = tomlkit.dumps(document)
    settings = parse_settings(text, path)  # never write a file we would refuse to read
    atomic_write_bytes(path, text.encode("utf-8"))
    return settings
