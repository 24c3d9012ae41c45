"""What each extension and the theme cost (``--extensions``): the site built without each in turn.

Each round builds the site as it is, once without each extension (but those the pages need to
parse) and once with the basic theme instead of furo, starting at a different one each time. It
compares the CPU time, not the wall time: the differences are small, and CPU time is the less noisy
of the two; and the first views. The builds leave out -W, as a build without an extension may warn
about its settings.
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

from bench_builds import COMPARE, sphinx
from bench_pages import content_and_search
from bench_report import say
from page_weight import KB
from sphinx_build import read_conf

#: What the pages cannot be read without; every other extension is left out in turn.
NEEDED = {"runnable", "sphinx.ext.extlinks"}


def without_each(src: Path, work: Path, runs: int) -> list[str]:
    extensions = read_conf(src).extensions
    variants = {"as it is": []}
    variants |= {f"without {name}": ["-D", "extensions=" + ",".join(e for e in extensions if e != name)]
                 for name in extensions if name not in NEEDED}
    variants["the basic theme instead of furo"] = ["-D", "html_theme=basic"]

    def summary(out: Path) -> tuple[float, float, float, float]:
        pages, search = content_and_search(src, out)
        sizes = [v.size for v in pages]
        return (statistics.median(sizes) / KB, max(sizes) / KB, max(len(v.items) for v in pages), search.size / KB)

    times: dict[str, list[float]] = {label: [] for label in variants}
    weights: dict[str, tuple] = {}
    labels = list(variants)
    for run in range(runs):
        say(f"bench: builds without each extension, {run + 1} of {runs}")
        for label in labels[run % len(labels):] + labels[:run % len(labels)]:  # no variant always first
            out = work / "without"
            shutil.rmtree(out, ignore_errors=True)
            _, done = sphinx(*COMPARE, *variants[label], "-b", "html", "-d", str(out / "doctrees"),
                             str(src), str(out / "html"))
            times[label].append(done.cpu)
            weights[label] = summary(out / "html")
    base_time, base = statistics.median(times.pop("as it is")), weights.pop("as it is")
    lines = ["", f"{'What each costs: saved without it':40} {'CPU s':>6} {'median':>7} {'largest':>7} {'requests':>8} "
             f"{'search':>7}", f"{'(pages in kB gzip)':40} {'':6} {'page':>7} {'page':>7} {'':8} {'page':>7}"]
    for label, cpu_times in times.items():
        saved = [b - a for a, b in zip(weights[label], base, strict=True)]
        lines.append(f"{label:40} {base_time - statistics.median(cpu_times):6.2f} {saved[0]:7.1f} {saved[1]:7.1f} "
                     f"{saved[2]:8g} {saved[3]:7.1f}")
    return lines
