"""Pure tests of amounts, units, foods and targets (clinical brief section 5)."""

from __future__ import annotations

import pytest

from toecoach.domain.errors import InputError
from toecoach.domain.intake import (
    FOODS_BY_ID,
    TargetProfile,
    find_food,
    food_nutrients,
    parse_amount,
    summarize_day,
    targets_for,
)


@pytest.mark.parametrize(
    ("nutrient", "text", "expected"),
    [
        ("water", "250", 250.0),
        ("water", "250ml", 250.0),
        ("water", "0.5 l", 500.0),
        ("water", "0.5L", 500.0),
        ("water", "1 cup", 236.6),
        ("water", "8 oz", 236.6),
        ("water", "1 glass", 250.0),
        ("calcium", "1.2 g", 1200.0),
        ("magnesium", "300mg", 300.0),
        ("vitamin_d", "1000", 1000.0),
        ("vitamin_d", "25 mcg", 1000.0),
        ("vitamin_d", "25µg", 1000.0),
        ("vitamin_d", "10 ug", 400.0),
    ],
)
def test_amounts_convert_to_canonical_units(nutrient: str, text: str, expected: float) -> None:
    amount = parse_amount(nutrient, text)
    assert amount.value == pytest.approx(expected)
    assert amount.typed == text


def test_us_units_make_bare_water_numbers_fluid_ounces() -> None:
    assert parse_amount("water", "8", units="us").value == pytest.approx(236.6)


def test_glass_size_comes_from_settings() -> None:
    assert parse_amount("water", "2 glass", glass_ml=300).value == 600


@pytest.mark.parametrize(
    "text", ["", " ", "0", "-5", "nan", "inf", "1e400", "abc", "5 kg", "250 mll", "6 l", "5001"]
)
def test_bad_water_amounts_are_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_amount("water", text)
    assert caught.value.field == "AMOUNT"


def test_caps_per_entry() -> None:
    parse_amount("calcium", "10 g")
    with pytest.raises(InputError):
        parse_amount("calcium", "10.1 g")
    parse_amount("vitamin_d", "100000")
    with pytest.raises(InputError):
        parse_amount("vitamin_d", "100001")


def test_targets_for_unset_profile_match_the_interfaces_example() -> None:
    targets = targets_for(TargetProfile())
    assert {k: t.target for k, t in targets.items()} == {
        "water": 2200, "calcium": 1000, "magnesium": 320, "potassium": 2600, "vitamin_d": 600,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("sex", "age", "calcium", "calcium_ul", "magnesium", "potassium", "vitamin_d", "water"),
    [
        ("male", 25, 1000, 2500, 400, 3400, 600, 3000),
        ("male", 45, 1000, 2500, 420, 3400, 600, 3000),
        ("male", 75, 1200, 2000, 420, 3400, 800, 3000),
        ("female", 25, 1000, 2500, 310, 2600, 600, 2200),
        ("female", 55, 1200, 2000, 320, 2600, 600, 2200),
        ("female", 72, 1200, 2000, 320, 2600, 800, 2200),
    ],
)
def test_targets_by_sex_and_age(
    sex: str, age: int, calcium: int, calcium_ul: int, magnesium: int, potassium: int,
    vitamin_d: int, water: int,
) -> None:  # fmt: skip
    t = targets_for(TargetProfile(sex=sex, age=age))  # type: ignore[arg-type]
    assert t["calcium"].target == calcium and t["calcium"].upper_limit == calcium_ul
    assert t["magnesium"].target == magnesium
    assert t["potassium"].target == potassium
    assert t["vitamin_d"].target == vitamin_d and t["vitamin_d"].upper_limit == 4000
    assert t["water"].target == water


def test_opt_outs_remove_targets() -> None:
    fluid = targets_for(TargetProfile(fluid_restriction=True, overrides={"water": 2500}))
    assert fluid["water"].target is None and fluid["potassium"].target == 2600
    kidney = targets_for(TargetProfile(kidney_disease=True))
    assert kidney["water"].target is None and kidney["potassium"].target is None


def test_overrides_replace_targets() -> None:
    assert targets_for(TargetProfile(overrides={"water": 2500}))["water"].target == 2500


def test_spinach_gives_no_calcium_credit() -> None:
    assert "calcium" not in food_nutrients(find_food("cooked spinach"), 1)


def test_food_values_are_the_briefs() -> None:
    assert dict(FOODS_BY_ID["milk"].nutrients) == {
        "calcium": 305,
        "magnesium": 27,
        "potassium": 366,
    }
    assert dict(FOODS_BY_ID["yogurt"].nutrients) == {
        "calcium": 448,
        "magnesium": 45,
        "potassium": 531,
    }
    assert dict(FOODS_BY_ID["banana"].nutrients) == {"magnesium": 30, "potassium": 422}
    assert dict(FOODS_BY_ID["almonds"].nutrients) == {"magnesium": 80}


def _rec(source: str = "food", **nutrients: float) -> dict[str, object]:
    return {"nutrients": nutrients, "source": source}


def test_water_is_never_rewarded_above_target() -> None:
    day = summarize_day([_rec("drink", water=3000)], TargetProfile())
    water = day["water"]
    assert water.status == "reached"
    assert water.percent == 100
    assert any("no benefit" in w for w in water.warnings)


def test_warnings_for_upper_limits() -> None:
    day = summarize_day(
        [_rec("supplement", magnesium=400), _rec("supplement", vitamin_d=5000), _rec(calcium=2600)],
        TargetProfile(age=40),
    )
    assert day["magnesium"].status == "over_limit" and day["magnesium"].from_supplements == 400
    assert day["vitamin_d"].status == "over_limit"
    assert day["calcium"].status == "over_limit"


def test_magnesium_from_food_has_no_limit() -> None:
    day = summarize_day([_rec(magnesium=900)], TargetProfile())
    assert day["magnesium"].status == "reached" and not day["magnesium"].warnings


def test_removed_target_reports_null_and_care_team() -> None:
    day = summarize_day([_rec("drink", water=500)], TargetProfile(fluid_restriction=True))
    as_json = day["water"].to_json()
    assert as_json["target"] is None and as_json["percent"] is None
    assert "care team" in as_json["warnings"][0]
