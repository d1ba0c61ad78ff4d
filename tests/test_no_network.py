"""toecoach never uses the network: the main commands succeed with internet sockets refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Loaded into every Python process through PYTHONPATH: internet sockets (IPv4, IPv6) fail at
# creation; local (AF_UNIX) sockets stay allowed.
SITECUSTOMIZE = """
import socket
_real_socket = socket.socket
class _NoInternet(_real_socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if family in (socket.AF_INET, socket.AF_INET6) or (family == -1 and fileno is None):
            raise PermissionError("toecoach test: internet sockets are refused")
        super().__init__(family, type, proto, fileno)
socket.socket = _NoInternet
"""


@pytest.fixture
def offline_env(tmp_path: Path, toecoach_home: Path) -> dict[str, str]:
    site = tmp_path / "offline-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    path = os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "TOECOACH_HOME": str(toecoach_home)}


def run(
    env: dict[str, str], *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "toecoach", *args], env=env, capture_output=True,
                          text=True, input=input, timeout=60)  # fmt: skip


def test_the_guard_really_refuses_internet_but_allows_local_sockets(
    offline_env: dict[str, str],
) -> None:
    code = (
        "import socket\n"
        "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
        "except PermissionError as e:\n    print('refused', e)\n"
        "a, b = socket.socketpair(socket.AF_UNIX)\nprint('unix ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=offline_env, capture_output=True, text=True
    )
    assert "refused" in result.stdout and "unix ok" in result.stdout, result.stderr


def test_main_commands_work_offline(offline_env: dict[str, str]) -> None:
    from toecoach.domain.triage import QUESTIONS

    answers = json.dumps({q.id: False for q in QUESTIONS if q.required})
    for args, stdin in [
        (["log", "water", "250"], None),
        (["log", "food", "milk"], None),
        (["log", "walk"], None),
        (["today", "--json"], None),
        (["undo"], None),
        (["foods"], None),
        (["doctor"], None),
        (["triage", "--answers", "-", "--json"], answers),
        (["triage", "questions"], None),
    ]:
        result = run(offline_env, *args, input=stdin)
        assert result.returncode == 0, (args, result.stderr)
        assert "internet sockets are refused" not in result.stderr
