"""The built site: every scenario has its page, every link resolves, nothing loads from elsewhere."""

import json
import re
import runpy
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.search.en import SearchEnglish

from conftest import sphinx_options

SCENARIOS = {
    "guide/wsgi-container": "I want a container for my WSGI application",
    "guide/web-ui-for-a-twisted-app": "I want a web UI for my existing Twisted networking application",
    "guide/rest-and-web-services": "I want to write a REST / WS-* interface to my Twisted application",
    "guide/web-framework": "I want a web framework",
}


# Where the hosted site lives (html_baseurl's path, e.g. /en/latest/): the 404 page's links start there.
HOSTED_PATH = urlsplit(runpy.run_path(str(Path(__file__).resolve().parent.parent / "conf.py"))["html_baseurl"]).path

LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


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


@pytest.fixture(scope="session")
def pages(html):
    return {p: Page(p) for p in pages_in(html)}


def is_external(url: str) -> bool:
    return bool(urlsplit(url).scheme in ("http", "https") or url.startswith("//"))


@pytest.mark.parametrize("page, title", SCENARIOS.items())
def test_each_scenario_has_its_page(html, page, title):
    text = (html / f"{page}.html").read_text(encoding="utf-8")
    assert f"<h1>{title}" in text


@pytest.mark.parametrize("page", SCENARIOS)
def test_the_home_page_table_links_to_each_scenario(pages, html, page):
    home = pages[html / "index.html"]
    assert f"{page}.html" in {urlsplit(link).path for link in home.links}


def test_every_internal_link_and_anchor_resolves(html):
    broken = broken_links(html, HOSTED_PATH)
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_no_page_loads_anything_from_another_host(pages, html):
    external = [f"{path.relative_to(html)}: <{tag}> {url}"
                for path, page in pages.items() for tag, url in page.resources if is_external(url)]
    assert not external, "pages that load from another host:\n" + "\n".join(external)


def test_no_stylesheet_loads_anything_from_another_host(html):
    found = [f"{css.relative_to(html)}: {url}" for css in html.rglob("*.css")
             for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8"))
             if is_external(url)]
    assert not found, "stylesheets that load from another host:\n" + "\n".join(found)


def test_every_build_is_nitpicky_and_stops_on_a_warning():
    """tox.ini's [sphinx] options, which tox, these tests and tools/ all use."""
    assert {"-n", "-W", "--keep-going"} <= set(sphinx_options())


def test_each_static_file_is_asked_for_with_its_own_checksum(pages, html):
    """`?v=` makes a browser fetch a file again when it changes: it must be the file's own CRC32."""
    stale, checked = [], 0
    for path, page in pages.items():
        for _, url in page.resources:
            parts = urlsplit(url)
            if parts.query.startswith("v="):
                checked += 1
                file = (html / parts.path.removeprefix(HOSTED_PATH) if parts.path.startswith("/")  # 404.html's
                        else path.parent / unquote(parts.path))
                data = file.read_bytes()
                if parts.query != f"v={zlib.crc32(data):08x}":
                    stale.append(f"{path.relative_to(html)}: {url}, but the file's is {zlib.crc32(data):08x}")
    assert checked, "no page names a file with ?v=: has Sphinx stopped adding checksums?"
    assert not stale, "cached copies would not be refreshed:\n" + "\n".join(stale)


SEARCH_TERMS = {
    "index": ["scenario", "tool", "nevow", "mantissa", "klein"],
    "guide/wsgi-container": ["wsgi", "container", "twistd", "pythonpath", "flask", "wsgiresource"],
    "guide/web-ui-for-a-twisted-app": ["nevow", "athena", "comet", "template", "status"],
    "guide/live-updates": ["websocket", "eventsource", "notifyfinish", "push"],
    "guide/rest-and-web-services": ["rest", "json", "xmlrpc", "rpc", "soap"],
    "guide/behind-a-reverse-proxy": ["proxy", "nginx", "forwarded", "vhostmonsterresource"],
    "guide/web-framework": ["wiki", "blog", "django", "rails", "klein", "mantissa", "adbapi"],
    "guide/packages": ["maintained", "treq", "autobahn", "daphne", "crochet"],
    "guide/glossary": ["deferred", "reactor", "asgi", "endpoint"],
    "guide/getting-help": ["mailing", "list", "stack", "overflow", "gitter"],
}


@pytest.fixture(scope="session")
def search_index(html):
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1: text.rindex(")")])


@pytest.mark.parametrize("page, words", SEARCH_TERMS.items())
def test_the_search_index_finds_each_page_by_its_words(search_index, page, words):
    stem = SearchEnglish({}).stem  # the stemmer Sphinx indexes with
    number = search_index["docnames"].index(page)
    missing = []
    for word in words:
        word = stem(word)
        hits = [search_index[kind].get(word, []) for kind in ("terms", "titleterms")]
        if not any(number == h or isinstance(h, list) and number in h for h in hits):
            missing.append(word)
    assert not missing, f"searching for {missing} does not find {page}"
