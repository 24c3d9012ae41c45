"""A tab of the browser the tests read the site with, in a look (light or dark, a width).

Headless Chromium from Debian (``/usr/bin/chromium``, which ``.ci/run`` installs from ``apt.txt``),
driven by Playwright: the ``browser`` and ``tabs`` fixtures of ``tests/conftest.py`` start it once a
session. The tests of the reader's view are ``tests/test_browser_*.py``.
"""

from __future__ import annotations

import re

import pytest

CHROMIUM = "/usr/bin/chromium"  # Debian's; a browser that Playwright downloads itself cannot be had here
# Without the background-networking flags, Chromium calls home at start-up: a closed network
# refuses it, and nothing of ours needs it.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# One worker of pytest-xdist (--dist loadgroup) runs every browser test: one browser, one site server.
ONE_WORKER = pytest.mark.xdist_group("browser")

DESKTOP, PHONE = 1280, 375
MISSING = "guide/an/old/address.html"  # no such page: the server answers with the 404 page


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
