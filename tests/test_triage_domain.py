"""Tests for toecoach.domain.triage against shared/specs/triage.md and the clinical brief."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toecoach.domain import triage
from toecoach.domain.triage import (
    DISCLAIMER,
    FACTOR_IDS,
    FACTOR_INFO,
    LOCK_TAGS,
    QUESTIONS,
    QUESTIONS_BY_ID,
    ROUTINE_IDS,
    ROUTINE_TAGS,
    RULES,
    RULES_BY_ID,
    TIERS,
    Answer,
    TriageResult,
    all_advice,
    all_source_ids_used,
    emergency_box,
    evaluate,
    not_checked_text,
    routine_blocked_by,
    tier_headline,
    tier_rank,
    validate_answers,
)

# --------------------------------------------------------------------------------------------
# Shared documents
# --------------------------------------------------------------------------------------------


def _shared(relative: str) -> Path | None:
    for base in (Path(__file__).resolve().parents[2] / "shared", Path("/work/shared")):
        candidate = base / relative
        if candidate.is_file():
            return candidate
    return None


BRIEF_PATH = _shared("content/clinical-brief.md")
SPEC_PATH = _shared("specs/triage.md")
INTERFACES_PATH = _shared("specs/interfaces.md")


@pytest.fixture(scope="module")
def brief_source_ids() -> set[str]:
    if BRIEF_PATH is None:
        pytest.skip("shared/content/clinical-brief.md not found next to the repo or in /work")
    ids = set(re.findall(r"^- (S\d+[a-z]?) —", BRIEF_PATH.read_text(encoding="utf-8"), re.M))
    assert len(ids) > 50, "could not parse the brief's source list (section 8)"
    return ids


@pytest.fixture(scope="module")
def spec_text() -> str:
    if SPEC_PATH is None:
        pytest.skip("shared/specs/triage.md not found next to the repo or in /work")
    return SPEC_PATH.read_text(encoding="utf-8")


def _section(text: str, start: str, end: str) -> str:
    begin = text.index(start)
    stop = text.index(end, begin)
    return text[begin:stop]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

REQUIRED_IDS = [q.id for q in QUESTIONS if q.required]
OPTIONAL_IDS = [q.id for q in QUESTIONS if not q.required]
YESNO_IDS = [q.id for q in QUESTIONS if q.kind == "yesno"]
REQUIRED_YESNO_IDS = [q.id for q in QUESTIONS if q.required and q.kind == "yesno"]
EXPECTED_TIER = {"E": "emergency", "U": "urgent", "S": "soon"}


def base(**extra: Answer) -> dict[str, Answer]:
    """All required warning signs answered "no", plus ``extra``."""
    answers: dict[str, Answer] = dict.fromkeys(REQUIRED_IDS, False)
    answers.update(extra)
    return answers


def run(**extra: Answer) -> TriageResult:
    return evaluate(base(**extra))


def _answer_strategy(q: triage.Question) -> st.SearchStrategy[Answer]:
    if q.kind == "yesno":
        return st.sampled_from([True, False, "unsure"])
    assert q.min is not None and q.max is not None
    if q.kind == "integer":
        return st.integers(int(q.min), int(q.max))
    return st.integers(int(q.min), int(q.max)) | st.floats(
        q.min, q.max, allow_nan=False, allow_infinity=False
    )


# Any valid, possibly partial, answers document.
partial_answers = st.fixed_dictionaries(
    {}, optional={q.id: _answer_strategy(q) for q in QUESTIONS}
).map(lambda d: dict[str, Answer](d))
# A complete-enough document: every required question answered.
full_answers = st.fixed_dictionaries(
    {q.id: _answer_strategy(q) for q in QUESTIONS if q.required},
    optional={q.id: _answer_strategy(q) for q in QUESTIONS if not q.required},
).map(lambda d: dict[str, Answer](d))


# --------------------------------------------------------------------------------------------
# The contract: ids, order, conditions (parsed from the spec when it is present)
# --------------------------------------------------------------------------------------------


def test_questions_match_spec(spec_text: str) -> None:
    required = _section(spec_text, "### Required", "### Optional")
    optional = _section(spec_text, "### Optional", "## Urgency rules")
    spec_required = re.findall(r"^\| `(\w+)` \|", required, re.M)
    spec_optional = re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", optional, re.M)
    assert spec_required == REQUIRED_IDS
    assert [qid for qid, _ in spec_optional] == OPTIONAL_IDS
    assert [q.id for q in QUESTIONS] == spec_required + OPTIONAL_IDS
    for qid, kind in spec_optional:
        q = QUESTIONS_BY_ID[qid]
        if kind == "yes/no":
            assert q.kind == "yesno"
        else:
            m = re.fullmatch(r"(integer|number) (\d+)-(\d+)", kind)
            assert m, kind
            assert q.kind == m.group(1)
            assert (q.min, q.max) == (int(m.group(2)), int(m.group(3)))
    assert all(QUESTIONS_BY_ID[qid].kind == "yesno" for qid in spec_required)


def _spec_rules(spec_text: str) -> list[tuple[str, str, str]]:
    section = _section(spec_text, "## Urgency rules", "## Contributing factors")
    rules: list[tuple[str, str, str]] = []
    tier = ""
    for line in section.splitlines():
        if line.startswith("Emergency"):
            tier = "emergency"
        elif line.startswith("Urgent"):
            tier = "urgent"
        elif line.startswith("Soon"):
            tier = "soon"
        m = re.match(r"^- `(\w+)`: (.+)$", line)
        if m:
            # Drop the trailing remark: "(the advice ...)" in v1, "(v2 ...)" in v2.
            condition = re.sub(r"\s*\((the advice|v2)\b.*$", "", m.group(2)).replace("`", "")
            rules.append((m.group(1), tier, condition.strip()))
    return rules


def test_rules_match_spec(spec_text: str) -> None:
    spec_rules = _spec_rules(spec_text)
    assert len(spec_rules) == 37
    assert [r.id for r in RULES] == [rid for rid, _, _ in spec_rules]
    for rid, tier, condition in spec_rules:
        rule = RULES_BY_ID[rid]
        assert rule.tier == tier, rid
        assert rule.condition.describe() == condition, rid


def test_factors_match_spec(spec_text: str) -> None:
    section = _section(spec_text, "## Contributing factors", "## Safety locks")
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+?) \|", section, re.M)
    assert list(FACTOR_IDS) == [fid for fid, _ in rows]
    for fid, when in rows:
        assert FACTOR_INFO[fid].condition.describe() == when.replace("`", ""), fid


def test_lock_tags_match_spec(spec_text: str) -> None:
    line = re.search(r"^Lock tags: (.+)$", spec_text, re.M)
    assert line
    assert list(LOCK_TAGS) == re.findall(r"`(\w+)`", line.group(1))


def test_routine_ids_match_interfaces() -> None:
    if INTERFACES_PATH is None:
        pytest.skip("shared/specs/interfaces.md not found")
    text = INTERFACES_PATH.read_text(encoding="utf-8")
    sentence = _section(text, "Shipped routines have these ids:", "A routine may use")
    assert list(ROUTINE_IDS) == re.findall(r"`([a-z0-9-]+)`", sentence)
    assert set(ROUTINE_TAGS) == set(ROUTINE_IDS)
    assert all(set(tags) <= set(LOCK_TAGS) for tags in ROUTINE_TAGS.values())


def test_tiers_and_versions() -> None:
    assert TIERS == ("emergency", "urgent", "soon", "self-care")
    assert [tier_rank(t) for t in TIERS] == [3, 2, 1, 0]
    assert triage.SPEC_VERSION == 2
    assert triage.DISCLAIMER_VERSION == 1
    with pytest.raises(ValueError):
        tier_rank("critical")


def test_questions_are_well_formed() -> None:
    assert len(REQUIRED_IDS) == 18
    assert len(OPTIONAL_IDS) == 25
    assert len(QUESTIONS_BY_ID) == len(QUESTIONS)
    for q in QUESTIONS:
        assert q.text.strip().endswith("?"), q.id
        assert q.short and len(q.short.split()) <= 8, q.id
        if q.kind == "yesno":
            assert q.min is None and q.max is None
        else:
            assert q.min is not None and q.max is not None and q.min < q.max


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------

RULE_CASES: list[tuple[str, dict[str, Answer]]] = [
    ("E1_acute_limb", {"limb_cold_pale_blue": True}),
    ("E2_gangrene", {"toe_black": True}),
    ("E3_chest", {"chest_pain_or_breathless": True}),
    ("E4_stroke", {"stroke_signs": True}),
    ("E5_cauda_equina", {"saddle_or_bladder": True}),
    ("E6_spreading_infection", {"red_hot_skin": True, "fever": True}),
    ("E6_spreading_infection", {"red_hot_skin": True, "very_unwell": True}),
    ("E7_diabetic_foot_infection", {"diabetes": True, "wound_or_sore": True, "fever": True}),
    (
        "E7_diabetic_foot_infection",
        {"diabetes": True, "wound_not_healing": True, "very_unwell": True},
    ),
    ("E8_sudden_weakness", {"sudden_weakness": True}),
    ("E9_sepsis_signs", {"sepsis_signs": True}),
    ("U1_possible_clot", {"calf_swelling_one_side": True}),
    ("U2_joint_infection", {"hot_swollen_joint": True, "fever": True}),
    ("U2_joint_infection", {"hot_swollen_joint": True, "very_unwell": True}),
    ("U3_diabetic_foot", {"diabetes": True, "wound_or_sore": True}),
    ("U3_diabetic_foot", {"diabetes": True, "wound_not_healing": True}),
    ("U3_diabetic_foot", {"diabetes": True, "red_hot_skin": True}),
    ("U3_diabetic_foot", {"diabetes": True, "hot_swollen_joint": True}),
    ("U3_diabetic_foot", {"diabetes": True, "new_loss_of_feeling": True}),
    ("U3_diabetic_foot", {"diabetes": True, "legs_swollen_both": True}),
    ("U4_long_cramp", {"cramp_over_10_min": True}),
    ("U5_tetanus_risk", {"dirty_wound_recent": True}),
    ("U6_cramps_elsewhere", {"cramps_elsewhere": True}),
    ("U7_fluid_loss", {"fluid_loss": True}),
    ("U8_skin_infection", {"red_hot_skin": True}),
    ("U9_infected_wound", {"wound_or_sore": True, "fever": True}),
    ("U10_very_unwell", {"very_unwell": True}),
    ("U11_rest_pain", {"rest_pain": True}),
    ("U12_statin_muscle", {"statin_muscle_symptoms": True}),
    ("U13_pregnancy_warning", {"pregnant": True, "pregnancy_warning_signs": True}),
    ("S1_nerve_symptoms", {"numbness_tingling": True}),
    ("S1_nerve_symptoms", {"new_loss_of_feeling": True}),
    ("S2_gradual_weakness", {"gradual_weakness": True}),
    ("S3_non_healing", {"wound_not_healing": True}),
    ("S4_claudication", {"pain_walking_eases_rest": True}),
    ("S5_medicine", {"new_medicine": True}),
    ("S6_alcohol", {"heavy_alcohol": True}),
    ("S7_possible_gout", {"hot_swollen_joint": True}),
    ("S8_frequent", {"episodes_per_week": 3}),
    ("S8_frequent", {"episodes_per_week": 200}),
    ("S9_disruptive", {"affects_sleep_or_daily_life": True}),
    ("S10_persistent", {"not_improving": True}),
    ("S11_diabetes", {"diabetes": True}),
    ("S12_kidney", {"kidney_disease": True}),
    ("S13_fever", {"fever": True}),
    ("S14_both_legs_swollen", {"legs_swollen_both": True}),
    ("S15_twitching", {"muscle_twitching": True}),
]


def test_every_rule_has_a_case() -> None:
    assert {rid for rid, _ in RULE_CASES} == set(RULES_BY_ID)


def _case_id(case: tuple[str, dict[str, Answer]]) -> str:
    return case[0] + ":" + "+".join(case[1])


@pytest.mark.parametrize("case", RULE_CASES, ids=_case_id)
def test_rule_fires_alone(case: tuple[str, dict[str, Answer]]) -> None:
    rule_id, extra = case
    result = run(**extra)
    expected_tier = EXPECTED_TIER[rule_id[0]]
    assert RULES_BY_ID[rule_id].tier == expected_tier
    assert result.tier == expected_tier
    assert rule_id in result.rule_ids
    reason = next(r for r in result.reasons if r.rule == rule_id)
    assert reason.tier == expected_tier
    assert set(reason.because) == set(extra)
    assert reason.sources


@pytest.mark.parametrize("case", RULE_CASES, ids=_case_id)
def test_rule_fires_on_unsure(case: tuple[str, dict[str, Answer]]) -> None:
    rule_id, extra = case
    unsure = {k: ("unsure" if v is True else v) for k, v in extra.items()}
    result = run(**unsure)
    assert result.tier == EXPECTED_TIER[rule_id[0]]
    assert rule_id in result.rule_ids
    assert set(result.unsure) == {k for k, v in unsure.items() if v == "unsure"}


@pytest.mark.parametrize("case", RULE_CASES, ids=_case_id)
def test_rule_also_fires_on_partial_answers(case: tuple[str, dict[str, Answer]]) -> None:
    rule_id, extra = case
    assert rule_id in evaluate(extra).rule_ids


NOT_FIRING: list[tuple[str, dict[str, Answer]]] = [
    ("E6_spreading_infection", {"red_hot_skin": True}),
    ("E6_spreading_infection", {"fever": True, "very_unwell": True}),
    ("E7_diabetic_foot_infection", {"diabetes": True, "wound_or_sore": True}),
    ("E7_diabetic_foot_infection", {"diabetes": True, "fever": True}),
    ("E7_diabetic_foot_infection", {"wound_or_sore": True, "fever": True}),
    ("E7_diabetic_foot_infection", {"diabetes": True, "red_hot_skin": True, "fever": True}),
    ("U2_joint_infection", {"hot_swollen_joint": True}),
    ("U2_joint_infection", {"fever": True}),
    ("U3_diabetic_foot", {"diabetes": True}),
    ("U3_diabetic_foot", {"diabetes": True, "numbness_tingling": True}),
    ("U3_diabetic_foot", {"wound_or_sore": True, "new_loss_of_feeling": True}),
    ("U9_infected_wound", {"wound_or_sore": True}),
    ("U9_infected_wound", {"wound_or_sore": True, "very_unwell": True}),
    ("U9_infected_wound", {"fever": True}),
    ("S8_frequent", {"episodes_per_week": 2}),
    ("S8_frequent", {"episodes_per_week": 0}),
]


@pytest.mark.parametrize("case", NOT_FIRING, ids=_case_id)
def test_rule_needs_its_whole_condition(case: tuple[str, dict[str, Answer]]) -> None:
    rule_id, extra = case
    assert rule_id not in run(**extra).rule_ids


def test_no_warning_sign_is_self_care() -> None:
    result = run()
    assert result.tier == "self-care"
    assert result.reasons == ()
    assert result.unsure == ()
    assert result.skipped == tuple(OPTIONAL_IDS)


def test_empty_answers_are_self_care() -> None:
    assert evaluate({}).tier == "self-care"


def test_all_reasons_reported_most_severe_first() -> None:
    result = run(
        red_hot_skin=True,
        fever=True,
        episodes_per_week=9,
        calf_swelling_one_side="unsure",
    )
    assert result.tier == "emergency"
    assert result.rule_ids == (
        "E6_spreading_infection",
        "U1_possible_clot",
        "U8_skin_infection",
        "S8_frequent",
        "S13_fever",
    )
    assert result.unsure == ("calf_swelling_one_side",)


def test_unsure_listed_in_question_order() -> None:
    result = run(pregnant="unsure", fever="unsure", numbness_tingling=False)
    assert result.unsure == ("fever", "pregnant")


# --------------------------------------------------------------------------------------------
# Factors
# --------------------------------------------------------------------------------------------

FACTOR_CASES: list[tuple[dict[str, Answer], set[str]]] = [
    ({}, set()),
    ({"sitting_hours": 6}, {"prolonged_sitting"}),
    ({"sitting_hours": 9.5}, {"prolonged_sitting"}),
    ({"sitting_hours": 5.9}, set()),
    ({"tight_or_high_heels": True}, {"footwear"}),
    ({"new_or_intense_activity": True}, {"overuse"}),
    ({"heel_pain_first_steps": True}, {"plantar_fascia"}),
    ({"low_fluid_intake": True}, {"hydration"}),
    ({"low_fluid_intake": True, "kidney_disease": False}, {"hydration"}),
    ({"low_fluid_intake": True, "kidney_disease": True}, set()),
    ({"low_fluid_intake": True, "kidney_disease": "unsure"}, set()),
    ({"low_mineral_diet": True}, {"minerals_diet"}),
    ({"low_mineral_diet": True, "kidney_disease": True}, set()),
    ({"numbness_tingling": True}, {"nerve"}),
    ({"new_loss_of_feeling": True}, {"nerve"}),
    ({"diabetes": True}, {"nerve"}),
    ({"pain_walking_eases_rest": True}, {"circulation"}),
    ({"rest_pain": True}, {"circulation"}),
    ({"limb_cold_pale_blue": True}, {"circulation"}),
    ({"hot_swollen_joint": True}, {"gout_pattern"}),
    ({"known_gout": True}, {"gout_pattern"}),
    ({"new_medicine": True}, {"medicine"}),
    ({"pregnant": True}, {"pregnancy"}),
    ({"pregnant": "unsure"}, {"pregnancy"}),
]


def test_every_factor_has_a_case() -> None:
    covered = set().union(*(expected for _, expected in FACTOR_CASES))
    assert covered == set(FACTOR_IDS)


@pytest.mark.parametrize(
    ("extra", "expected"), FACTOR_CASES, ids=[repr(c[0]) for c in FACTOR_CASES]
)
def test_factor_trigger(extra: dict[str, Answer], expected: set[str]) -> None:
    result = run(**extra)
    assert set(result.factor_ids) == expected
    for hit in result.factors:
        assert hit.because
        assert set(hit.because) <= {k for k, v in extra.items() if v not in (False, None)}
        assert hit.why == FACTOR_INFO[hit.id].why


def test_factors_listed_at_every_tier_in_spec_order() -> None:
    result = run(limb_cold_pale_blue=True, sitting_hours=10, tight_or_high_heels=True)
    assert result.tier == "emergency"
    assert result.factor_ids == ("prolonged_sitting", "footwear", "circulation")
    assert result.to_json()["factors"] == ["prolonged_sitting", "footwear", "circulation"]


def test_factor_info_has_why_and_sources() -> None:
    assert set(FACTOR_INFO) == set(FACTOR_IDS)
    for info in FACTOR_INFO.values():
        assert info.why.strip()
        assert "\n" not in info.why
        assert info.sources


# --------------------------------------------------------------------------------------------
# Safety locks
# --------------------------------------------------------------------------------------------

LOCK_CASES: list[tuple[dict[str, Answer], list[str], dict[str, list[str]]]] = [
    ({}, [], {}),
    (
        {"calf_swelling_one_side": True},
        ["all", "massage"],
        {"all": ["calf_swelling_one_side"], "massage": ["calf_swelling_one_side"]},
    ),
    (
        {"wound_or_sore": True},
        ["massage", "barefoot"],
        {"massage": ["wound_or_sore"], "barefoot": ["wound_or_sore"]},
    ),
    (
        {"red_hot_skin": True},
        ["all", "massage", "barefoot"],
        {"all": ["red_hot_skin"], "massage": ["red_hot_skin"], "barefoot": ["red_hot_skin"]},
    ),
    (
        {"hot_swollen_joint": True},
        ["massage", "big_toe"],
        {"massage": ["hot_swollen_joint"], "big_toe": ["hot_swollen_joint"]},
    ),
    (
        {"new_loss_of_feeling": True},
        ["massage", "barefoot", "cold", "heat"],
        {
            "massage": ["new_loss_of_feeling"],
            "barefoot": ["new_loss_of_feeling"],
            "cold": ["new_loss_of_feeling"],
            "heat": ["new_loss_of_feeling"],
        },
    ),
    # v2: numbness locks massage too, and factor nerve locks barefoot exercises.
    (
        {"numbness_tingling": True},
        ["massage", "barefoot", "cold", "heat"],
        {
            "massage": ["numbness_tingling"],
            "barefoot": ["numbness_tingling"],
            "cold": ["numbness_tingling"],
            "heat": ["numbness_tingling"],
        },
    ),
    (
        {"diabetes": True},
        ["barefoot", "cold", "heat"],
        {"barefoot": ["diabetes"], "cold": ["diabetes"], "heat": ["diabetes"]},
    ),
    # v2: a blood thinner locks massage.
    ({"blood_thinner": True}, ["massage"], {"massage": ["blood_thinner"]}),
    ({"blood_thinner": "unsure"}, ["massage"], {"massage": ["blood_thinner"]}),
    (
        {"pain_walking_eases_rest": True},
        ["cold", "heat"],
        {"cold": ["pain_walking_eases_rest"], "heat": ["pain_walking_eases_rest"]},
    ),
    (
        {"rest_pain": True},
        ["all", "cold", "heat"],
        {"all": ["rest_pain"], "cold": ["rest_pain"], "heat": ["rest_pain"]},
    ),
    (
        {"limb_cold_pale_blue": "unsure"},
        ["all", "cold", "heat"],
        {
            "all": ["limb_cold_pale_blue"],
            "cold": ["limb_cold_pale_blue"],
            "heat": ["limb_cold_pale_blue"],
        },
    ),
    ({"toe_black": True}, ["all"], {"all": ["toe_black"]}),
    ({"cramp_over_10_min": True}, ["all"], {"all": ["cramp_over_10_min"]}),
    # A soon tier alone locks nothing (deliberate, spec).
    ({"fever": True}, [], {}),
    ({"episodes_per_week": 50}, [], {}),
    ({"known_gout": True}, [], {}),
]


@pytest.mark.parametrize(
    ("extra", "blocked", "blocked_by"), LOCK_CASES, ids=[repr(c[0]) for c in LOCK_CASES]
)
def test_lock_trigger(
    extra: dict[str, Answer], blocked: list[str], blocked_by: dict[str, list[str]]
) -> None:
    result = run(**extra)
    assert list(result.blocked) == blocked
    assert {k: list(v) for k, v in result.blocked_by.items()} == blocked_by
    doc = result.to_json()
    assert doc["blocked"] == blocked
    assert doc["blocked_by"] == blocked_by


def test_all_lock_names_every_emergency_and_urgent_key() -> None:
    result = run(toe_black=True, cramps_elsewhere=True, fever=True)
    assert result.blocked_by["all"] == ("toe_black", "cramps_elsewhere")


def test_lock_union_sorted_in_spec_order() -> None:
    result = run(wound_or_sore=True, hot_swollen_joint=True, numbness_tingling=True)
    assert result.tier == "soon"
    assert result.blocked == ("massage", "barefoot", "big_toe", "cold", "heat")
    assert result.blocked_by["massage"] == (
        "hot_swollen_joint",
        "wound_or_sore",
        "numbness_tingling",
    )


def test_routine_blocked_by() -> None:
    assert routine_blocked_by("strength-10min", ["big_toe"]) == ["big_toe"]
    assert routine_blocked_by("desk-break-2min", ["massage", "heat"]) == []
    assert routine_blocked_by("desk-break-2min", ["all"]) == ["all"]
    assert routine_blocked_by("cramp-rescue", LOCK_TAGS) == []


# --------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------

EMPTY_PLAN: dict[str, Any] = {
    "routines": [],
    "break_interval_minutes": None,
    "checkins": [],
    "advice": [],
}
PLAN_DRIVERS: dict[str, Answer] = {
    "sitting_hours": 10,
    "tight_or_high_heels": True,
    "new_or_intense_activity": True,
    "heel_pain_first_steps": True,
    "low_fluid_intake": True,
    "low_mineral_diet": True,
    "episodes_per_week": 7,
}


@pytest.mark.parametrize("case", [c for c in RULE_CASES if c[0][0] in "EU"], ids=_case_id)
def test_plan_empty_at_emergency_and_urgent(case: tuple[str, dict[str, Answer]]) -> None:
    result = run(**{**PLAN_DRIVERS, **case[1]})
    assert result.tier in ("emergency", "urgent")
    assert result.plan.is_empty
    assert result.to_json()["plan"] == EMPTY_PLAN
    assert "all" in result.blocked
    assert result.factor_ids  # factors are still listed


def _texts(result: TriageResult) -> list[str]:
    return [a.text for a in result.plan.advice]


def test_plan_self_care_default_offers_bedtime_stretch() -> None:
    plan = run().plan
    assert plan.routines == ("bedtime-cramp",)
    assert plan.break_interval_minutes is None
    assert plan.checkins == ()
    assert any("before bed" in t for t in _texts(run()))


def test_plan_prolonged_sitting() -> None:
    plan = run(sitting_hours=8).plan
    assert plan.break_interval_minutes == 30
    assert plan.routines == ("desk-break-2min",)
    with_frequent = run(sitting_hours=8, episodes_per_week=4).plan
    assert with_frequent.routines == ("desk-break-2min", "bedtime-cramp")


def test_plan_with_a_hot_swollen_joint_keeps_weight_and_pulls_off_it() -> None:
    """The gout advice says rest and raise the foot and keep pressure off the joint [S18]:
    the plan's walk and cramp lines say the same, as cramp rescue under the big_toe lock."""
    texts = " ".join(_texts(run(sitting_hours=8, hot_swollen_joint=True)))
    assert "seated 2-minute routine rather than walk" in texts
    assert "keeping pressure off the big toe" in texts
    assert "pull your toes up" not in texts and "walk about" not in texts
    plain = " ".join(_texts(run(sitting_hours=8)))
    assert "walk lightly for a few minutes" in plain and "pull your toes up" in plain


def test_plan_in_pregnancy_names_the_warning_signs_even_when_they_were_not_asked() -> None:
    """The warning-signs question is optional: a self-care result for someone pregnant (or
    not sure) still says what pre-eclampsia signs mean [S112], not only 'not checked'."""
    for pregnant in (True, "unsure"):
        result = run(pregnant=pregnant)
        assert result.tier == "self-care"
        texts = " ".join(_texts(result))
        assert "pain just below the ribs mean calling your midwife or GP at once" in texts
        assert "S112" in {s for a in result.plan.advice for s in a.sources}


def test_plan_disruptive_cramps_offer_bedtime() -> None:
    result = run(affects_sleep_or_daily_life=True, new_or_intense_activity=True)
    assert result.tier == "soon"
    assert result.plan.routines == ("desk-stretch-5min", "bedtime-cramp")


def test_plan_plantar_fascia_and_nerve() -> None:
    assert run(heel_pain_first_steps=True).plan.routines == ("morning-heel-arch",)
    assert any("frozen water bottle" in t for t in _texts(run(heel_pain_first_steps=True)))
    # Nerve locks cold, so the frozen-bottle routine and tip are left out.
    result = run(heel_pain_first_steps=True, diabetes=True)
    assert "morning-heel-arch" not in result.plan.routines
    texts = _texts(result)
    assert not any("frozen" in t for t in texts)
    assert any("stretch the arch" in t for t in texts)
    assert any("every day" in t and "seated" in t for t in texts)


def test_plan_gout_keeps_off_the_joint() -> None:
    result = run(hot_swollen_joint=True, new_or_intense_activity=True, episodes_per_week=5)
    assert result.tier == "soon"
    assert result.plan.routines == ()  # every candidate uses the big toe
    assert any("hot, swollen joint" in t for t in _texts(result))


def test_plan_checkins() -> None:
    assert run(low_fluid_intake=True).plan.checkins == ("water",)
    assert run(low_mineral_diet=True).plan.checkins == ("calcium", "magnesium", "potassium")
    assert (
        run(low_fluid_intake=True, low_mineral_diet=True, kidney_disease=True).plan.checkins == ()
    )


def test_plan_pregnancy_has_no_intake_numbers() -> None:
    result = run(pregnant=True, low_fluid_intake=True, low_mineral_diet=True)
    assert set(result.factor_ids) == {"pregnancy", "hydration", "minerals_diet"}
    assert result.plan.checkins == ()
    assert "bedtime-cramp" in result.plan.routines
    texts = _texts(result)
    assert any("midwife" in t for t in texts)
    assert not any("glass" in t for t in texts)


def test_plan_footwear_medicine_circulation() -> None:
    assert any("wiggle" in t for t in _texts(run(tight_or_high_heels=True)))
    med = _texts(run(new_medicine=True))
    assert any("prescriber" in t and "do not stop" in t.lower() for t in med)
    circ = _texts(run(pain_walking_eases_rest=True))
    assert "clinician" in circ[0] and "circulation" in circ[0]


def test_plan_without_massage_does_not_suggest_rubbing() -> None:
    result = run(wound_or_sore=True)
    assert result.tier == "self-care"
    assert "massage" in result.blocked
    assert not any("rub" in t for t in _texts(result))
    assert any("rub" in t for t in _texts(run()))


def test_plan_advice_carries_sources() -> None:
    result = run(**PLAN_DRIVERS, pregnant=False, new_medicine=True, known_gout=True)
    assert result.plan.advice
    for item in result.plan.advice:
        assert item.sources
        assert item.to_json() == {"text": item.text, "sources": list(item.sources)}


def test_medicine_rule_says_not_to_stop() -> None:
    advice = RULES_BY_ID["S5_medicine"].advice.lower()
    assert "do not stop a medicine on your own" in advice


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    answers=partial_answers,
    qid=st.sampled_from(YESNO_IDS),
    value=st.sampled_from([True, "unsure"]),
)
def test_one_more_yes_never_lowers_the_tier(
    answers: dict[str, Answer], qid: str, value: Answer
) -> None:
    before = evaluate(answers)
    after = evaluate({**answers, qid: value})
    assert tier_rank(after.tier) >= tier_rank(before.tier)
    assert set(after.rule_ids) >= set(before.rule_ids)
    assert set(after.blocked) >= set(before.blocked)


@settings(max_examples=300, deadline=None)
@given(answers=partial_answers, qid=st.sampled_from(YESNO_IDS))
def test_unsure_counts_as_yes(answers: dict[str, Answer], qid: str) -> None:
    yes = evaluate({**answers, qid: True})
    unsure = evaluate({**answers, qid: "unsure"})
    assert unsure.tier == yes.tier
    assert unsure.rule_ids == yes.rule_ids
    assert unsure.factor_ids == yes.factor_ids
    assert unsure.blocked == yes.blocked
    assert unsure.plan == yes.plan
    assert qid in unsure.unsure and qid not in yes.unsure


@settings(max_examples=200, deadline=None)
@given(answers=full_answers, qid=st.sampled_from(REQUIRED_YESNO_IDS))
def test_unsure_warning_sign_same_tier_as_yes(answers: dict[str, Answer], qid: str) -> None:
    assert evaluate({**answers, qid: "unsure"}).tier == evaluate({**answers, qid: True}).tier


@settings(max_examples=200, deadline=None)
@given(
    answers=partial_answers,
    low=st.integers(0, 200),
    high=st.integers(0, 200),
    hours_low=st.floats(0, 24),
    hours_high=st.floats(0, 24),
)
def test_more_episodes_or_sitting_never_lowers_the_tier(
    answers: dict[str, Answer], low: int, high: int, hours_low: float, hours_high: float
) -> None:
    low, high = sorted((low, high))
    hours_low, hours_high = sorted((hours_low, hours_high))
    first = evaluate({**answers, "episodes_per_week": low, "sitting_hours": hours_low})
    second = evaluate({**answers, "episodes_per_week": high, "sitting_hours": hours_high})
    assert tier_rank(second.tier) >= tier_rank(first.tier)


@settings(max_examples=300, deadline=None)
@given(answers=partial_answers)
def test_result_invariants(answers: dict[str, Answer]) -> None:
    result = evaluate(answers)
    ranks = [tier_rank(r.tier) for r in result.reasons]
    assert ranks == sorted(ranks, reverse=True)
    expected_tier = result.reasons[0].tier if result.reasons else "self-care"
    assert result.tier == expected_tier
    order = [r.id for r in RULES]
    for a, b in zip(result.reasons, result.reasons[1:], strict=False):
        if a.tier == b.tier:
            assert order.index(a.rule) < order.index(b.rule)
    assert result.skipped == tuple(q for q in OPTIONAL_IDS if q not in answers)
    assert result.unsure == tuple(q.id for q in QUESTIONS if answers.get(q.id) == "unsure")
    assert list(result.blocked) == [t for t in LOCK_TAGS if t in result.blocked]
    assert set(result.blocked_by) == set(result.blocked)
    assert all(result.blocked_by[t] for t in result.blocked)
    assert ("all" in result.blocked) == (result.tier in ("emergency", "urgent"))
    if result.tier in ("emergency", "urgent"):
        assert result.plan.is_empty
    else:
        assert result.plan.advice
        for routine in result.plan.routines:
            assert routine in ROUTINE_IDS
            assert not set(ROUTINE_TAGS[routine]) & set(result.blocked)
            if "nerve" in result.factor_ids:
                assert "standing" not in ROUTINE_TAGS[routine]
        if "pregnancy" in result.factor_ids:
            assert result.plan.checkins == ()
        assert result.plan.break_interval_minutes == (
            30 if "prolonged_sitting" in result.factor_ids else None
        )
    for reason in result.reasons:
        assert set(reason.because) <= set(RULES_BY_ID[reason.rule].because_keys)
        assert reason.because


@settings(max_examples=200, deadline=None)
@given(answers=partial_answers, region=st.sampled_from(triage.REGIONS))
def test_to_json_document(answers: dict[str, Answer], region: str) -> None:
    doc = evaluate(answers, region=region).to_json()
    assert json.loads(json.dumps(doc)) == doc
    spec_keys = {
        "spec_version",
        "tier",
        "reasons",
        "unsure",
        "skipped",
        "factors",
        "blocked",
        "plan",
        "disclaimer",
    }
    assert spec_keys <= set(doc)
    assert doc["spec_version"] == 2
    assert doc["tier"] in TIERS
    assert doc["disclaimer"] == DISCLAIMER
    assert doc["headline"] == tier_headline(doc["tier"], region)
    for reason in doc["reasons"]:
        assert set(reason) == {"rule", "tier", "because", "advice", "sources"}
        assert "{" not in reason["advice"] and "}" not in reason["advice"]
    assert set(doc["plan"]) == {"routines", "break_interval_minutes", "checkins", "advice"}
    for item in doc["plan"]["advice"]:
        assert set(item) == {"text", "sources"}
        assert "{" not in item["text"]
    assert set(doc["factors"]) <= set(FACTOR_IDS)
    assert set(doc["blocked"]) <= set(LOCK_TAGS)


@settings(max_examples=200, deadline=None)
@given(answers=full_answers)
def test_valid_documents_validate_cleanly(answers: dict[str, Answer]) -> None:
    valid, errors = validate_answers(json.loads(json.dumps(answers)))
    assert errors == []
    assert valid == answers


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def _errors_by_key(raw: object) -> dict[str, str]:
    _valid, errors = validate_answers(raw)
    return {e.key: e.message for e in errors}


BAD_VALUES: list[tuple[str, Any, str]] = [
    ("fever", "yes", "unsure"),
    ("fever", "Unsure", "unsure"),
    ("fever", 1, "true"),
    ("fever", None, "null"),
    ("pregnant", None, "null"),
    ("pregnant", "no", "true"),
    ("episodes_per_week", 3.0, "whole number"),
    ("episodes_per_week", True, "whole number"),
    ("episodes_per_week", "3", "whole number"),
    ("episodes_per_week", "unsure", "whole number"),
    ("episodes_per_week", 201, "0 to 200"),
    ("episodes_per_week", -1, "0 to 200"),
    ("episodes_per_week", None, "null"),
    ("sitting_hours", 24.5, "0 to 24"),
    ("sitting_hours", -0.5, "0 to 24"),
    ("sitting_hours", False, "number"),
    ("sitting_hours", math.nan, "number"),
    ("sitting_hours", math.inf, "number"),
    ("sitting_hours", [8], "number"),
]


@pytest.mark.parametrize(("key", "value", "hint"), BAD_VALUES, ids=[repr(b) for b in BAD_VALUES])
def test_wrong_value_is_an_error_naming_the_key(key: str, value: Any, hint: str) -> None:
    raw = {**base(), key: value}
    valid, errors = validate_answers(raw)
    assert [e.key for e in errors] == [key]
    assert hint in errors[0].message
    assert key not in valid
    assert str(errors[0]).startswith(key + ": ")


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("episodes_per_week", 0),
        ("episodes_per_week", 200),
        ("sitting_hours", 0),
        ("sitting_hours", 24),
        ("sitting_hours", 7.5),
        ("fever", "unsure"),
        ("pregnant", False),
    ],
)
def test_boundary_values_are_valid(key: str, value: Answer) -> None:
    valid, errors = validate_answers({**base(), key: value})
    assert errors == []
    assert valid[key] == value


def test_unknown_key_is_an_error() -> None:
    errors = _errors_by_key({**base(), "fevr": True, "colour": "blue"})
    assert set(errors) == {"fevr", "colour"}
    assert "unknown question" in errors["fevr"]
    assert "fever" in errors["fevr"]  # suggests the close match


def test_missing_required_questions_are_errors() -> None:
    answers = base()
    del answers["toe_black"]
    del answers["diabetes"]
    errors = _errors_by_key(answers)
    assert set(errors) == {"toe_black", "diabetes"}
    assert all("required" in m and '"unsure"' in m for m in errors.values())
    # Optional questions may be skipped.
    assert _errors_by_key(base()) == {}


@pytest.mark.parametrize("raw", [[], ["fever"], "fever", 3, None, True])
def test_non_object_document_is_one_error(raw: object) -> None:
    valid, errors = validate_answers(raw)
    assert valid == {}
    assert len(errors) == 1
    assert errors[0].key == triage.ROOT_KEY
    assert "JSON object" in errors[0].message


def test_every_error_is_reported_at_once() -> None:
    raw = {**base(), "fever": None, "episodes_per_week": 3.5, "bogus": 1}
    del raw["stroke_signs"]
    errors = _errors_by_key(raw)
    assert set(errors) == {"fever", "episodes_per_week", "bogus", "stroke_signs"}


def test_valid_subset_still_shows_a_red_flag() -> None:
    raw = {**base(), "toe_black": True, "episodes_per_week": "lots", "sittinghours": 8}
    del raw["fever"]
    valid, errors = validate_answers(raw)
    assert {e.key for e in errors} == {"episodes_per_week", "sittinghours", "fever"}
    result = evaluate(valid)
    assert result.tier == "emergency"
    assert result.reasons[0].rule == "E2_gangrene"


def test_valid_subset_with_unsure_urgent_sign() -> None:
    valid, errors = validate_answers({"calf_swelling_one_side": "unsure", "fever": "maybe"})
    assert errors
    assert evaluate(valid).tier == "urgent"


# --------------------------------------------------------------------------------------------
# Texts, sources, regions
# --------------------------------------------------------------------------------------------

FORBIDDEN = ("you have", "quinine", "lactic", "vitamin c", "left foot", "right foot")
DOSE = re.compile(r"\d\s*mg\b", re.I)


@pytest.mark.parametrize("region", triage.REGIONS)
def test_every_advice_text_cites_known_sources(region: str, brief_source_ids: set[str]) -> None:
    items = all_advice(region)
    origins = {origin for origin, _ in items}
    assert {f"rule:{r.id}" for r in RULES} <= origins
    assert {f"factor:{f}" for f in FACTOR_IDS} <= origins
    assert any(o.startswith("plan:") for o in origins)
    for origin, item in items:
        assert item.text.strip(), origin
        assert item.sources, origin
        unknown = set(item.sources) - brief_source_ids
        assert not unknown, f"{origin} cites {unknown} not in the brief's source list"


def test_all_source_ids_used_are_in_the_brief(brief_source_ids: set[str]) -> None:
    used = all_source_ids_used()
    assert used
    assert used <= brief_source_ids


@settings(max_examples=100, deadline=None)
@given(answers=partial_answers)
def test_result_sources_are_known(answers: dict[str, Answer]) -> None:
    if BRIEF_PATH is None:
        pytest.skip("clinical brief not found")
    known = set(re.findall(r"^- (S\d+[a-z]?) —", BRIEF_PATH.read_text(encoding="utf-8"), re.M))
    doc = evaluate(answers).to_json()
    cited = [s for r in doc["reasons"] for s in r["sources"]]
    cited += [s for a in doc["plan"]["advice"] for s in a["sources"]]
    cited += [s for f in doc["factor_details"] for s in f["sources"]]
    assert set(cited) <= known


@pytest.mark.parametrize("region", triage.REGIONS)
def test_advice_texts_avoid_forbidden_claims(region: str) -> None:
    texts = [item.text for _, item in all_advice(region)]
    texts += [emergency_box(region).text, DISCLAIMER]
    for text in texts:
        lowered = text.lower()
        for phrase in FORBIDDEN:
            assert phrase not in lowered, (phrase, text)
        assert not DOSE.search(text), text
        assert "{" not in text and "}" not in text, text


def test_advice_uses_can_be_a_sign_of() -> None:
    hedged = [r for r in RULES if "can be a sign" in r.advice]
    assert len(hedged) >= 15


@pytest.mark.parametrize(
    ("region", "number", "urgent"),
    [
        ("uk", "999", "urgent GP appointment or NHS 111"),
        ("us", "911", "urgent care or your doctor"),
        ("eu", "112", "out-of-hours doctor or urgent care"),
    ],
)
def test_region_numbers(region: str, number: str, urgent: str) -> None:
    assert number in tier_headline("emergency", region)
    assert urgent in tier_headline("urgent", region)
    assert tier_headline("self-care", region) == "Self-care is reasonable"
    assert "appointment" in tier_headline("soon", region)
    assert number in emergency_box(region).text
    others = {"999", "911", "112"} - {number}
    for rule in RULES:
        if rule.tier == "emergency":
            text = dict(all_advice(region))[f"rule:{rule.id}"].text
            assert number in text, rule.id
            assert not any(o in text for o in others), rule.id
    result = evaluate(base(toe_black=True, calf_swelling_one_side=True), region=region)
    assert number in result.reasons[0].advice
    assert urgent in result.reasons[1].advice
    assert result.to_json()["headline"] == tier_headline("emergency", region)


def test_uk_headlines_match_spec_wording() -> None:
    assert tier_headline("soon", "uk") == "Book an appointment with your GP or clinician"
    assert tier_headline("urgent") == "Get medical help today: urgent GP appointment or NHS 111"
    assert tier_headline("emergency") == "Call emergency services now (999)"


def test_unknown_region_or_tier_is_rejected() -> None:
    with pytest.raises(ValueError):
        tier_headline("emergency", "fr")
    with pytest.raises(ValueError):
        evaluate({}, region="mars")
    with pytest.raises(ValueError):
        tier_headline("critical", "uk")


def test_disclaimer_substance() -> None:
    lowered = DISCLAIMER.lower()
    assert "not a diagnosis" in lowered
    assert "clinician" in lowered
    assert "start, stop" in lowered and "medicine" in lowered


def test_not_checked_text() -> None:
    everything: dict[str, Answer] = {q.id: (False if q.kind == "yesno" else 0) for q in QUESTIONS}
    assert not_checked_text(evaluate(everything)) == ""
    partial = dict(everything)
    del partial["numbness_tingling"]
    del partial["legs_swollen_both"]
    text = not_checked_text(evaluate(partial))
    assert text == (
        "Not checked: "
        + QUESTIONS_BY_ID["numbness_tingling"].short
        + ", "
        + QUESTIONS_BY_ID["legs_swollen_both"].short
        + "."
    )
    assert "numbness" in text and "swelling in both legs" in text
    full = not_checked_text(run())
    assert all(QUESTIONS_BY_ID[q].short in full for q in OPTIONAL_IDS)


def test_module_is_pure() -> None:
    # triage is a package: check every one of its modules, not just __init__.
    files = sorted(Path(triage.__file__).parent.glob("*.py"))
    assert len(files) > 1
    for path in files:
        source = path.read_text(encoding="utf-8")
        for banned in ("textual", "apscheduler", "tinydb", "click", "datetime", "open(", "time."):
            pattern = rf"^\s*(import|from)\s+{re.escape(banned)}"
            assert not re.search(pattern, source, re.M), (path.name, banned)
        assert "open(" not in source, path.name


def _as_mapping(result: TriageResult) -> Mapping[str, Any]:
    return result.to_json()


def test_spec_example_shape() -> None:
    result = run(episodes_per_week=3, fever="unsure", sitting_hours=7, tight_or_high_heels=True)
    doc = _as_mapping(result)
    assert doc["tier"] == "soon"
    assert doc["reasons"][0]["rule"] == "S8_frequent"
    assert doc["reasons"][0]["because"] == ["episodes_per_week"]
    assert doc["unsure"] == ["fever"]
    assert "numbness_tingling" in doc["skipped"]
    assert doc["factors"] == ["prolonged_sitting", "footwear"]
    assert doc["blocked"] == []
    assert doc["plan"]["break_interval_minutes"] == 30


# --------------------------------------------------------------------------------------------
# Spec v2: the error path, follow-up questions, safety-netting
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["yes", 1, None, "Unsure", 0.0, [], {}])
def test_invalid_warning_sign_value_counts_as_unsure_for_advice(bad: Any) -> None:
    raw = base()
    raw["stroke_signs"] = bad
    _valid, errors = validate_answers(raw)
    assert [e.key for e in errors] == ["stroke_signs"]
    assert triage.needs_emergency_box(errors)
    advice = evaluate(triage.answers_for_advice(raw))
    assert advice.tier == "emergency"
    assert "E4_stroke" in advice.rule_ids


@pytest.mark.parametrize("typo", ["stroke_sign", "stroke_signz", "Stroke_Signs", "strokesigns"])
def test_near_miss_key_counts_as_unsure_for_advice(typo: str) -> None:
    raw = base()
    del raw["stroke_signs"]
    raw[typo] = True
    _valid, errors = validate_answers(raw)
    assert {e.key for e in errors} == {"stroke_signs", typo}
    assert triage.needs_emergency_box(errors)
    assert "E4_stroke" in evaluate(triage.answers_for_advice(raw)).rule_ids


def test_far_key_is_only_an_error() -> None:
    raw = base(something_else=True)
    assert triage.near_miss("something_else") is None
    assert evaluate(triage.answers_for_advice(raw)).tier == "self-care"


def test_duplicate_key_is_an_error_and_counts_as_unsure() -> None:
    text = json.dumps(base())[:-1] + ', "calf_swelling_one_side": false}'
    # The first value was false as well: a repeated key is still an error, never stored.
    raw = triage.parse_answers(
        text.replace('"calf_swelling_one_side": false,', '"calf_swelling_one_side": true,', 1)
    )
    valid, errors = validate_answers(raw)
    assert [e.key for e in errors] == ["calf_swelling_one_side"]
    assert "more than once" in errors[0].message
    assert "calf_swelling_one_side" not in valid
    advice = evaluate(triage.answers_for_advice(raw))
    assert advice.tier == "urgent" and "U1_possible_clot" in advice.rule_ids


def test_missing_sepsis_signs_needs_the_box() -> None:
    raw = base()
    del raw["sepsis_signs"]
    _valid, errors = validate_answers(raw)
    assert [e.key for e in errors] == ["sepsis_signs"]
    assert triage.needs_emergency_box(errors)
    box = emergency_box("uk").text
    assert "999" in box and "clammy" in box and "confus" in box


def test_optional_error_does_not_need_the_box() -> None:
    _valid, errors = validate_answers(base(episodes_per_week=2.5))
    assert errors and not triage.needs_emergency_box(errors)


def test_pregnancy_warning_asked_only_when_pregnant() -> None:
    question = QUESTIONS_BY_ID["pregnancy_warning_signs"]
    assert not triage.is_asked(question, {})
    assert not triage.is_asked(question, {"pregnant": False})
    assert triage.is_asked(question, {"pregnant": True})
    assert triage.is_asked(question, {"pregnant": "unsure"})
    # Without pregnancy the warning answer alone does not fire U13.
    assert "U13_pregnancy_warning" not in run(pregnancy_warning_signs=True).rule_ids


def test_self_care_ends_with_safety_netting() -> None:
    result = run()
    assert result.tier == "self-care"
    last = result.plan.advice[-1].text
    assert "10 minutes" in last and "999" in last and "GP" in last
    soon = run(fever=True)
    assert "10 minutes" in soon.plan.advice[-1].text


def test_no_phrase_repeats_in_a_result() -> None:
    result = run(sitting_hours=8, low_fluid_intake=True)
    texts = [a.text for a in result.plan.advice]
    assert sum("10 minutes" in t for t in texts) == 1


def test_nerve_factor_keeps_barefoot_routines_out_of_the_plan() -> None:
    result = run(diabetes=True, numbness_tingling=True, new_or_intense_activity=True)
    assert "barefoot" in result.blocked
    assert routine_blocked_by("strength-10min", result.blocked) == ["barefoot"]
    assert "strength-10min" not in result.plan.routines
