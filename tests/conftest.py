"""The fixtures many test modules share: the HTML site, and the browser that reads it.

tests/browser_tab.py holds the browser's tab; no_leftovers.py fails a run that leaves a process behind.
"""

from __future__ import annotations

import http.server
import re
import threading
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_tab import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Tab
from built_site import pages_in
from need import missing
from sphinx_build import sphinx_build

pytest_plugins = ["no_leftovers"]  # a run that leaves a process behind fails


@pytest.fixture(scope="session")
def html(tmp_path_factory) -> Path:
    """The HTML site, built once per test session."""
    out = tmp_path_factory.mktemp("html")
    done = sphinx_build("html", out)
    assert done.returncode == 0, f"the site does not build:\n{done.stderr}"
    return out


@pytest.fixture(scope="session")
def page_paths(html) -> list[str]:
    """Every page of the site, as a path under the site's root (the 404 page is reached by a miss)."""
    return [p for p in (p.relative_to(html).as_posix() for p in pages_in(html)) if p != "404.html"]


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
