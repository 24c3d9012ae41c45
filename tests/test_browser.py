"""The reader's view, in a real browser: search, copy, offline, accessibility, small screens.

Headless Chromium from Debian (``/usr/bin/chromium``, which ``.ci/run`` installs from ``apt.txt``)
driven by Playwright opens the built site, served on 127.0.0.1 under the same path as the hosted
site, and, where a reader may open the files directly, from ``file://``. One browser serves the
whole session. Screenshots of the home page and a scenario page go to ``_build/screenshots/``.
"""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from conftest import ROOT, sphinx_build
from test_examples import EXAMPLES  # the examples the pages hold, as the runner runs them
from test_site import pages_in

sys.path[:0] = [str(ROOT / "_ext"), str(ROOT / "tools")]
from need import missing  # noqa: E402

from runnable import for_reader  # noqa: E402

# One worker of pytest-xdist (--dist loadgroup) runs this module: one browser, one site server.
pytestmark = pytest.mark.xdist_group("browser")

CHROMIUM = "/usr/bin/chromium"  # Debian's; a browser that Playwright downloads itself cannot be had here
# Without the background-networking flags, Chromium calls home at start-up: a closed network
# refuses it, and nothing of ours needs it.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

SCREENSHOTS = ROOT / "_build" / "screenshots"
DESKTOP, PHONE = 1280, 375
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MISSING = "guide/an/old/address.html"  # no such page: the server answers with the 404 page


# -- What a reader types into the search box, and the page that must come first -------------------
SEARCH = [
    # I type ...                            the first result must be ...
    ("serve my Flask app with Twisted",     "guide/wsgi-container"),
    ("twistd web --wsgi",                   "guide/wsgi-container"),
    ("run a Django project on Twisted",     "guide/wsgi-container"),
    ("Django",                              "guide/wsgi-container"),
    ("thread pool",                         "guide/wsgi-container"),
    ("push live updates to the browser",    "guide/live-updates"),
    ("WebSocket",                           "guide/live-updates"),
    ("Server-Sent Events",                  "guide/live-updates"),
    ("control panel for my server",         "guide/web-ui-for-a-twisted-app"),
    ("Athena COMET",                        "guide/web-ui-for-a-twisted-app"),
    ("XML-RPC server",                      "guide/rest-and-web-services"),
    ("SOAP",                                "guide/rest-and-web-services"),
    ("REST API JSON",                       "guide/rest-and-web-services"),
    ("put Twisted behind nginx",            "guide/behind-a-reverse-proxy"),
    ("client address behind a proxy",       "guide/behind-a-reverse-proxy"),
    ("wiki with Twisted",                   "guide/web-framework"),
    ("Klein",                               "guide/packages"),
    ("template escaping",                   "guide/web-framework"),
    ("SQL database",                        "guide/web-framework"),
    ("is Nevow still maintained",           "guide/packages"),
    ("Mantissa",                            "guide/packages"),
    ("treq HTTP client",                    "guide/packages"),
    ("what is a Deferred",                  "guide/glossary"),
    ("reactor",                             "guide/glossary"),
    ("mailing list",                        "guide/getting-help"),
]


# -- The site, served as the hosted site serves it ------------------------------------------------
@pytest.fixture(scope="session")
def hosted(html) -> str:
    """The hosted site's address, from the pages' own canonical links (html_baseurl)."""
    found = re.search(r'<link rel="canonical" href="([^"]+)index\.html"', (html / "index.html").read_text())
    assert found, "index.html has no canonical link: is html_baseurl set in conf.py?"
    return found.group(1)


@pytest.fixture(scope="session")
def site(html, hosted, tmp_path_factory) -> str:
    """Serve the site on 127.0.0.1 under the hosted site's path, with its 404 page for missing files."""
    prefix = urlsplit(hosted).path  # /en/latest/
    root = html
    if prefix.strip("/"):
        root = tmp_path_factory.mktemp("served")
        (root / prefix.strip("/")).parent.mkdir(parents=True)
        (root / prefix.strip("/")).symlink_to(html, target_is_directory=True)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (html / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()
    server.server_close()


def pages_of(html: Path) -> list[str]:
    """The site's pages as paths under its root, for URLs (test_site.pages_in: not _static, _downloads)."""
    return [p.relative_to(html).as_posix() for p in pages_in(html)]


@pytest.fixture(scope="session")
def pages(html) -> list[str]:
    """Every page of the site, as a path under the site's root (the 404 page is reached by a miss)."""
    return [p for p in pages_of(html) if p != "404.html"]


# -- One browser for the session, a tab per look ---------------------------------------------------
@pytest.fixture(scope="session")
def browser():
    reason = missing(CHROMIUM)
    if reason:
        pytest.skip(f"the browser tests need Chromium: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A browser tab in a look (light or dark, a width) that records what each visit does."""

    def __init__(self, browser, theme: str, width: int):
        # "auto-dark": furo's automatic theme on a system set to dark.
        self.context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 812},
                                           color_scheme="dark" if theme.endswith("dark") else "light")
        # furo reads the reader's choice from localStorage before it draws the page.
        self.context.add_init_script(f"localStorage.setItem('theme', '{theme.removesuffix('-dark')}')")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.requests: list = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(
            f"console: {m.text} (at {m.location.get('url')})"))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def visit(self, url: str):
        self.requests.clear()
        self.errors.clear()
        response = self.page.goto(url, wait_until="load")
        if "search.html?q=" in url:  # the results, and the pages they quote, come after the page loads
            results_shown(self.page)
            self.page.wait_for_load_state("networkidle")
        return response


def results_shown(page) -> None:
    """Wait for the search page to say that it has finished."""
    summary = page.locator("#search-results .search-summary")
    summary.filter(has_text=re.compile("Search finished|did not match")).wait_for()


@pytest.fixture(scope="session")
def tabs(browser):
    opened: dict[tuple[str, int], Tab] = {}

    def tab(theme: str = "light", width: int = DESKTOP) -> Tab:
        if (theme, width) not in opened:
            opened[theme, width] = Tab(browser, theme, width)
        return opened[theme, width]

    yield tab
    for t in opened.values():
        t.context.close()


def search(page, question: str) -> list[tuple[str, float, str]]:
    """Type the question into the sidebar's search box; return the results, best first: page, score, title."""
    box = page.locator("input.sidebar-search")
    box.fill(question)
    box.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    results_shown(page)
    return page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), Number(a.dataset.score), a.innerText])")


# -- Search ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("question, expected", SEARCH, ids=[q for q, _ in SEARCH])
def test_search_puts_the_right_page_first(tabs, site, question, expected):
    tab = tabs()
    tab.visit(site + "index.html")
    results = search(tab.page, question)
    listed = "\n  ".join(f"{score:g} {title} ({href})" for href, score, title in results)
    assert results and urlsplit(results[0][0]).path == f"{expected}.html", (
        f"searching for {question!r} should find {expected} first; the results were:\n  {listed}")
    # Not by the alphabet: Sphinx lists results of equal score by title, and "Glossary" comes early.
    others = [score for href, score, _ in results if urlsplit(href).path != f"{expected}.html"]
    assert not others or results[0][1] > max(others), (
        f"searching for {question!r} finds {expected} first only by its title's place in the alphabet: give the "
        f"page an `.. index::` entry for the words (see _static/search-scorer.js); the results were:\n  {listed}")


def test_search_works_from_a_file_url(tabs, html):
    """A reader who opens the unpacked site from disk can search it too (searchindex.js is a script)."""
    tab = tabs()
    tab.visit((html / "index.html").as_uri())
    results = search(tab.page, "WebSocket")
    assert results and results[0][0].startswith("guide/"), f"searching from file:// found nothing useful: {results}"


def test_a_search_result_opens_with_the_searched_words_marked(tabs, site):
    """sphinx_highlight.js is loaded only after a search (_ext/lean_pages.py); it must still mark the words."""
    tab = tabs()
    tab.visit(site + "index.html")
    search(tab.page, "Mantissa")
    tab.page.locator("#search-results ul.search li > a").first.click()
    tab.page.wait_for_load_state("load")
    marked = tab.page.locator("span.highlighted")
    marked.first.wait_for(timeout=5000)
    assert marked.first.inner_text().lower() == "mantissa"
    assert not tab.errors, tab.errors


# -- Copy ------------------------------------------------------------------------------------------
def test_each_copy_button_copies_the_command_the_runner_runs(tabs, site):
    """Each example's two command blocks: the command(s) that start it, and the transcript's commands."""
    tab = tabs()
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                  origin=urlsplit(site)._replace(path="").geturl())
    wrong = []
    for page in sorted({e.page for e in EXAMPLES}):
        on_page = [e for e in EXAMPLES if e.page == page]
        tab.visit(site + page.removesuffix(".rst") + ".html")
        blocks = tab.page.locator("div.runnable")
        assert blocks.count() == len(on_page), f"{page}: {blocks.count()} runnable blocks for {len(on_page)} examples"
        for index, example in enumerate(on_page):
            consoles = blocks.nth(index).locator("div.highlight-console")
            expected = ["\n".join(for_reader(s) for s in example.servers),
                        "\n".join(for_reader(step.command) for step in example.steps)]
            for console, want in zip([consoles.nth(0), consoles.nth(1)], expected, strict=True):
                tab.page.evaluate("navigator.clipboard.writeText('')")
                console.hover()
                console.locator("button.copybtn").click()
                got = tab.page.evaluate("navigator.clipboard.readText()")
                if got != want:
                    wrong.append(f"{example.where}: the copy button copies {got!r}, the runner runs {want!r}")
    assert not wrong, "\n".join(wrong)


# -- Offline and private ---------------------------------------------------------------------------
def test_no_page_asks_another_origin_or_logs_an_error(tabs, site, pages):
    tab = tabs()
    origin = urlsplit(site).netloc
    problems = []
    for path in pages + ["search.html?q=twisted", MISSING]:
        tab.visit(site + path)
        problems += [f"{path}: requests {r.url}" for r in tab.requests
                     if urlsplit(r.url).scheme != "data" and urlsplit(r.url).netloc != origin]
        # A miss answers 404, as it should, and Chromium logs that; nothing else may fail.
        problems += [f"{path}: {e}" for e in tab.errors if not (path == MISSING and e.endswith(f"(at {site}{path})"))]
    assert not problems, "\n".join(problems)


def test_a_missing_address_gets_the_404_page_and_a_way_home(tabs, site):
    tab = tabs()
    response = tab.visit(site + MISSING)
    assert response.status == 404 and tab.page.title().startswith("Page not found")
    failed = [f"{r.url}: {r.response().status if r.response() else r.failure}" for r in tab.requests[1:]
              if not r.response() or r.response().status >= 400]
    assert not failed, "the 404 page, two folders deep, cannot load:\n" + "\n".join(failed)
    tab.page.get_by_role("link", name="the home page").click()
    tab.page.wait_for_url(site + "index.html")


def test_every_page_works_offline_from_file_urls(tabs, html, pages):
    tab = tabs()
    problems = []
    for path in pages:
        tab.visit((html / path).as_uri())
        problems += [f"{path}: requests {r.url}" for r in tab.requests
                     if urlsplit(r.url).scheme not in ("file", "data")]
        problems += [f"{path}: {e}" for e in tab.errors]
    assert not problems, "\n".join(problems)


# -- Accessibility ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core, as the pinned axe-playwright-python wheel ships it (no npm needed)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, axe_script: str) -> list[str]:
    page.add_script_tag(content=axe_script)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"      {', '.join(map(str, n['target']))}: {n['failureSummary'].splitlines()[-1].strip()}"
        for n in v["nodes"][:5]) for v in result["violations"]]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(tabs, site, pages, axe_script, theme):
    tab = tabs(theme)
    found = []
    for path in pages + ["search.html?q=twisted", MISSING]:
        tab.visit(site + path)
        found += [f"{path}: {v}" for v in axe_violations(tab.page, axe_script)]
    assert not found, f"axe-core (WCAG 2.1 A and AA) in the {theme} theme:\n" + "\n".join(found)


# -- Trimmed stylesheets (_ext/lean_static.py) change nothing a reader sees ------------------------
# For every element, and its ::before and ::after where drawn: a digest of its computed
# value of each property the whole stylesheets set (shorthands included, custom properties not).
STYLE_DIGESTS = """names => [...document.querySelectorAll('*')].flatMap((e, i) =>
  [null, '::before', '::after'].map(pseudo => {
    const style = getComputedStyle(e, pseudo);
    const drawn = !pseudo || !['none', 'normal'].includes(style.content);
    let text = drawn ? names.map(n => style.getPropertyValue(n)).join(';') : 'not drawn';
    text = text.replaceAll(document.baseURI.replace(/[^/]*$/, ''), '');  // the two sites' folders differ
    let hash = 2166136261;  // FNV-1a
    for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 16777619) >>> 0;
    return [e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('')
            + (pseudo || '') + ' (element ' + i + ')', hash, pseudo, i];
}))"""
STYLE_OF = """([names, i, pseudo]) => {
    const style = getComputedStyle(document.querySelectorAll('*')[i], pseudo);
    return Object.fromEntries(names.map(n => [n, style.getPropertyValue(n)])); }"""


def use(page) -> None:
    """What a reader does on a page: scroll down and a little up (the contents' scroll-spy, the
    back-to-top button), then point at a code block and press its copy button."""
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(300)
    block = page.locator("div.highlight-python").first
    block.hover()
    block.locator("button.copybtn").click()


# Light at desktop width on every page; the dark theme's and the phone's rules have the same class
# names as the light ones (under body[data-theme] or an @media), so a few pages show them. Then a
# page after a reader has used it: what scripts change (classes they add) is styled too.
TWO = ["index.html", "guide/rest-and-web-services.html"]
LOOKS = [("light", DESKTOP, None, None), ("dark", DESKTOP, TWO, None), ("auto-dark", DESKTOP, TWO, None),
         ("light", PHONE, TWO, None), ("light", DESKTOP, ["guide/rest-and-web-services.html"], use)]


@pytest.fixture(scope="session")
def untrimmed(tmp_path_factory) -> Path:
    """The site built without _ext/lean_static.py: every stylesheet whole."""
    import runpy

    extensions = [e for e in runpy.run_path(str(ROOT / "conf.py"))["extensions"] if e != "lean_static"]
    out = tmp_path_factory.mktemp("untrimmed")
    done = sphinx_build("html", out, "-D", "extensions=" + ",".join(extensions))
    assert done.returncode == 0, f"the site does not build without lean_static:\n{done.stderr}"
    return out


def properties_set(site: Path) -> list[str]:
    """Every property a declaration in the site's stylesheets sets, custom properties left out."""
    css = " ".join(p.read_text(encoding="utf-8") for p in (site / "_static").rglob("*.css"))
    return sorted(set(re.findall(r"[{;]\s*([a-z][a-z-]*)\s*:", css)))


@pytest.mark.parametrize("theme, width, sample, then", LOOKS,
                         ids=[f"{t}-{w}" + ("-used" if a else "") for t, w, _, a in LOOKS])
def test_trimmed_stylesheets_change_no_computed_style(browser, html, untrimmed, pages, theme, width, sample, then):
    tab = Tab(browser, theme, width)  # a tab of its own: what other tests left in localStorage changes pages
    names = properties_set(untrimmed)
    changed = []
    for path in sample or pages + ["search.html?q=twisted+web"]:
        looks = {}
        for site in (html, untrimmed):
            tab.visit(site.as_uri() + "/" + path)
            if then:
                then(tab.page)
            looks[site] = tab.page.evaluate(STYLE_DIGESTS, names)
        trimmed, whole = looks[html], looks[untrimmed]
        assert [t[0] for t in trimmed] == [w[0] for w in whole], f"{path}: the two builds differ in their elements"
        different = [t for t, w in zip(trimmed, whole, strict=True) if t[1] != w[1]]
        if different:
            label, _, pseudo, index = different[0]
            style = {}
            for site in (html, untrimmed):
                tab.visit(site.as_uri() + "/" + path)
                if then:
                    then(tab.page)
                style[site] = tab.page.evaluate(STYLE_OF, [names, index, pseudo])
            diff = [f"{n}: {style[html][n]!r}, whole {style[untrimmed][n]!r}" for n in names
                    if style[html][n] != style[untrimmed][n]]
            changed.append(f"{path}: {len(different)} element(s) look different, the first {label}:\n      "
                           + "\n      ".join(diff[:8]))
    tab.context.close()
    assert not changed, (f"in the {theme} theme at {width} px, a trimmed stylesheet changed what a reader sees "
                         "(_ext/lean_static.py dropped a rule the page needs):\n" + "\n".join(changed))


# -- Small screens ---------------------------------------------------------------------------------
def test_no_page_scrolls_sideways_on_a_phone(tabs, site, pages):
    tab = tabs("light", PHONE)
    wide = []
    for path in pages:
        tab.visit(site + path)
        width = tab.page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        if width[0] > width[1]:
            culprits = tab.page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 1)
                .filter(e => !e.closest('.sidebar-drawer, .toc-drawer'))
                .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
            wide.append(f"{path}: {width[0]} px wide in a {width[1]} px screen: {culprits}")
    assert not wide, "\n".join(wide)


def test_the_navigation_opens_on_a_phone(tabs, site):
    tab = tabs("light", PHONE)
    tab.visit(site + "guide/glossary.html")
    link = tab.page.locator(".sidebar-drawer a", has_text="I want a container for my WSGI application")
    assert not link.is_visible() or link.bounding_box()["x"] < 0, "the sidebar is open before it is asked for"
    tab.page.locator("label.nav-overlay-icon").click()
    link.wait_for(state="visible")
    tab.page.wait_for_function("document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0")
    link.click()
    tab.page.wait_for_url("**/guide/wsgi-container.html")


# -- The decision chart ----------------------------------------------------------------------------
def test_the_decision_chart_links_each_scenario_and_follows_the_theme(tabs, site):
    colours = {}
    for theme in ("light", "dark"):
        tab = tabs(theme)
        tab.visit(site + "index.html")
        chart = tab.page.locator("svg.decision-chart")
        assert chart.get_attribute("role") == "group" and chart.get_attribute("aria-labelledby")
        assert chart.locator("title").count() == 1 and chart.locator("desc").count() == 1
        links = chart.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert {urlsplit(h).path for h in links} >= {f"guide/{p}.html" for p in (
            "wsgi-container", "web-ui-for-a-twisted-app", "rest-and-web-services", "web-framework")}
        colours[theme] = chart.locator("text").first.evaluate("t => getComputedStyle(t).fill")
    assert colours["light"] != colours["dark"], f"the chart's text is {colours['light']} in both themes"


# -- Screenshots -----------------------------------------------------------------------------------
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", ["index.html", "guide/wsgi-container.html"])
def test_screenshot(tabs, site, path, width, theme):
    """Pictures of the reader's view, for a person to look at: _build/screenshots/*.png."""
    tab = tabs(theme, width)
    tab.visit(site + path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"{Path(path).stem}-{'desktop' if width == DESKTOP else 'phone'}-{theme}.png"
    tab.page.screenshot(path=SCREENSHOTS / name, full_page=True)
    png = (SCREENSHOTS / name).read_bytes()
    shown_width = int.from_bytes(png[16:20], "big")  # the PNG header's IHDR width
    assert png.startswith(b"\x89PNG") and shown_width == width, f"{name}: {shown_width} px wide, not {width}"
    assert tab.page.evaluate("document.body.dataset.theme") == theme, f"{name} does not show the {theme} theme"


# -- What the hosted site adds: 404 page, sitemap, link previews, favicon, last updated -----------
# These read the built files; they need no browser.
def test_the_404_page_links_to_the_hosted_site(html, hosted):
    text = (html / "404.html").read_text(encoding="utf-8")
    prefix = urlsplit(hosted).path
    assert "Page not found" in text
    assert f'href="{prefix}_static/styles/furo.css' in text, "the 404 page's stylesheet is not at the site's path"
    assert f'href="{prefix}guide/wsgi-container.html"' in text


def test_the_sitemap_lists_every_page_at_its_hosted_address(html, hosted):
    tree = ElementTree.parse(html / "sitemap.xml")
    listed = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    wanted = {hosted + p for p in pages_of(html) if p not in ("search.html", "genindex.html", "404.html")}
    assert listed == wanted


@pytest.mark.parametrize("path", ["index.html", "guide/wsgi-container.html"])
def test_each_page_has_a_link_preview(html, hosted, path):
    text = (html / path).read_text(encoding="utf-8")
    assert re.search(r'<meta property="og:title" content="[^"]+"', text)
    assert f'<meta property="og:url" content="{hosted}{path}"' in text
    assert '<meta property="og:image"' not in text  # no generated social card


def test_the_favicon_is_in_the_page(html):
    icon = re.search(r'<link rel="icon" href="([^"]+)"', (html / "index.html").read_text(encoding="utf-8"))
    assert icon, "no favicon link"
    url = icon.group(1)
    if url.startswith("data:image/svg+xml,"):
        ElementTree.fromstring(unquote(url.removeprefix("data:image/svg+xml,")))  # parses as SVG
    else:
        assert (html / url).is_file(), f"the favicon {url} is not in the site"


@pytest.mark.parametrize("path", ["guide/wsgi-container.html", "guide/glossary.html"])
def test_each_page_says_when_it_was_last_updated(html, path):
    if not (ROOT / ".git").exists():
        pytest.skip("these sources are not a git clone: the dates come from the git history")
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True)
    if shallow.stdout.strip() == "true":
        pytest.skip("a shallow clone: its history is too short for the dates (_ext/last_updated.py shows none)")
    assert re.search(r"Last updated on \w+ \d+, \d{4}", (html / path).read_text(encoding="utf-8"))
