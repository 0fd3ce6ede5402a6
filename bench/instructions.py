"""Deterministic before/after: CPU instructions per operation of bench/run.py's workloads.

Wall-clock times on a shared machine move by 30% (and by 2 x under load):
too much to tell whether a change saved 5%.  Instruction counts do not
move.  This script runs a workload of ``bench/run.py`` under valgrind's
callgrind (``--collect-atstart`` whole run, no cache simulation) once with
one round and once with three, on each of two source trees, and reports
``(Ir(3 rounds) - Ir(1 round)) / 2 / operations``: the setup, the imports and
the warm-up round cancel out.  pydsql only (no sqlite3, no PostgreSQL).

    python bench/instructions.py [--base REV] [--new REV] [--workloads point,TPC-B,...]

``--base`` / ``--new`` name git revisions (checked out in temporary
worktrees) or source directories (``src/`` trees); ``--new`` defaults to
this checkout's ``src``.  Workloads are named by the first word of their
bench/run.py name (``point``, ``single-row``, ``TPC-B``, ``unit``,
``executemany``, ``filter``, ``equi-join``, ``range``).  Tables are smaller
than bench/run.py's (1,000 accounts, 2,000 inserted rows): callgrind runs
about 50 x slower, and per-operation counts of these workloads barely depend
on the size.  Fewer instructions is not always less time (memory, caches),
but a change that saves instructions on the same path saves time.

Needs valgrind (``apt install valgrind``).  Not part of ``make bench``: one
workload takes minutes.  No test asserts on these numbers.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Run by the child process: one workload of bench/run.py, ``rounds`` times after setup and warm-up.
_CHILD = r"""
import sys
sys.path.insert(0, sys.argv[3])
import run as b, pydsql
b.POINT_ROWS, b.TPCB_ACCOUNTS, b.INSERT_ROWS = 1000, 1000, 2000
ops = {"point": b.POINT_OPS, "single-row": b.UPDATE_OPS, "TPC-B": b.TPCB_OPS, "unit": b.UNIT_OPS,
       "executemany": b.INSERT_ROWS, "filter": 1, "equi-join": 1, "range": b.RANGE_OPS}
workloads = {w.name.split()[0].replace("-like", ""): w for w in b.WORKLOADS}
w = workloads[sys.argv[1]]
conn = pydsql.Cluster(quotas=pydsql.Quotas(transaction_rows=10**9, transaction_bytes=2**40)).connect()
w.setup(conn, "pydsql")
w.run(conn, "pydsql")
for _ in range(int(sys.argv[2])):
    w.run(conn, "pydsql")
sys.stderr.write(f"OPS={ops[sys.argv[1]]}\n")
"""


def _instructions(src: Path, workload: str, rounds: int) -> tuple[int, int]:
    """(instructions of the whole run, operations per round) of ``workload`` on ``src``."""
    env = {"PYTHONPATH": str(src), "PYTHONHASHSEED": "0", "PATH": os.environ.get("PATH", "")}
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
           sys.executable, "-c", _CHILD, workload, str(rounds), str(ROOT / "bench")]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    collected = re.search(r"Collected : (\d+)", out.stderr)
    ops = re.search(r"OPS=(\d+)", out.stderr)
    if out.returncode or collected is None or ops is None:
        sys.exit(f"{workload} on {src} failed:\n{out.stderr[-3000:]}")
    return int(collected.group(1)), int(ops.group(1))


def _tree(spec: str, scratch: Path) -> Path:
    """The ``src`` directory of a revision (a temporary worktree) or a directory given as is."""
    path = Path(spec)
    if path.is_dir():
        return path
    where = scratch / spec.replace("/", "_")
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), spec],
                   check=True, capture_output=True)
    native = ROOT / "src" / "pydsql" / "_native"
    for built in native.glob("*.so"):  # the compiled resolver, as this checkout built it
        shutil.copy(built, where / "src" / "pydsql" / "_native")
    return where / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="HEAD", help="git revision or src directory (default: HEAD)")
    ap.add_argument("--new", default=str(ROOT / "src"), help="git revision or src directory (default: this checkout)")
    ap.add_argument("--workloads", default="point,single-row,TPC-B,unit,executemany")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed (apt install valgrind)")
    scratch = Path(tempfile.mkdtemp(prefix="pydsql-instructions-"))
    try:
        trees = {"base": _tree(args.base, scratch), "new": _tree(args.new, scratch)}
        for src in trees.values():  # byte-compile first: the first run would count the compiler
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True, capture_output=True)
        print(f"# instructions per operation (callgrind), base = {args.base}, new = {args.new}")
        for workload in args.workloads.split(","):
            per_op = {}
            for side, src in trees.items():
                one, ops = _instructions(src, workload, 1)
                three, _ = _instructions(src, workload, 3)
                per_op[side] = (three - one) / 2 / ops
            print(f"{workload:12} base {per_op['base'] / 1e3:9.1f}k  new {per_op['new'] / 1e3:9.1f}k"
                  f"  new/base {per_op['new'] / per_op['base']:.3f}", flush=True)
    finally:
        for child in scratch.iterdir():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(child)], capture_output=True)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
