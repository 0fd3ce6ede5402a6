"""Where a workload's time goes: one workload of bench/run.py on pydsql, under pyinstrument.

    python bench/profile.py [--workload TPC-B] [--seconds 3] [--threshold 0.02]

The workload runs once untimed (setup, warm caches and plans), then round
after round under pyinstrument's statistical profiler until ``--seconds``
have passed.  Printed: the call tree (pyinstrument's console view), frames
under ``--threshold`` of the time hidden.  Workloads are named by the first word of their
bench/run.py name, as in bench/instructions.py (``point``, ``single-row``,
``TPC-B``, ``unit``, ``executemany``, ``filter``, ``equi-join``, ``range``).

pyinstrument hooks every Python call, so a workload runs 3 to 5 x slower
under it, and more so where calls are many and short: its figures are shares
of the time, not costs.  ``bench/instructions.py`` gives the deterministic
before/after of a change.  ``pip install 'pydsql[bench]'`` (``make profile``
does) installs pyinstrument.  Not part of ``make test``; nothing asserts on
its output.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as workloads  # noqa: E402  (bench/run.py: the workloads and their data)

try:
    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer
except ImportError:  # pragma: no cover - a message, not a traceback
    sys.exit("bench/profile.py needs pyinstrument: pip install 'pydsql[bench]' (or make profile)")


def _workload(name: str) -> workloads.Workload:
    by_name = {w.name.split()[0].replace("-like", ""): w for w in workloads.WORKLOADS}
    if name not in by_name:
        sys.exit(f"unknown workload {name!r}: one of {', '.join(by_name)}")
    return by_name[name]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workload", default="TPC-B", help="first word of a bench/run.py workload (default TPC-B)")
    parser.add_argument("--seconds", type=float, default=3.0, help="profile for about this long (default 3)")
    parser.add_argument("--threshold", type=float, default=0.02, help="hide frames under this share (default 0.02)")
    args = parser.parse_args()

    workload = _workload(args.workload)
    conn = workloads._in_process_engines()["pydsql"]
    workload.setup(conn, "pydsql")
    workload.run(conn, "pydsql")  # warm: plans cached, tables built

    profiler = Profiler(interval=0.0002)
    rounds = 0
    deadline = time.perf_counter() + args.seconds
    profiler.start()
    while time.perf_counter() < deadline:
        workload.run(conn, "pydsql")
        rounds += 1
    session = profiler.stop()

    per_op = session.duration / (rounds * workload.ops) * 1e6
    print(f"{workload.name}: {rounds} rounds of {workload.ops} operations, {per_op:.1f} us per operation "
          f"(under the profiler), {session.sample_count} samples")
    renderer = ConsoleRenderer(
        unicode=False, color=False, short_mode=True, processor_options={"filter_threshold": args.threshold}
    )
    print(renderer.render(session))


if __name__ == "__main__":
    main()
