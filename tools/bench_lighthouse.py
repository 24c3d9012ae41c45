"""What a reader on a phone waits for: Lighthouse's mobile scores for every page, served as a host would.

Debian's nginx serves the built site, gzip-compressed, under /en/latest/ (as Read the Docs does), on
127.0.0.1; Lighthouse, from the npm registry (LIGHTHOUSE, installed once into _build/), drives
Debian's Chromium in its default mobile preset: a mid-range phone on a slow 4G network, simulated.
Each page is measured ``runs`` times and each figure is the median. The search page is measured
with a query, so that its results arrive while it is measured.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_report import ROOT, Figure, say
from browser_tab import CHROMIUM
from page_weight import first_views
from runner import free_port

LIGHTHOUSE = "lighthouse@12.8.2"  # 13 needs Node.js 22; Debian 12 has 18
NODE = (18, 16)  # LIGHTHOUSE's "engines"
NPM_FOLDER = ROOT / "_build" / "lighthouse-npm"
SEARCH = "search.html?q=which+tool"
#: The least each may be: a content page, the search page (which loads its index and scripts first).
PERFORMANCE, SEARCH_PERFORMANCE, ACCESSIBILITY, BEST_PRACTICES = 0.99, 0.95, 1.0, 1.0
SEARCH_SHIFT = 0.1  # the most the search page's layout may shift (CLS) as its results arrive
CATEGORIES = ("performance", "accessibility", "best-practices")

NGINX_CONF = """\
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    gzip on;
    gzip_comp_level 6;
    gzip_types text/css application/javascript text/javascript image/svg+xml application/json;
    server {{
        listen 127.0.0.1:{port};
        location /en/latest/ {{
            alias {html}/;
        }}
    }}
}}
"""


@dataclass
class Result:
    """One page's medians."""

    page: str
    scores: dict[str, float]
    lcp: float  # seconds
    cls: float
    kb: float  # transferred, as Lighthouse counts it
    requests: int


def missing() -> str:
    """Why Lighthouse cannot run here, with what to install; "" when it can."""
    absent = [name for name in ("node", "npm", "nginx") if not shutil.which(name)]
    if not Path(CHROMIUM).is_file():
        absent.append(CHROMIUM)
    if not absent:
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        major, minor = (int(part) for part in node.lstrip("v").split(".")[:2])
        return "" if (major, minor) >= NODE else f"{LIGHTHOUSE} needs Node.js {NODE[0]}.{NODE[1]} or newer, not {node}"
    return (f"not installed: {', '.join(absent)}. On Debian or Ubuntu: "
            "sudo apt-get install --no-install-recommends nginx chromium nodejs npm")


def installed() -> Path:
    """Lighthouse's command-line script, installed from the npm registry the first time."""
    cli = NPM_FOLDER / "node_modules" / "lighthouse" / "cli" / "index.js"
    wanted = LIGHTHOUSE.rpartition("@")[2]
    package = cli.parent.parent / "package.json"
    if not package.is_file() or json.loads(package.read_text())["version"] != wanted:
        say(f"bench: installing {LIGHTHOUSE} from the npm registry into {NPM_FOLDER.relative_to(ROOT)}")
        done = subprocess.run(["npm", "install", "--prefix", str(NPM_FOLDER), "--no-save", "--no-audit",
                               "--no-fund", "--ignore-scripts", "--loglevel=error", LIGHTHOUSE])
        if done.returncode:
            raise SystemExit(f"bench: npm could not install {LIGHTHOUSE} (exit {done.returncode}): is the npm "
                             "registry reachable? Or leave this part out: --skip lighthouse")
    return cli


def serve(html: Path, tmp: Path) -> tuple[subprocess.Popen, str]:
    """nginx serving the site in the foreground, and the site's address; stop it by its PID."""
    port = free_port()
    # As root, nginx's workers become "nobody", who may not read a private temporary folder.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, tmp=tmp, port=port, html=html.resolve()))
    server = subprocess.Popen(["nginx", "-p", str(tmp), "-c", str(conf), "-g", "daemon off;"],
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                stop(server)
                log = tmp / "error.log"
                said = server.stderr.read() + (log.read_text() if log.is_file() else "")
                raise SystemExit(f"bench: nginx did not start: {said}") from None
            time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}/en/latest/"


def stop(server: subprocess.Popen) -> None:
    """nginx's graceful stop (SIGQUIT to the PID we started, which stops its workers), else SIGKILL."""
    server.send_signal(signal.SIGQUIT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def one_run(cli: Path, url: str, out: Path) -> dict:
    # Its own process group: on a timeout, Chromium goes with Lighthouse. Chromium's sandbox refuses
    # to start as root (containers, CI), and the pages are our own.
    command = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={CHROMIUM}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
    run = subprocess.Popen(command, start_new_session=True)
    try:
        code = run.wait(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        raise SystemExit(f"bench: Lighthouse took more than 180 s on {url}") from None
    if code:
        raise SystemExit(f"bench: Lighthouse failed on {url} (exit {code}): what it said is above")
    report = json.loads(out.read_text())
    failed = [audit["id"] for audit in report["audits"].values() if audit.get("scoreDisplayMode") == "error"]
    if report.get("runtimeError") or failed:
        raise SystemExit(f"bench: Lighthouse could not measure {url}: {report.get('runtimeError') or failed}")
    return report


def measure(cli: Path, site: str, page: str, runs: int, tmp: Path) -> Result:
    reports = [one_run(cli, site + page, tmp / "report.json") for _ in range(runs)]

    def median(value) -> float:
        return statistics.median(value(r) for r in reports)

    def audit(name: str) -> float:
        return median(lambda r: r["audits"][name]["numericValue"])

    return Result(
        page,
        {c: median(lambda r, c=c: r["categories"][c]["score"]) for c in CATEGORIES},
        audit("largest-contentful-paint") / 1000,
        audit("cumulative-layout-shift"),
        audit("total-byte-weight") / 1024,
        round(median(lambda r: len(r["audits"]["network-requests"]["details"]["items"]))),
    )


def lighthouse(src: Path, html: Path, runs: int) -> tuple[list[Figure], list[str]]:
    why = missing()
    if why:
        return [Figure("lighthouse", None, missing=f"skipped: {why}")], []
    cli = installed()
    pages = [view.page for view in first_views(src, html) if view.source] + [SEARCH]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as folder:
        tmp = Path(folder)
        server, site = serve(html, tmp)
        try:
            for page in pages:
                results.append(measure(cli, site, page, runs, tmp))
        finally:
            stop(server)
    return figures(results), detail(results, runs)


def figures(results: list[Result]) -> list[Figure]:
    content = [r for r in results if r.page != SEARCH]
    search = next(r for r in results if r.page == SEARCH)

    def lowest(category: str, among: list[Result]) -> Result:
        return min(among, key=lambda r: r.scores[category])

    worst = lowest("performance", content)
    slowest = max(content, key=lambda r: r.lcp)
    every = lowest("accessibility", results), lowest("best-practices", results)
    return [
        Figure("lighthouse performance, lowest content page", worst.scores["performance"], "", worst.page,
               least=PERFORMANCE),
        Figure("lighthouse performance, search page", search.scores["performance"], "", SEARCH,
               least=SEARCH_PERFORMANCE),
        Figure("lighthouse accessibility, lowest page", every[0].scores["accessibility"], "", every[0].page,
               least=ACCESSIBILITY),
        Figure("lighthouse best practices, lowest page", every[1].scores["best-practices"], "", every[1].page,
               least=BEST_PRACTICES),
        Figure("largest contentful paint, slowest page (s)", round(slowest.lcp, 2), " s", slowest.page),
        Figure("layout shift (CLS), search page", round(search.cls, 3), "", SEARCH, budget=SEARCH_SHIFT),
    ]


def detail(results: list[Result], runs: int) -> list[str]:
    lines = ["", f"Lighthouse ({LIGHTHOUSE}, mobile preset), the median of {runs} runs a page",
             f"{'page':40} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'LCP s':>6} {'CLS':>6} {'KiB':>6} {'req':>4}"]
    for r in results:
        lines.append(f"{r.page:40} {r.scores['performance']:5.2f} {r.scores['accessibility']:5.2f} "
                     f"{r.scores['best-practices']:5.2f} {r.lcp:6.2f} {r.cls:6.3f} {r.kb:6.0f} {r.requests:4}")
    return lines
