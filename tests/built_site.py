"""A built site read back: its pages, each page's links, resources and ids, and the links that lead nowhere.

The tests of every format (test_site.py, test_formats.py, test_browser_*.py) and page_weight.py
(so the bench too) read the HTML with these.
"""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from raw_html import LOADING_RELS  # what a <link rel> fetches, as the build's check of raw HTML reads it
from sphinx_build import read_conf

# Where the hosted site lives (html_baseurl's path, e.g. /en/latest/): the 404 page's links start there.
HOSTED_PATH = urlsplit(read_conf().html_baseurl).path


class Page(HTMLParser):
    """The links, resources and ids of one HTML page."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[tuple[str, str]] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.ids.add(attrs["name"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "link" and not LOADING_RELS & set(attrs.get("rel", "").split()):
            return  # rel=canonical and the like name a URL, they do not fetch it
        for attr in ("src", "href", "srcset", "poster", "data"):
            if attrs.get(attr) and tag != "a":
                self.resources.append((tag, attrs[attr]))


def pages_in(root: Path) -> list[Path]:
    """The pages Sphinx wrote, not the files it copies (_static, _downloads: an example may be HTML)."""
    return [path for path in sorted(root.rglob("*.html")) if not path.relative_to(root).parts[0].startswith("_")]


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme in ("http", "https") or url.startswith("//"))


def broken_links(root: Path, hosted_path: str | None = None) -> list[str]:
    """Links and resources of the pages under root that lead to no file, or to no such id in it.

    With hosted_path, the tree is served over HTTP at that path: a link to a folder opens its
    index.html, and absolute links (the 404 page's) start with it. Without, the tree is opened from
    disk (file://), where a link to a folder shows a listing, so it counts as broken.
    """
    pages = {path: Page(path) for path in pages_in(root)}
    broken = []
    for path, page in pages.items():
        for url in page.links + [url for _, url in page.resources]:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue  # another site, or mailto:
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if hosted_path and parts.path.startswith("/"):
                target = (root / unquote(parts.path).removeprefix(hosted_path)).resolve()
            if hosted_path and target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(root)}: {url} (no such file)")
            elif parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(root)}: {url} (no id {parts.fragment!r})")
    return broken
