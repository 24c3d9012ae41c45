"""How long a reader of the README and a contributor wait for the HTML: the full build, and a one-page edit.

- The full build: ``sphinx-build -n -W --keep-going -T -b html``, as ``tox -e docs`` runs it,
  into a fresh output and doctree folder, divided by the *bare build* of the same sources. The bare
  build is Sphinx alone: the same pages and the same reStructuredText settings (exclude_patterns,
  rst_epilog, nitpicky, language, read from conf.py), the "basic" theme and no extension. The two
  things of ours a page needs to parse get stand-ins registered by the bare conf.py (see BARE):
  the ``runnable`` directive shows its transcript as a literal block, without reading the example
  files, and each extlinks role (``:pypi:``, ``:repo:``...) shows its text. Both builds run as a
  new ``python -m sphinx`` process, interleaved, and each time is the median of ``--runs``.
- The one-page edit: after a full build, a paragraph is appended to EDITED and the same command
  rebuilds incrementally; the median of ``--runs`` edits, divided by the full build.
"""

from __future__ import annotations

import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_report import Figure, say
from sphinx_build import read_conf
from sphinx_options import sphinx_options, without_warnings_as_errors

#: The budgets: the full build takes at most twice the bare one; an edit shows in 0.6 of a full build.
FULL_OVER_BARE = 2.0
EDIT_OVER_FULL = 0.6
#: The page the one-page edit changes: a scenario page with several runnable examples.
EDITED = "guide/wsgi-container.rst"
#: The build the README and tox run (tox -e docs, tests/conftest.py), and the comparisons' (no -W).
BUILD = [*sphinx_options(), "-q"]
COMPARE = [*without_warnings_as_errors(sphinx_options()), "-q"]

BARE = '''\
"""The bare build tools/bench_builds.py compares the site's build with: Sphinx alone, on the same pages.

Written by the benchmark. The basic theme and no extension; the reStructuredText settings of the
real conf.py; stand-ins for what of ours the pages need to parse.
"""

from docutils import nodes
from docutils.parsers.rst import Directive, directives

project = {project!r}
exclude_patterns = {exclude_patterns!r}
rst_epilog = {rst_epilog!r}
nitpicky = {nitpicky!r}
language = {language!r}
html_theme = "basic"


class Runnable(Directive):
    """The runnable directive's transcript as a literal block; the example files are not read."""

    required_arguments = 1
    optional_arguments = 10
    has_content = True
    option_spec = {{name: directives.unchanged for name in {options!r}}}

    def run(self):
        return [nodes.literal_block(text="\\n".join(self.content))]


class Scenarios(Directive):
    """The home table is made from the pages; the bare build has none."""

    option_spec = {{"widths": directives.unchanged}}

    def run(self):
        return []


def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """An extlinks role's text, without the link."""
    return [nodes.Text(text)], []


def setup(app):
    app.add_directive("runnable", Runnable)
    app.add_directive("scenarios", Scenarios)
    for role in {roles!r}:
        app.add_role(role, text_role)
'''


def write_bare_conf(src: Path, folder: Path) -> Path:
    conf = read_conf(src)
    from runnable import RunnableDirective

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(BARE.format(
        project=conf.project, exclude_patterns=conf.exclude_patterns, rst_epilog=conf.rst_epilog,
        nitpicky=conf.nitpicky, language=conf.language, options=sorted(RunnableDirective.option_spec),
        roles=sorted(conf.extlinks)), encoding="utf-8")
    return folder


def cpu() -> float:
    """CPU seconds of the children waited for so far (with theirs, such as git): less noisy than wall time."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def sphinx(*args: str, env: dict | None = None, check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``python -m sphinx`` with these arguments; return the wall time and the result (.cpu: CPU time)."""
    started, cpu_before = time.perf_counter(), cpu()
    done = subprocess.run([sys.executable, "-m", "sphinx", *args], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)
    took = time.perf_counter() - started
    done.cpu = cpu() - cpu_before
    if check and done.returncode != 0:
        raise SystemExit(f"bench: sphinx-build {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return took, done


def medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)


def builds(src: Path, work: Path, runs: int) -> tuple[tuple[float, float], tuple[float, float], Path]:
    """Median (wall, CPU) times of the full and the bare build, interleaved; the HTML of the last full build."""
    bare_conf = write_bare_conf(src, work / "bare-conf")
    full, bare = [], []
    for run in range(runs):
        say(f"bench: full and bare builds, {run + 1} of {runs}")
        out = work / f"full-{run}"
        took, done = sphinx(*BUILD, "-b", "html", "-d", str(out / "doctrees"), str(src), str(out / "html"))
        full.append((took, done.cpu))
        plain = work / f"bare-{run}"
        took, done = sphinx(*COMPARE, "-c", str(bare_conf), "-b", "html",
                            "-d", str(plain / "doctrees"), str(src), str(plain / "html"))
        bare.append((took, done.cpu))
        shutil.rmtree(plain)
        if run < runs - 1:
            shutil.rmtree(out)
    return medians(full), medians(bare), out / "html"


def edits(src: Path, work: Path, runs: int) -> tuple[tuple[float, float], str]:
    """Median time to rebuild after a paragraph is added to EDITED; what the last rebuild read and wrote."""
    out = work / "edit"
    command = [*BUILD, "-b", "html", "-d", str(out / "doctrees"), str(src), str(out / "html")]
    sphinx(*command)
    page = src / EDITED
    original = page.read_text(encoding="utf-8")
    times = []
    try:
        for run in range(runs):
            page.write_text(original + f"\n\nA paragraph the benchmark adds, number {run}.\n", encoding="utf-8")
            took, done = sphinx(*command)
            times.append((took, done.cpu))
        # Once more, verbosely, to say what an edit rebuilds.
        page.write_text(original + "\n\nThe benchmark's last paragraph.\n", encoding="utf-8")
        _, done = sphinx(*[a for a in command if a != "-q"])
    finally:
        page.write_text(original, encoding="utf-8")
    read = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", done.stdout)
    written = re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", done.stdout)
    what = f"{read.group(2)} page read, " if read else ""
    return medians(times), f"{what}{len(written)} written"


def speed(src: Path, work: Path, full: tuple[float, float], bare: tuple[float, float], runs: int) -> list[Figure]:
    """The full build against the bare one, and the one-page edit against the full build."""
    (full_wall, full_cpu), (bare_wall, bare_cpu) = full, bare
    (edit_wall, edit_cpu), edited = edits(src, work, runs)
    return [
        Figure("html build / bare build", full_wall / bare_wall, "x",
               f"{full_wall:.2f} s / {bare_wall:.2f} s, medians of {runs}; CPU time {full_cpu / bare_cpu:.2f}x",
               budget=FULL_OVER_BARE),
        Figure("one-page edit / full build", edit_wall / full_wall, "x",
               f"{edit_wall:.2f} s, median of {runs}; CPU time {edit_cpu / full_cpu:.2f}x; {EDITED}: {edited}",
               budget=EDIT_OVER_FULL),
    ]
