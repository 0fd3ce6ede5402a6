"""Every script in examples/ runs to completion (exit 0) and prints what it promises.

Each runs in a subprocess with the current interpreter; ``src/`` is put first on
``PYTHONPATH`` so the scripts import this checkout's pydsql even when another copy
is installed.  The examples assert their own claims, so a library regression that
changes what they show fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO_ROOT / "examples").glob("*.py"))

# Lines (or fragments of lines) each example must print; examples not listed only need exit 0.
EXPECTED: dict[str, list[str]] = {
    "quickstart.py": [
        "second commit failed: SQLSTATE 40001",
        "retry succeeded on attempt 3",
        "101 rows in one transaction -> 54000",
    ],
    "multi_region.py": [
        "us-east-2 reads right after the us-east-1 commit: [('ada', 100), ('bob', 50)]",
        "us-east-2 commit failed: SQLSTATE 40001: change conflicts with another transaction (OC000)",
        "commit latency (simulated): winner 100 ms, loser 50 ms",
        "transfer from us-east-2 committed on attempt 2",
        "us-east-1 is down: SQLSTATE 08006",
        "us-east-1 after recovery: 7 rows",
    ],
}


def test_examples_found() -> None:
    assert {p.name for p in EXAMPLES} >= set(EXPECTED)


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_runs(script: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"{script.name} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    for fragment in EXPECTED.get(script.name, []):
        assert fragment in proc.stdout, f"{script.name} did not print {fragment!r}:\n{proc.stdout}"
