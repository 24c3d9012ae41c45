"""Offline and private, in a real browser: no page asks another origin, a miss gets the 404 page,
and every page works from file:// as the unpacked site is read."""

from __future__ import annotations

from urllib.parse import urlsplit

from browser_tab import MISSING, ONE_WORKER

pytestmark = ONE_WORKER


def test_no_page_asks_another_origin_or_logs_an_error(tabs, site, page_paths):
    tab = tabs()
    origin = urlsplit(site).netloc
    problems = []
    for path in page_paths + ["search.html?q=twisted", MISSING]:
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


def test_every_page_works_offline_from_file_urls(tabs, html, page_paths):
    tab = tabs()
    problems = []
    for path in page_paths:
        tab.visit((html / path).as_uri())
        problems += [f"{path}: requests {r.url}" for r in tab.requests
                     if urlsplit(r.url).scheme not in ("file", "data")]
        problems += [f"{path}: {e}" for e in tab.errors]
    assert not problems, "\n".join(problems)
