"""The shipped library loads through the real loader, installed editable or as a wheel."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, run_toecoach
from toecoach.services import library as library_module
from toecoach.services.library import load_library

ROUTINE_IDS = {"desk-break-2min", "desk-stretch-5min", "bedtime-cramp", "morning-heel-arch",
               "strength-10min", "cramp-rescue"}  # fmt: skip


def test_every_shipped_file_validates_with_the_real_loader() -> None:
    library = load_library()
    assert library.errors == []
    assert ROUTINE_IDS <= set(library.routines)
    assert len(library.exercises) == 16


def test_routines_cli_list_show_check(toecoach_home: Path, tmp_path: Path) -> None:
    listed = json.loads(run_toecoach("routines", "list", "--json").stdout)
    assert ROUTINE_IDS <= {row["id"] for row in listed}
    shown = run_toecoach("routines", "show", "desk-break-2min")
    assert shown.returncode == 0 and "min" in shown.stdout.splitlines()[0]
    assert run_toecoach("routines", "show", "nope").returncode == 2
    shipped = sorted(str(p) for p in (REPO / "exercises").rglob("*.toml"))
    assert run_toecoach("routines", "check", *shipped).returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nid = "bad"\nname = "Bad"\nkind = "yoga"\n')
    result = run_toecoach("routines", "check", shipped[0], str(bad))
    assert result.returncode == 2
    assert "bad.toml" in result.stderr and "kind" in result.stderr


def test_a_user_file_overrides_a_shipped_one_and_a_bad_one_is_skipped(toecoach_home: Path) -> None:
    folder = toecoach_home / "routines"
    folder.mkdir(parents=True)
    text = (
        (REPO / "exercises" / "toe-splay.toml")
        .read_text()
        .replace('name = "Toe splay"', 'name = "My toe splay"')
    )
    (folder / "toe-splay.toml").write_text(text)
    (folder / "broken.toml").write_text("id = [")
    result = run_toecoach("routines", "show", "desk-stretch-5min", "--json")
    assert result.returncode == 0
    names = [item["name"] for item in json.loads(result.stdout)["items"]]
    assert "My toe splay" in names
    assert "broken.toml" in result.stderr


def test_shipped_dir_prefers_the_package_then_the_source_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_package = tmp_path / "pkg"
    (fake_package / "exercises").mkdir(parents=True)
    monkeypatch.setattr(library_module.resources, "files", lambda name: fake_package)
    assert library_module.shipped_dir() == fake_package / "exercises"
    (fake_package / "exercises").rmdir()
    assert library_module.shipped_dir() == REPO / "exercises"


@pytest.mark.slow
def test_the_wheel_carries_the_library(tmp_path: Path) -> None:
    # The build backend the test extra installs: no isolated build environment to set up.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w",
         str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if built.returncode != 0:
        pytest.skip(f"could not build a wheel here: {built.stderr.strip()[-200:]}")
    (wheel,) = tmp_path.glob("toecoach-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "toecoach/exercises/toe-splay.toml" in names
    assert "toecoach/exercises/routines/cramp-rescue.toml" in names
    extracted = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(extracted)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from toecoach.services.library import shipped_dir, load_library;"
        "print(shipped_dir()); print(len(load_library().routines))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(extracted)], capture_output=True,
                         text=True, cwd=tmp_path).stdout.split()  # fmt: skip
    assert out[0] == str(extracted / "toecoach" / "exercises")
    assert int(out[1]) >= 6
