"""How fast the guide builds and how much a reader downloads, against the budgets the site promises.

    tox -e bench    # or: python tools/bench.py [--runs 5] [--lighthouse-runs 3] [--write]
                    #     [--extensions] [--skip PART]

It prints one figure a line: a ratio, a size, or a time the budget names in seconds. A line with a
budget ends in "ok" or "OVER"; the script exits with status 1 when a budget is missed, naming it.
Everything is measured in a copy of the sources taken at the start (including .git, for the "last
updated" dates), so that edits made elsewhere during the run do not change it. Each measurement,
with its budgets, is a file of its own:

- bench_builds.py: the full build against a bare Sphinx build, and a one-page edit;
- bench_pages.py: each page's first view (counted by tests/page_weight.py, which a test checks too);
- bench_examples.py: the example suite's time and each example's start-up;
- bench_print.py: the PDF and EPUB builds;
- bench_lighthouse.py: Lighthouse's mobile scores for every page, served by nginx;
- bench_extensions.py (``--extensions``): what each extension and the theme cost;
- bench_report.py: the figures, and the report ``--write`` puts into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

# What the tests import from ([pytest] pythonpath in tox.ini): runner, built_site, page_weight, the extensions.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
from bench_builds import builds, speed
from bench_examples import examples
from bench_extensions import without_each
from bench_lighthouse import lighthouse
from bench_pages import weights
from bench_print import print_formats
from bench_report import REPORT, ROOT, Figure, load, machine, say, sources, write

#: Copied into the snapshot: everything but outputs, environments and caches.
NOT_COPIED = shutil.ignore_patterns("_build", ".tox", ".venv*", "__pycache__", ".pytest_cache", ".ruff_cache")
PARTS = ["builds", "pages", "examples", "print", "lighthouse"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds and edits to take the median of (5)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, metavar="RUNS",
                        help="Lighthouse runs a page to take the median of (3)")
    parser.add_argument("--write", action="store_true", help=f"write the figures into {REPORT.name}")
    parser.add_argument("--extensions", action="store_true",
                        help="also build without each extension, and with the basic theme, to show what each costs")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS,
                        help="leave out a part (while working on another); --write refuses then")
    args = parser.parse_args()
    if args.write and args.skip:
        parser.error("--write records a whole run: leave out --skip")

    load_before, measured = load(), sources()
    started = datetime.now(timezone.utc)
    figures: list[Figure] = []
    detail: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        src = work / "src"
        shutil.copytree(ROOT, src, ignore=NOT_COPIED)
        if {"builds", "pages", "print", "lighthouse"} - set(args.skip):
            full, bare, html = builds(src, work, 1 if "builds" in args.skip else args.runs)
        if "builds" not in args.skip:
            figures += speed(src, work, full, bare, args.runs)
        if args.extensions:
            detail += without_each(src, work, args.runs)
        if "pages" not in args.skip:
            page_figures, page_detail = weights(src, html)
            figures += page_figures
            detail += page_detail
        if "examples" not in args.skip:
            example_figures, example_detail = examples(src)
            figures += example_figures
            detail += example_detail
        if "print" not in args.skip:
            figures += print_formats(src, work, full[0])
        if "lighthouse" not in args.skip:
            lighthouse_figures, lighthouse_detail = lighthouse(src, html, args.lighthouse_runs)
            figures += lighthouse_figures
            detail += lighthouse_detail

    command = " ".join(["python tools/bench.py", *sys.argv[1:]])
    report = [
        f"{command}   ({started:%Y-%m-%d %H:%M} UTC)",
        measured,
        *machine(),
        f"Load average (1, 5, 15 min): {load_before} at the start, {load()} at the end",
        "",
        *(figure.line() for figure in figures),
        *detail,
    ]
    print("\n".join(report))
    missed = [f for f in figures if f.over]
    if args.write:
        write(report)
    for figure in missed:
        bound = f"at most {figure.budget:g}" if figure.budget is not None else f"at least {figure.least:g}"
        say(f"bench: over budget: {figure.name} is {figure.value:g}{figure.unit}, "
            f"the budget is {bound}{figure.unit}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
