"""The shape of the toecoach.domain.triage package: pure imports, no cycles, texts by id."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from toecoach.domain import triage
from toecoach.domain.triage.rules import render
from toecoach.domain.triage.texts import FACTOR_WHY, PLAN_ADVICE, QUESTION_TEXTS, RULE_ADVICE

PACKAGE = "toecoach.domain.triage"
PACKAGE_DIR = Path(triage.__file__).parent
MODULE_FILES = sorted(PACKAGE_DIR.glob("*.py"))


def _module_name(path: Path) -> str:
    return PACKAGE if path.stem == "__init__" else f"{PACKAGE}.{path.stem}"


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports, anywhere in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package_parts = PACKAGE.split(".")
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                assert node.module is not None
                module = node.module
            else:
                base = package_parts[: len(package_parts) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            # ``from package import submodule`` imports the submodule too.
            found.extend(f"{module}.{alias.name}" for alias in node.names)
    return found


def test_package_has_its_modules() -> None:
    names = {p.stem for p in MODULE_FILES}
    expected = {"__init__", "texts", "questions", "conditions", "rules", "factors", "locks"}
    assert expected | {"plan", "result", "inventory"} <= names


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: p.name)
def test_module_imports_only_stdlib_and_domain(path: Path) -> None:
    for module in _imports(path):
        top = module.split(".")[0]
        allowed = top in sys.stdlib_module_names or (
            module == "toecoach.domain" or module.startswith("toecoach.domain.")
        )
        assert allowed, f"{path.name} imports {module}"


def test_texts_import_nothing_from_the_engine() -> None:
    for module in _imports(PACKAGE_DIR / "texts.py"):
        assert module.split(".")[0] in sys.stdlib_module_names, module


def test_no_import_cycles_inside_the_package() -> None:
    # __init__ imports every module, so a module importing the package itself is a cycle too.
    names = {_module_name(p) for p in MODULE_FILES}
    graph = {_module_name(p): {m for m in _imports(p) if m in names} for p in MODULE_FILES}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "visiting", " -> ".join([*path, module])
        state[module] = "visiting"
        for dependency in sorted(graph[module]):
            visit(dependency, [*path, module])
        state[module] = "done"

    for module in sorted(graph):
        visit(module, [])


def test_texts_are_keyed_by_the_engine_ids_in_order() -> None:
    assert list(QUESTION_TEXTS) == [q.id for q in triage.QUESTIONS]
    assert list(RULE_ADVICE) == [r.id for r in triage.RULES]
    assert list(FACTOR_WHY) == list(triage.FACTOR_IDS)
    for question in triage.QUESTIONS:
        assert question.text == QUESTION_TEXTS[question.id].text
        assert question.short == QUESTION_TEXTS[question.id].short
    for rule in triage.RULES:
        assert (rule.advice, rule.sources) == (
            RULE_ADVICE[rule.id].text,
            RULE_ADVICE[rule.id].sources,
        )
    for factor in triage.FACTORS:
        assert (factor.why, factor.sources) == (
            FACTOR_WHY[factor.id].text,
            FACTOR_WHY[factor.id].sources,
        )


def test_every_plan_text_is_used_once() -> None:
    listed = [
        (item.text, item.sources)
        for origin, item in triage.all_advice("uk")
        if origin.startswith("plan:")
    ]
    expected = [(render(advice.text, "uk"), advice.sources) for advice in PLAN_ADVICE.values()]
    assert listed == expected
