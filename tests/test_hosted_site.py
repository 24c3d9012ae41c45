"""What the hosted site adds to the pages: the 404 page, the sitemap, link previews, the favicon and
"Last updated on". These read the built files; they need no browser."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from built_site import pages_in
from sphinx_build import ROOT


def test_the_404_page_links_to_the_hosted_site(html, hosted):
    text = (html / "404.html").read_text(encoding="utf-8")
    prefix = urlsplit(hosted).path
    assert "Page not found" in text
    assert f'href="{prefix}_static/styles/furo.css' in text, "the 404 page's stylesheet is not at the site's path"
    assert f'href="{prefix}guide/wsgi-container.html"' in text


def test_the_sitemap_lists_every_page_at_its_hosted_address(html, hosted):
    tree = ElementTree.parse(html / "sitemap.xml")
    listed = {e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    paths = [p.relative_to(html).as_posix() for p in pages_in(html)]
    wanted = {hosted + p for p in paths if p not in ("search.html", "genindex.html", "404.html")}
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
        pytest.skip("a shallow clone: its history is too short for the dates (sphinx-last-updated-by-git shows none)")
    assert re.search(r"Last updated on \w+ \d+, \d{4}", (html / path).read_text(encoding="utf-8"))
