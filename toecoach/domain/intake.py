"""Hydration and mineral check-ins: amounts, units, foods, targets and the daily summary.

Pure: no I/O, no clock. Reference values are from the clinical brief, section 5
(sources S75-S93); the units and the water targets are fixed by the interfaces spec.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from toecoach.domain.errors import InputError
from toecoach.domain.text import check_text

NUTRIENTS: tuple[str, ...] = ("water", "calcium", "magnesium", "potassium", "vitamin_d")
MINERALS: tuple[str, ...] = ("calcium", "magnesium", "potassium")
CANONICAL_UNIT: dict[str, str] = {
    "water": "ml",
    "calcium": "mg",
    "magnesium": "mg",
    "potassium": "mg",
    "vitamin_d": "IU",
}
LABEL: dict[str, str] = {
    "water": "Water",
    "calcium": "Calcium",
    "magnesium": "Magnesium",
    "potassium": "Potassium",
    "vitamin_d": "Vitamin D",
}
# The same names inside a sentence ("a vitamin D supplement"): never LABEL[...].lower().
IN_TEXT: dict[str, str] = {**{n: label.lower() for n, label in LABEL.items()},
                           "vitamin_d": "vitamin D"}  # fmt: skip
# Per-entry sanity caps (canonical units): anything above is a typo, not a drink.
ENTRY_CAP: dict[str, float] = {
    "water": 5000.0,
    "calcium": 10000.0,
    "magnesium": 10000.0,
    "potassium": 10000.0,
    "vitamin_d": 100000.0,
}
CAP_TEXT: dict[str, str] = {
    "water": "5 l",
    "calcium": "10 g",
    "magnesium": "10 g",
    "potassium": "10 g",
    "vitamin_d": "100,000 IU",
}

# The glass and bottle sizes the app offers (settings and the palette alike); a size set in
# config.toml that is not here is offered too.
GLASS_SIZES_ML: tuple[int, ...] = (150, 200, 250, 300, 330, 350, 400, 500)
BOTTLE_SIZES_ML: tuple[int, ...] = (330, 500, 750, 1000, 1500)
US_CUP_ML = 236.6
US_FL_OZ_ML = 29.57
IU_PER_MICROGRAM = 40.0  # brief 5.1, [S89]
MAGNESIUM_SUPPLEMENT_LIMIT_MG = 350.0  # from supplements/medicines only [S83]
VITAMIN_D_UPPER_LIMIT_IU = 4000.0  # [S88]
NOTE_MAX_CHARS = 500

Units = Literal["metric", "us"]
Sex = Literal["female", "male", "unset"]
Status = Literal["below", "reached", "over_limit", "no_target"]

_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*([^\d\s.][^\s]*)?\s*$")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?")


# The value types here are NamedTuples, not dataclasses: this module is imported before the
# app's first frame, and a frozen dataclass costs about six times as much to create.
class Amount(NamedTuple):
    nutrient: str
    value: float  # canonical unit
    typed: str  # exactly what the user typed


def _unit_factors(
    nutrient: str, units: Units, glass_ml: float, bottle_ml: float = 500.0
) -> tuple[dict[str, float], str]:
    """Accepted unit spellings (lower case) -> factor to canonical, and the help text."""
    if nutrient == "water":
        factors = {
            "ml": 1.0,
            "cl": 10.0,
            "dl": 100.0,
            "l": 1000.0,
            "oz": US_FL_OZ_ML,
            "floz": US_FL_OZ_ML,
            "cup": US_CUP_ML,
            "cups": US_CUP_ML,
            "glass": glass_ml,
            "glasses": glass_ml,
            "bottle": bottle_ml,
            "bottles": bottle_ml,
        }
        default = "US fl oz" if units == "us" else "ml"
        factors[""] = US_FL_OZ_ML if units == "us" else 1.0
        return factors, (
            f"a number in {default}, or with ml, cl, dl, l, oz (US fl oz), cup (US), glass or "
            "bottle (a decimal comma is fine: 1,5 l)"
        )
    if nutrient in MINERALS:
        return {"": 1.0, "mg": 1.0, "g": 1000.0}, "a number in mg, or with mg or g"
    if nutrient == "vitamin_d":
        mcg = IU_PER_MICROGRAM
        return (
            {"": 1.0, "iu": 1.0, "mcg": mcg, "ug": mcg, "µg": mcg, "μg": mcg},
            "a number in IU, or with IU or mcg/ug/µg (1 µg = 40 IU)",
        )
    raise InputError("NUTRIENT", f"{nutrient!r} is not one of {', '.join(NUTRIENTS)}")


def unit_words(nutrient: str, units: Units = "metric") -> tuple[str, ...]:
    """The unit spellings an amount of ``nutrient`` may be written with (lower case)."""
    return tuple(u for u in _unit_factors(nutrient, units, 250.0)[0] if u)


_DECIMAL_COMMA = re.compile(r"^(\s*)(\d+),(\d+)(?![\d,.])")


def _decimal_point(text: str, accepted: str) -> str:
    """``1,5 l`` -> ``1.5 l``. ``1,500`` is refused: a thousands separator or a decimal
    comma, a thousandfold apart, and toecoach will not guess which."""
    match = _DECIMAL_COMMA.match(text)
    if not match:
        return text
    whole, fraction = match.group(2), match.group(3)
    if len(fraction) == 3 and whole.strip("0"):
        raise InputError(
            "AMOUNT",
            f"{text.strip()!r} is ambiguous: write {whole}{fraction} or "
            f"{whole}.{fraction.rstrip('0') or '0'} "
            f"(no thousands separator); expected {accepted}",
        )
    return f"{match.group(1)}{whole}.{fraction}{text[match.end() :]}"


def parse_amount(
    nutrient: str,
    text: str,
    *,
    units: Units = "metric",
    glass_ml: float = 250.0,
    bottle_ml: float = 500.0,
) -> Amount:
    """Parse what the user typed (``250``, ``250ml``, ``0.5 l``, ``1,5 l``, ``2 glass``,
    ``1 bottle``) into canonical units. The record keeps ``text`` as typed."""
    factors, accepted = _unit_factors(nutrient, units, glass_ml, bottle_ml)
    field_name = "AMOUNT"
    if not text.strip():
        raise InputError(field_name, f"is empty; expected {accepted}")
    normal = _decimal_point(text, accepted)
    match = _AMOUNT.match(normal)
    if not match:
        raise InputError(field_name, f"{text!r} is not an amount; expected {accepted}")
    number_match = _NUMBER.match(normal)
    assert number_match is not None
    number = float(number_match.group(0))
    unit = (match.group(2) or "").lower().replace(" ", "")
    if unit not in factors:
        raise InputError(
            field_name, f"unit {match.group(2)!r} is not accepted; expected {accepted}"
        )
    if not math.isfinite(number) or number <= 0:
        raise InputError(field_name, f"{text!r} must be a positive amount; expected {accepted}")
    value = round(number * factors[unit], 1)
    if not math.isfinite(value) or value <= 0:
        raise InputError(field_name, f"{text!r} is too small to record; expected {accepted}")
    if value > ENTRY_CAP[nutrient]:
        # In the units the amount was read in: "200" with US units is 200 fl oz.
        us_water = nutrient == "water" and units == "us"
        cap = water_text(ENTRY_CAP[nutrient], units) if us_water else CAP_TEXT[nutrient]
        raise InputError(field_name, f"{text!r} is more than one entry can hold ({cap} at most)")
    return Amount(nutrient=nutrient, value=value, typed=text)


def validate_note(note: str | None) -> str | None:
    if note is None:
        return None
    check_text(note, "--note")
    if len(note) > NOTE_MAX_CHARS:
        raise InputError("--note", f"is {len(note)} characters; {NOTE_MAX_CHARS} at most")
    return note


# -- foods (brief 5.2; values vary by product, examples only) ------------------------------


class Food(NamedTuple):
    id: str
    name: str
    serving: str
    nutrients: Mapping[str, float]
    sources: tuple[str, ...]
    note: str = ""


FOODS: tuple[Food, ...] = (
    Food("milk", "Milk, low-fat 1%", "1 cup",
         {"calcium": 305, "magnesium": 27, "potassium": 366}, ("S90", "S92", "S91", "S94"),
         "potassium approximate"),
    Food("yogurt", "Yogurt, plain low-fat", "8 oz",
         {"calcium": 448, "magnesium": 45, "potassium": 531}, ("S90", "S92", "S91")),
    Food("banana", "Banana", "1 medium", {"magnesium": 30, "potassium": 422}, ("S92", "S91")),
    Food("almonds", "Almonds, dry-roasted", "1 oz", {"magnesium": 80}, ("S92",)),
    Food("spinach", "Spinach, cooked", "1/2 cup", {"magnesium": 75}, ("S92", "S93"),
         "its calcium is poorly absorbed, so it is not counted"),
)  # fmt: skip
FOODS_BY_ID: dict[str, Food] = {food.id: food for food in FOODS}
FOOD_ALIASES: dict[str, str] = {
    "yoghurt": "yogurt",
    "cooked-spinach": "spinach",
    "cooked spinach": "spinach",
    "almond": "almonds",
    "bananas": "banana",
}
MAX_SERVINGS = 20.0


def find_food(name: str) -> Food:
    check_text(name, "NAME")
    key = name.strip().lower()
    key = FOOD_ALIASES.get(key, key)
    if key not in FOODS_BY_ID:
        raise InputError(
            "NAME", f"{name!r} is not in the food table; one of {', '.join(FOODS_BY_ID)}"
        )
    return FOODS_BY_ID[key]


def parse_servings(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError("--servings", f"{text!r} is not a number; expected 0.25 to 20") from None
    if not math.isfinite(value) or value < 0.25 or value > MAX_SERVINGS:
        raise InputError("--servings", f"{text!r} is out of range; expected 0.25 to 20")
    return value


def food_nutrients(food: Food, servings: float) -> dict[str, float]:
    return {k: round(v * servings, 1) for k, v in food.nutrients.items()}


# -- targets (brief 5.1) -------------------------------------------------------------------


class TargetProfile(NamedTuple):
    sex: Sex = "unset"
    age: int | None = None
    fluid_restriction: bool = False
    kidney_disease: bool = False
    overrides: Mapping[str, float] = MappingProxyType({})  # nutrient id -> target
    # From the latest stored triage (triage spec v2, "What a stored result changes"):
    pregnant: bool = False


# (first day, profile), oldest first: from that local day on, days are judged by that profile.
ProfileChanges = tuple[tuple[date, TargetProfile], ...]


def profile_on(before: TargetProfile, changes: ProfileChanges, day: date) -> TargetProfile:
    """The profile a day is judged by: the last change on or before it, else ``before``."""
    found = before
    for start, profile in changes:
        if start > day:
            break
        found = profile
    return found


class Target(NamedTuple):
    target: float | None  # None: removed, follow the care team
    upper_limit: float | None  # total intake UL (calcium, vitamin D)
    removed_reason: str = ""


CARE_TEAM = "follow your care team's advice"
MIDWIFE = "ask your midwife about how much you need"

# Where a day's mineral came from. "unspecified" (a bare amount, no --food or --supplement) is
# added to the total and also counts toward the supplement limits: safety first.
SUPPLEMENT_SOURCES = frozenset({"supplement", "unspecified"})
# Water below its target: the target is a reference intake, not "more is better" (brief
# section 2: over-drinking to prevent cramps has caused harm [S37]; 5.1: pale-yellow urine [S77]).
WATER_REFERENCE_NOTE = (
    "Water is a reference amount, not a goal to beat: pale-yellow urine is a simple check."
)
WATER_CAUTION_FACTOR = 2  # past twice the reference intake, a caution (over-drinking [S120])


def targets_for(profile: TargetProfile) -> dict[str, Target]:
    """Daily targets for adults; an unset sex uses the lower (female) reference values."""
    male = profile.sex == "male"
    age = profile.age
    # Age unknown: the adult middle band, with the lower (earlier-warning) calcium limit.
    older_calcium = age is not None and (age >= 71 if male else age >= 51)
    calcium = 1200.0 if older_calcium else 1000.0
    calcium_ul = 2500.0 if (age is not None and age <= 50) else 2000.0
    young = age is not None and age <= 30
    magnesium = (400.0 if young else 420.0) if male else (310.0 if young else 320.0)
    vitamin_d = 800.0 if (age is not None and age >= 71) else 600.0
    targets: dict[str, Target] = {
        "water": Target(3000.0 if male else 2200.0, None),
        "calcium": Target(calcium, calcium_ul),
        "magnesium": Target(magnesium, None),
        "potassium": Target(3400.0 if male else 2600.0, None),
        "vitamin_d": Target(vitamin_d, VITAMIN_D_UPPER_LIMIT_IU),
    }
    for nutrient, value in profile.overrides.items():
        if nutrient in targets:
            targets[nutrient] = Target(float(value), targets[nutrient].upper_limit)
    if profile.fluid_restriction or profile.kidney_disease:
        targets["water"] = Target(None, None, CARE_TEAM)
    if profile.kidney_disease:
        targets["potassium"] = Target(None, None, CARE_TEAM)
    if profile.pregnant:
        # Needs differ in pregnancy: no intake target or percentage anywhere (upper limits stay,
        # as warnings).
        targets = {k: Target(None, t.upper_limit, MIDWIFE) for k, t in targets.items()}
    return targets


# -- the day -------------------------------------------------------------------------------


class NutrientDay(NamedTuple):
    nutrient: str
    total: float
    unit: str
    target: float | None
    percent: int | None
    status: Status
    warnings: tuple[str, ...]
    from_supplements: float = 0.0
    note: str = ""  # why there is no target (care team, midwife)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "total": json_amount(self.total),
            "unit": self.unit,
            "target": json_amount(self.target) if self.target is not None else None,
            "percent": self.percent,
            "status": self.status,
            "warnings": list(self.warnings),
        }
        if self.nutrient != "water":
            # Supplements plus amounts logged without a source (interfaces v2).
            out["from_supplements"] = json_amount(self.from_supplements)
        if self.note:
            out["note"] = self.note
        return out


def json_amount(value: float) -> int | float:
    """An amount as JSON and the screens give it: whole as an int, else to one decimal
    (today --json and history --json alike)."""
    rounded = round(value)
    return int(rounded) if abs(value - rounded) < 0.05 else round(value, 1)


def record_nutrients(record: Mapping[str, Any]) -> dict[str, float]:
    raw = record.get("nutrients", {})
    if type(raw) is not dict and not isinstance(raw, Mapping):  # the ABC check is slow
        return {}
    return {k: float(v) for k, v in raw.items() if k in NUTRIENTS and isinstance(v, (int, float))}


class IntakeSums(NamedTuple):
    """One day's intake added up: all a day's summary needs of its records (history keeps
    these for settled months instead of the records)."""

    totals: Mapping[str, float]
    supplements: Mapping[str, float]  # supplements and amounts logged without a source
    explicit_supplements: Mapping[str, float]  # logged as a supplement


def sum_intake(records: Iterable[Mapping[str, Any]]) -> IntakeSums:
    totals = dict.fromkeys(NUTRIENTS, 0.0)
    supplements = dict.fromkeys(NUTRIENTS, 0.0)
    explicit_supplements = dict.fromkeys(NUTRIENTS, 0.0)
    for record in records:
        for nutrient, value in record_nutrients(record).items():
            totals[nutrient] += value
            if record.get("source") in SUPPLEMENT_SOURCES and not record.get("food"):
                supplements[nutrient] += value
            if record.get("source") == "supplement":
                explicit_supplements[nutrient] += value
    return IntakeSums(totals, supplements, explicit_supplements)


def summarize_day(
    records: Iterable[Mapping[str, Any]],
    profile: TargetProfile,
    targets: Mapping[str, Target] | None = None,
) -> dict[str, NutrientDay]:
    """Totals, targets, percentages, statuses and warnings for one day's intake records.
    ``targets``: ``targets_for(profile)`` when the caller already has it (history sums
    thousands of days with one profile)."""
    return summarize_sums(sum_intake(records), profile, targets)


def nutrient_status(
    nutrient: str, total: float, supplements: float, explicit_supplements: float, target: Target
) -> tuple[Status, int | None]:
    """One nutrient's status for a day and its percent of the target: the one rule behind
    the dashboard, ``today`` and every day history judges. ``total`` is rounded to 0.1;
    ``supplements`` counts amounts logged without a source too."""
    # A supplement never makes a target look met: the share counts food and drinks (and
    # amounts logged without a source), not what came from a supplement.
    counted = max(0.0, total - explicit_supplements)
    if target.target is None:
        percent, reached = None, False
    else:
        percent = round(counted / target.target * 100) if target.target > 0 else 0
        reached = counted >= target.target
        if nutrient == "water" and reached:
            percent = min(percent, 100)  # reaching the water target is the end, not a score
    if (target.upper_limit is not None and total > target.upper_limit) or (
        nutrient == "magnesium" and supplements > MAGNESIUM_SUPPLEMENT_LIMIT_MG
    ):
        return "over_limit", percent
    if target.target is None:
        return "no_target", percent
    return ("reached" if reached else "below"), percent


def summarize_sums(
    sums: IntakeSums, profile: TargetProfile, targets: Mapping[str, Target] | None = None
) -> dict[str, NutrientDay]:
    """As ``summarize_day``, from a day's sums."""
    totals, supplements = sums.totals, sums.supplements
    explicit_supplements = sums.explicit_supplements
    targets = targets or targets_for(profile)
    summary: dict[str, NutrientDay] = {}
    for nutrient in NUTRIENTS:
        total = round(totals[nutrient], 1)
        target = targets[nutrient]
        warnings: list[str] = []
        status, percent = nutrient_status(
            nutrient, total, supplements[nutrient], explicit_supplements[nutrient], target
        )
        counted = max(0.0, total - explicit_supplements[nutrient])
        reached = target.target is not None and counted >= target.target
        if target.target is None:
            warnings.append(f"No {IN_TEXT[nutrient]} target: {target.removed_reason}.")
        if target.upper_limit is not None and total > target.upper_limit:
            warnings.append(
                f"Over the upper limit of {target.upper_limit:,.0f} {CANONICAL_UNIT[nutrient]} a "
                "day: talk to a pharmacist or doctor before taking more."
            )
        if nutrient == "magnesium" and supplements[nutrient] > MAGNESIUM_SUPPLEMENT_LIMIT_MG:
            warnings.append(
                f"Over {MAGNESIUM_SUPPLEMENT_LIMIT_MG:.0f} mg of magnesium from supplements "
                "(or amounts logged without saying food or supplement) today, the upper limit "
                "for supplements: talk to a pharmacist or doctor."
            )
        if nutrient == "potassium" and explicit_supplements[nutrient] > 0:
            # Potassium supplements can be dangerous with kidney disease or some heart and
            # blood-pressure medicines [S115][S116].
            warnings.append(
                "Take potassium supplements only if a doctor prescribed them: they can be "
                "dangerous with kidney disease and with some heart and blood-pressure medicines."
            )
        if (
            profile.kidney_disease
            and nutrient in ("magnesium", "potassium")
            and explicit_supplements[nutrient] > 0
        ):
            # With kidney disease, non-food magnesium or potassium can build up [S83][S115].
            warnings.append(
                f"With kidney disease, a {IN_TEXT[nutrient]} supplement can build up in "
                "the blood: take one only if your care team prescribed it."
            )
        if nutrient == "water" and reached and target.target is not None:
            # Over-drinking is a real harm [S37]: reaching the target is the end, not a score.
            if total > WATER_CAUTION_FACTOR * target.target:
                warnings.append(
                    "That is over twice the reference amount. Drinking far more than you need "
                    "can be harmful: pale-yellow urine is the check."
                )
            else:
                warnings.append(
                    "Reference amount reached. There is no benefit in drinking more than you need."
                )
        summary[nutrient] = NutrientDay(
            nutrient=nutrient,
            total=total,
            unit=CANONICAL_UNIT[nutrient],
            target=target.target,
            percent=percent,
            status=status,
            warnings=tuple(warnings),
            from_supplements=round(supplements[nutrient], 1),
            note=target.removed_reason if target.target is None else "",
        )
    return summary


def water_text(ml: float, units: Units = "metric") -> str:
    """A water amount as a person reads it: ``250 ml``, or ``8.5 fl oz`` with US units
    (interfaces v2: every water amount shown; JSON stays in ml)."""
    if units == "us":
        ounces = round(ml / US_FL_OZ_ML, 1)
        return f"{ounces:g} fl oz" if ounces < 1e6 else f"{ounces:.0f} fl oz"
    return f"{json_amount(ml)} ml"


def amount_text(nutrient: str, value: float, units: Units = "metric") -> str:
    """Any nutrient amount for a person: water in their units, the rest canonical."""
    if nutrient == "water":
        return water_text(value, units)
    return f"{json_amount(value)} {CANONICAL_UNIT[nutrient]}"


# -- supplements and upper limits, for the report ------------------------------------------


def supplement_amounts(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """nutrient -> {"supplement" | "unspecified": amount} for one day's records (amounts that
    count toward the supplement limits)."""
    out: dict[str, dict[str, float]] = {}
    for record in records:
        source = str(record.get("source"))
        if source not in SUPPLEMENT_SOURCES or record.get("food"):
            continue
        for nutrient, value in record_nutrients(record).items():
            if nutrient == "water":
                continue
            by_source = out.setdefault(nutrient, {})
            by_source[source] = round(by_source.get(source, 0.0) + value, 1)
    return out


def upper_limit_texts(profile: TargetProfile) -> dict[str, str]:
    """nutrient -> the upper limit a day over it went past, in words (status ``over_limit``)."""
    targets = targets_for(profile)
    texts = {
        nutrient: f"{IN_TEXT[nutrient]} over {target.upper_limit:,.0f} "
        f"{CANONICAL_UNIT[nutrient]} a day (all sources)"
        for nutrient, target in targets.items()
        if target.upper_limit is not None
    }
    texts["magnesium"] = (
        f"magnesium over {MAGNESIUM_SUPPLEMENT_LIMIT_MG:.0f} mg a day from supplements "
        "(and amounts logged without a source)"
    )
    return texts


def describe_record(record: Mapping[str, Any], units: Units = "metric") -> str:
    """One line for a check-in, e.g. ``water 250 ml`` (``water 8.5 fl oz`` with US units)."""
    if record.get("food"):
        servings = record.get("servings")
        # null reads as absent (as the record checks read it): one serving. Quarters show
        # as they were logged (x0.25, not x0.2).
        amount = 1.0 if servings is None else round(float(servings), 2)
        parts = ", ".join(
            f"{IN_TEXT[k]} {json_amount(v)} {CANONICAL_UNIT[k]}"
            for k, v in record_nutrients(record).items()
        )
        return f"food {record['food']} x{amount:g} ({parts or 'no minerals counted'})"
    nutrients = record_nutrients(record)
    if not nutrients:
        return str(record.get("kind", "entry"))
    nutrient, value = next(iter(nutrients.items()))
    source = {"supplement": " (supplement)", "unspecified": " (source not given)"}.get(
        str(record.get("source")), ""
    )
    return f"{IN_TEXT[nutrient]} {amount_text(nutrient, value, units)}{source}"
