"""The import rules that keep the layers apart (as Harlequin checks its own):

- ``toecoach.domain`` imports nothing of toecoach outside ``toecoach.domain``;
- ``toecoach.storage`` never imports ``services``, ``ui`` or ``cli``;
- ``toecoach.ui`` and the CLI never import ``toecoach.storage``: they call the facade
  (``toecoach.services.coach``).

Every import is read from the source with ``ast``, those inside functions included.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toecoach"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path).rsplit(".", 0 if path.name == "__init__.py" else 1)[0]
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                found.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.append(node.module)
    return found


def _modules(layer: str) -> list[Path]:
    root = PACKAGE / layer
    if root.is_dir():
        return sorted(root.rglob("*.py"))
    return [PACKAGE / f"{layer}.py"]


def _offending(layer: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()) -> list[str]:
    bad = []
    for path in _modules(layer):
        for name in _imports(path):
            if name.startswith(forbidden) and not name.startswith(allowed):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return bad


def test_domain_imports_only_domain() -> None:
    assert _offending("domain", ("toecoach",), ("toecoach.domain",)) == []


def test_storage_never_imports_services_ui_or_cli() -> None:
    forbidden = ("toecoach.services", "toecoach.ui", "toecoach.cli")
    assert _offending("storage", forbidden) == []


@pytest.mark.parametrize("layer", ["ui", "cli"])
def test_ui_and_cli_never_import_storage(layer: str) -> None:
    assert _offending(layer, ("toecoach.storage",)) == []


def test_a_nested_import_is_seen(tmp_path: Path) -> None:
    """The checker sees an import hidden inside a function, so the rules can fail."""
    fake_package = tmp_path / "toecoach"
    (fake_package / "ui").mkdir(parents=True)
    (fake_package / "ui" / "sneaky.py").write_text(
        "def f():\n    from toecoach.storage.store import Store\n    return Store\n"
    )
    globals_before = globals()["PACKAGE"]
    globals()["PACKAGE"] = fake_package
    try:
        assert _offending("ui", ("toecoach.storage",)) == [
            "toecoach/ui/sneaky.py imports toecoach.storage.store"
        ]
    finally:
        globals()["PACKAGE"] = globals_before
