"""Pictures of the reader's view, for a person to look at, in _build/screenshots/: light and dark, on a
desktop and a phone, of the home page and a scenario page in every test run, and of every page with
``tox -e screenshots`` (look at them before a change to the layout or the styles is done)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_tab import DESKTOP, ONE_WORKER, PHONE
from sphinx_build import ROOT

pytestmark = ONE_WORKER

SCREENSHOTS = ROOT / "_build" / "screenshots"
EVERY_PAGE = os.environ.get("GUIDE_SCREENSHOTS") == "every page"  # tox -e screenshots sets it
SOURCES = ["index.rst", *(p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "guide").glob("*.rst")))]
PAGES = ([s.removesuffix(".rst") + ".html" for s in SOURCES] + ["search.html?q=which+tool"] if EVERY_PAGE
         else ["index.html", "guide/wsgi-container.html"])


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", PAGES)
def test_screenshot(tabs, site, path, width, theme):
    """Pictures of the reader's view, for a person to look at: _build/screenshots/*.png."""
    tab = tabs(theme, width)
    tab.visit(site + path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"{Path(path.partition('?')[0]).stem}-{'desktop' if width == DESKTOP else 'phone'}-{theme}.png"
    tab.page.screenshot(path=SCREENSHOTS / name, full_page=True)
    png = (SCREENSHOTS / name).read_bytes()
    shown_width = int.from_bytes(png[16:20], "big")  # the PNG header's IHDR width
    assert png.startswith(b"\x89PNG") and shown_width == width, f"{name}: {shown_width} px wide, not {width}"
    assert tab.page.evaluate("document.body.dataset.theme") == theme, f"{name} does not show the {theme} theme"
