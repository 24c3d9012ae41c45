"""How fast the guide builds and how much a reader downloads, against the budgets the site promises.

    tox -e bench    # or: python tools/bench.py [--runs 5] [--write] [--extensions] [--skip PART]

It prints one figure a line: a ratio, a size, or a time the budget names in seconds. A line with a
budget ends in "ok" or "OVER"; the script exits with status 1 when a budget is missed, naming it.
``--write`` puts the figures, the machine and the package versions into BENCHMARKS.md, between
its two "benchmark results" comments; the prose around them is written by hand.

What is measured, in a copy of the sources taken at the start (including .git, for the "last
updated" dates), so that edits made elsewhere during the run do not change it:

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
- Page weight: what a browser with an empty cache fetches for the first view of each page: the
  HTML, then every resource its tags load (the parser of tests/test_site.py, which checks that all
  of them are ours), then every ``url()`` those stylesheets load (an ``@import``, the first source
  of a ``@font-face``, an image under a selector the page has the classes and ids for); ``data:``
  URLs cost no request. Sizes are gzip level 6 (a web server's usual setting) of text files, and
  the bytes of images and fonts, which servers send as they are; HTTP headers are not counted.
  1 kB = 1000 bytes, as browsers' developer tools count. A page with no ``<link rel="icon">``
  costs one more request, for /favicon.ico.
- The examples: the wall time of ``pytest -n auto tests/test_examples.py``, and for each example
  the time from starting its command(s) (tests/runner.py's ``running()``) to every one of them
  accepting connections, the median of three starts; the slowest example is reported.
- The PDF (``sphinx-build -M latexpdf``) and EPUB (``-b epub``, not epubcheck) builds, once each,
  divided by the full HTML build; the PDF is skipped, saying why, where TeX is not installed.
- With ``--extensions``: the site built without each extension in turn (but those the pages need
  to parse), and with the basic theme instead of furo; the CPU time and the bytes each saves.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import resource
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from importlib import metadata
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from sphinx_options import sphinx_options, without_warnings_as_errors

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- benchmark results start -->", "<!-- benchmark results end -->"

#: The page the one-page edit changes: a scenario page with several runnable examples.
EDITED = "guide/wsgi-container.rst"
#: The build the README and tox run (tox -e docs, tests/conftest.py), and the comparisons' (no -W).
BUILD = [*sphinx_options(), "-q"]
COMPARE = [*without_warnings_as_errors(sphinx_options()), "-q"]
#: Copied into the snapshot: everything but outputs, environments and caches.
NOT_COPIED = shutil.ignore_patterns("_build", ".tox", ".venv*", "__pycache__", ".pytest_cache", ".ruff_cache")
#: Served as they are; every other file is sent gzip-compressed.
COMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".ico"}
#: The packages whose versions the report lists.
PACKAGES = ["sphinx", "docutils", "furo", "sphinx-copybutton", "sphinx-notfound-page",
            "sphinxext-opengraph", "rjsmin", "twisted", "klein", "flask", "pytest",
            "pytest-xdist"]

KB = 1000


@dataclass
class Budget:
    limit: float
    unit: str

    def met(self, value: float) -> bool:
        return value <= self.limit


BUDGETS = {
    "html build / bare build": Budget(1.5, "x"),
    "one-page edit / full build": Budget(0.6, "x"),
    "content page, largest (kB gzip)": Budget(32, " kB"),
    "content page, most requests": Budget(11, ""),
    "search page (kB gzip)": Budget(45, " kB"),
    "search page, requests": Budget(14, ""),
    "slowest example, start to first connection (s)": Budget(1.5, " s"),
}


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str = ""
    detail: str = ""
    missing: str = ""  # why there is no value: "skipped: ..." or "failed: ..."

    @property
    def budget(self) -> Budget | None:
        return BUDGETS.get(self.name)

    @property
    def over(self) -> bool:
        return self.value is not None and self.budget is not None and not self.budget.met(self.value)

    def line(self) -> str:
        if self.value is None:
            return f"{self.name:50} {self.missing}"
        digits = {"x": ".2f", " s": ".2f", " kB": ".1f"}.get(self.unit, "g")
        number = format(self.value, digits)
        text = f"{self.name:50} {number + self.unit:>10}"
        if self.budget:
            verdict = "OVER" if self.over else "ok"
            text += f"   budget <= {self.budget.limit:g}{self.budget.unit:4} {verdict:4}"
        else:
            text += " " * 23
        return f"{text}   {self.detail}".rstrip()


def say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# -- Builds ---------------------------------------------------------------------------------------

BARE = '''\
"""The bare build tools/bench.py compares the site's build with: Sphinx alone, on the same pages.

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


def text_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """An extlinks role's text, without the link."""
    return [nodes.Text(text)], []


def setup(app):
    app.add_directive("runnable", Runnable)
    for role in {roles!r}:
        app.add_role(role, text_role)
'''


def write_bare_conf(src: Path, folder: Path) -> Path:
    conf = runpy.run_path(str(src / "conf.py"))
    sys.path.insert(0, str(src / "_ext"))
    from runnable import RunnableDirective

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text(BARE.format(
        project=conf["project"], exclude_patterns=conf.get("exclude_patterns", []),
        rst_epilog=conf.get("rst_epilog", ""), nitpicky=conf.get("nitpicky", False),
        language=conf.get("language", "en"), options=sorted(RunnableDirective.option_spec),
        roles=sorted(conf.get("extlinks", {}))), encoding="utf-8")
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


def medians(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)


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


#: What the pages cannot be read without; --extensions leaves out every other extension in turn.
NEEDED = {"runnable", "sphinx.ext.extlinks"}


def without_each(src: Path, work: Path, runs: int) -> list[str]:
    """What each extension and the theme cost: build without it, compare the CPU time and the first views.

    The CPU time, not the wall time: the differences are small, and CPU time is the less noisy of the two.
    Each round builds the site as it is and once without each, starting at a different one each time;
    the builds leave out -W, as a build without an extension may warn about its settings.
    """
    extensions = runpy.run_path(str(src / "conf.py"))["extensions"]
    variants = {"as it is": []}
    variants |= {f"without {name}": ["-D", "extensions=" + ",".join(e for e in extensions if e != name)]
                 for name in extensions if name not in NEEDED}
    variants["the basic theme instead of furo"] = ["-D", "html_theme=basic"]

    def summary(out: Path) -> tuple[float, float, float, float]:
        pages, (search, _) = first_views(src, out)
        sizes = [size for size, _ in pages.values()]
        return (statistics.median(sizes) / KB, max(sizes) / KB, max(len(items) for _, items in pages.values()),
                search / KB)

    times: dict[str, list[float]] = {label: [] for label in variants}
    weights: dict[str, tuple] = {}
    labels = list(variants)
    for run in range(runs):
        say(f"bench: builds without each extension, {run + 1} of {runs}")
        for label in labels[run % len(labels):] + labels[:run % len(labels)]:  # no variant always first
            extra = variants[label]
            out = work / "without"
            shutil.rmtree(out, ignore_errors=True)
            _, done = sphinx(*COMPARE, *extra, "-b", "html", "-d", str(out / "doctrees"),
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


def print_formats(src: Path, work: Path, full: float) -> list[Figure]:
    sys.path.insert(0, str(src / "tools"))
    from need import missing

    figures = []
    why = missing("xelatex", "latexmk", "make")
    if why:
        figures.append(Figure("pdf build / full html build", None, missing=f"skipped: {why.splitlines()[0]}"))
    else:
        say("bench: the PDF")
        env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
        took, done = sphinx("-M", "latexpdf", str(src), str(work / "pdf"), *BUILD, env=env, check=False)
        if done.returncode:
            figures.append(Figure("pdf build / full html build", None,
                                  missing=f"failed (tox -e pdf says why): {' '.join(done.stderr.split())[-200:]}"))
        else:
            figures.append(Figure("pdf build / full html build", took / full, "x", f"{took:.1f} s"))
    say("bench: the EPUB")
    took, _ = sphinx(*BUILD, "-b", "epub", "-d", str(work / "epub-doctrees"), str(src), str(work / "epub"))
    figures.append(Figure("epub build / full html build", took / full, "x", f"{took:.1f} s, without epubcheck"))
    return figures


# -- Page weight ----------------------------------------------------------------------------------

def transfer_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in COMPRESSED else len(gzip.compress(data, compresslevel=6, mtime=0))


def local(url: str, base: Path, html: Path) -> Path | None:
    """The file a same-site URL names, or None for data: URLs; external URLs are an error."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        return None
    if parts.scheme or url.startswith("//"):
        raise SystemExit(f"bench: {base} loads {url} from another host; the site tests forbid that")
    return (base.parent / unquote(parts.path)).resolve() if parts.path else None


CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)")
CSS_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")


def css_loads(css: Path, classes: set[str], ids: set[str]) -> list[str]:
    """The url()s a stylesheet fetches for a page with these classes and ids."""
    text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
    found = CSS_IMPORT.findall(text)
    for selectors, body in CSS_RULE.findall(text):
        urls = [u for _, u in CSS_URL.findall(body) if not u.startswith("data:")]
        if not urls:
            continue
        if "@font-face" in selectors:
            found.append(urls[0])  # the first format a browser supports; fonts are woff2 first
            continue
        for selector in selectors.split(","):
            wanted_classes = set(re.findall(r"\.([\w-]+)", selector))
            wanted_ids = set(re.findall(r"#([\w-]+)", selector))
            if wanted_classes <= classes and wanted_ids <= ids:
                found.extend(urls)
                break
    return found


def first_view(page: Path, html: Path) -> tuple[int, list[tuple[str, int]]]:
    """Bytes and requests of a page's first view: [(what, bytes)], the HTML first."""
    from test_site import Page

    parsed = Page(page)
    text = page.read_text(encoding="utf-8")
    classes = {c for value in re.findall(r'class="([^"]*)"', text) for c in value.split()}
    ids = parsed.ids
    fetched: dict[Path, int] = {}
    queue = [local(url, page, html) for _, url in parsed.resources]
    while queue:
        path = queue.pop(0)
        if path is None or path in fetched:
            continue
        if not path.is_file():
            raise SystemExit(f"bench: {page.relative_to(html)} loads {path}, which the build did not make")
        fetched[path] = transfer_size(path)
        if path.suffix == ".css":
            queue += [local(url, path, html) for url in css_loads(path, classes, ids)]
    items = [(str(page.relative_to(html)), transfer_size(page))]
    items += [(str(p.relative_to(html)), size) for p, size in fetched.items()]
    if not re.search(r"<link\b[^>]*\brel=[\"']?[^>]*\bicon\b", text):
        items.append(("/favicon.ico (no <link rel=icon>)", 0))
    return sum(size for _, size in items), items


def first_views(src: Path, html: Path) -> tuple[dict[str, tuple[int, list]], tuple[int, list]]:
    """The first view of every content page, by docname, and of the search page."""
    from sphinx.project import Project

    sys.path.insert(0, str(src / "tests"))
    conf = runpy.run_path(str(src / "conf.py"))
    docnames = sorted(Project(src, [".rst"]).discover(conf.get("exclude_patterns", [])))
    return {name: first_view(html / f"{name}.html", html) for name in docnames}, first_view(html / "search.html", html)


def weights(src: Path, html: Path) -> tuple[list[Figure], list[str]]:
    pages, (search_size, search_items) = first_views(src, html)
    by_size = sorted(pages.items(), key=lambda item: item[1][0])
    by_requests = sorted(pages.items(), key=lambda item: len(item[1][1]))
    largest, most = by_size[-1], by_requests[-1]
    index = (html / "searchindex.js").read_bytes()
    figures = [
        Figure("content page, largest (kB gzip)", round(largest[1][0] / KB, 1), " kB", f"{largest[0]}.html"),
        Figure("content page, median (kB gzip)",
               round(statistics.median(size for size, _ in pages.values()) / KB, 1), " kB",
               f"{len(pages)} content pages"),
        Figure("content page, most requests", len(most[1][1]), "", f"{most[0]}.html, HTML included"),
        Figure("content page, median requests", statistics.median(len(items) for _, items in pages.values())),
        Figure("search page (kB gzip)", round(search_size / KB, 1), " kB", "search.html"),
        Figure("search page, requests", len(search_items), "", "HTML included"),
        Figure("searchindex.js (kB)", round(len(index) / KB, 1), " kB"),
        Figure("searchindex.js (kB gzip)", round(transfer_size(html / "searchindex.js") / KB, 1), " kB"),
    ]
    # What each page costs, what every page loads, what the search page adds, and what the HTML holds.
    shared = set.intersection(*({what for what, _ in items[1:]} for _, items in pages.values()))
    sizes = {what: size for _, items in pages.values() for what, size in items}
    detail = ["", f"{'First view (kB gzip)':40} {'HTML':>6} {'total':>6} {'requests':>9}"]
    for name, (size, items) in [*pages.items(), ("search", (search_size, search_items))]:
        detail.append(f"{name + '.html':40} {items[0][1] / KB:6.1f} {size / KB:6.1f} {len(items):9}")
    detail += ["", f"Loaded by every content page: {sum(sizes[w] for w in shared) / KB:.1f} kB gzip in "
               f"{len(shared)} requests"]
    detail += [f"  {what:38} {sizes[what] / KB:6.1f}" for what, _ in largest[1][1][1:] if what in shared]
    detail += ["The search page also loads:"]
    detail += [f"  {what:38} {size / KB:6.1f}" for what, size in search_items[1:] if what not in shared]
    detail += html_parts(html / f"{largest[0]}.html")
    return figures, detail


def html_parts(page: Path) -> list[str]:
    """Where the bytes of a page's HTML go: the theme around the article, the article's text, its markup."""
    def gz(text: str) -> float:
        return len(gzip.compress(text.encode(), compresslevel=6, mtime=0)) / KB

    text = page.read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", text, re.S)
    if not article:
        return []
    words = unescape(re.sub(r"<[^>]+>", "", article.group()))
    plain = re.sub(r'<span class="[^"]*">|</span>', "", article.group())
    whole, around = gz(text), gz(text.replace(article.group(), ""))
    return [
        "", f"The HTML of {page.name}: {whole:.1f} kB gzip",
        f"  {'the page around <article> (theme, sidebar)':50} {around:6.1f}",
        f"  {'<article>, its text alone':50} {gz(words):6.1f}",
        f"  {'<article>, its markup (what is left)':50} {whole - around - gz(words):6.1f}",
        f"  {'  of which syntax highlighting (<span>s)':50} {gz(article.group()) - gz(plain):6.1f}",
    ]


# -- Examples -------------------------------------------------------------------------------------

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
    sys.path.insert(0, str(src / "tests"))
    import runner

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
               f"{slowest.where}; median of 3 starts"),
        Figure("median example, start to first connection (s)", statistics.median(starts.values()), " s",
               f"{len(starts)} examples"),
    ]
    detail = ["", f"{'Start to first connection, median of 3':60} {'commands':>8} {'s':>6}"]
    detail += [f"{e.where + ' ' + PurePosixPath(e.files[0]).name:60} {len(e.servers):8} {t:6.2f}"
               for e, t in starts.items()]
    return figures, detail


# -- Report ---------------------------------------------------------------------------------------

def machine() -> list[str]:
    cpu = ""
    with open("/proc/cpuinfo") if Path("/proc/cpuinfo").exists() else open(os.devnull) as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"CPUs: {os.cpu_count()}{' x ' + cpu if cpu else ''}",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({sys.executable})",
        "Packages: " + ", ".join(versions),
    ]


def sources() -> str:
    """The commit the run measured, and whether the working tree differed from it."""
    try:
        head = subprocess.run(["git", "log", "-1", "--format=%h %cs"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "Sources: not a git checkout"
    return f"Sources: commit {head}" + (f", with {len(changed)} changed file(s) not committed" if changed else "")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def write(lines: list[str]) -> None:
    text = REPORT.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"bench: {REPORT.name} has no {START!r} ... {END!r} comments to write between")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    block = "\n".join(["```text", *(line.rstrip() for line in lines), "```"])
    REPORT.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")
    say(f"bench: wrote the figures into {REPORT.relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds and edits to take the median of (5)")
    parser.add_argument("--write", action="store_true", help=f"write the figures into {REPORT.name}")
    parser.add_argument("--extensions", action="store_true",
                        help="also build without each extension, and with the basic theme, to show what each costs")
    parser.add_argument("--skip", action="append", default=[], choices=["builds", "pages", "examples", "print"],
                        help="leave out a part (while working on another); --write refuses then")
    args = parser.parse_args()
    if args.write and args.skip:
        parser.error("--write records a whole run: leave out --skip")

    load_before, measured = load(), sources()
    started = datetime.now(UTC)
    figures: list[Figure] = []
    detail: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        src = work / "src"
        shutil.copytree(ROOT, src, ignore=NOT_COPIED)
        if {"builds", "pages", "print"} - set(args.skip):
            (full, full_cpu), (bare, bare_cpu), html = builds(src, work, 1 if "builds" in args.skip else args.runs)
        if "builds" not in args.skip:
            (edit, edit_cpu), edited = edits(src, work, args.runs)
            figures += [
                Figure("html build / bare build", full / bare, "x",
                       f"{full:.2f} s / {bare:.2f} s, medians of {args.runs}; CPU time {full_cpu / bare_cpu:.2f}x"),
                Figure("one-page edit / full build", edit / full, "x",
                       f"{edit:.2f} s, median of {args.runs}; CPU time {edit_cpu / full_cpu:.2f}x; "
                       f"{EDITED}: {edited}"),
            ]
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
            figures += print_formats(src, work, full)

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
        say(f"bench: over budget: {figure.name} is {figure.value:g}{figure.unit}, "
            f"the budget is {figure.budget.limit:g}{figure.budget.unit}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
