"""How soon a reader's example answers: the example suite's wall time, and each example's start-up.

For each example, the time from starting its command(s) (tests/runner.py's ``running()``) to every
one of them accepting connections, the median of three starts; the slowest example is reported.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

from bench_report import Figure, say

#: The budget: every example answers within 1.5 s of starting.
SLOWEST_START = 1.5


def examples(src: Path) -> tuple[list[Figure], list[str]]:
    say("bench: the example suite")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-n", "auto", "-q", "-p", "no:cacheprovider",
                           "tests/test_examples.py"], cwd=src, capture_output=True, text=True)
    suite = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"bench: the example suite fails; fix that first:\n{done.stdout[-3000:]}")
    summary = done.stdout.strip().splitlines()[-1].strip("= ")

    say("bench: starting each example")
    import runner  # tests/runner.py: bench.py puts tests/ on the path

    starts = {}
    for example in runner.collect(src):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            with runner.running(example, src):
                times.append(time.perf_counter() - started)
        starts[example] = statistics.median(times)
    slowest = max(starts, key=starts.get)
    figures = [
        Figure("example suite, wall time (s)", suite, " s",
               f"pytest -n auto tests/test_examples.py on {os.cpu_count()} CPUs: {summary}"),
        Figure("slowest example, start to first connection (s)", starts[slowest], " s",
               f"{slowest.where}; median of 3 starts", budget=SLOWEST_START),
        Figure("median example, start to first connection (s)", statistics.median(starts.values()), " s",
               f"{len(starts)} examples"),
    ]
    detail = ["", f"{'Start to first connection, median of 3':60} {'commands':>8} {'s':>6}"]
    detail += [f"{e.where + ' ' + PurePosixPath(e.files[0]).name:60} {len(e.servers):8} {t:6.2f}"
               for e, t in starts.items()]
    return figures, detail
