"""What a reader downloads to see a page: its first view, and what each page pays besides its own HTML.

A first view is what a browser with an empty cache fetches to show a page: the HTML, every resource
its tags load (stylesheets, scripts, images, icons, preloads, as ``built_site.Page`` finds them),
then every ``url()`` those stylesheets load: an ``@import``, the first source of a ``@font-face``,
an image under a selector whose classes and ids the page has. A ``data:`` URL costs no request. A
page without ``<link rel="icon">`` costs one more, for /favicon.ico. Sizes are gzip level 6 (a web
server's usual setting) of text files, and the bytes of images and fonts, which servers send as
they are; HTTP headers are not counted; 1 kB is 1000 bytes, as browsers' developer tools count.

What a page carries inside its HTML besides its content is counted as if it were a file: each
inline ``<style>`` and ``<script>`` block (our custom.css is one, _templates/page.html puts it in
every page) and each ``data:`` URL in an attribute (the favicon), gzipped on its own, at no
request. The page's own HTML is what is left. The ``url()``s and ``@import``s of an inline
``<style>`` are followed as those of a stylesheet, and every ``url()`` of a ``style=""`` attribute.

The promise (``LIMIT``): every page built from a ``.rst`` source loads at most 25 kB gzip in at most
11 requests besides its own HTML, and nothing from another origin. The page's own text is not
capped: a long page costs its reader only its own words. ``tests/test_page_weight.py`` checks the
promise in every test run; ``tools/bench_pages.py`` reports the figures.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from built_site import Page, pages_in

KB = 1000
#: Served as they are; every other file is sent gzip-compressed.
COMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".ico"}


@dataclass(frozen=True)
class Limit:
    """What a page may load besides its own HTML."""

    kb: float
    requests: int


LIMIT = Limit(kb=25, requests=11)


@dataclass
class FirstView:
    """A page's first view: what it fetches, [(file, bytes sent)], its own HTML first; what its HTML carries."""

    page: str  # the built page, relative to the site: guide/glossary.html
    source: str | None  # the .rst it is built from, relative to the sources; None for search.html and the like
    items: list[tuple[str, int]]
    inline: list[tuple[str, int]] = field(default_factory=list)  # blocks and data: URLs in the HTML, at no request
    foreign: list[str] = field(default_factory=list)  # what it would load from another origin

    @property
    def size(self) -> int:
        return sum(size for _, size in self.items + self.inline)

    @property
    def loads(self) -> list[tuple[str, int]]:
        """What it costs besides its own HTML, the files fetched and what the HTML carries inline."""
        return self.items[1:] + self.inline

    @property
    def overhead(self) -> int:
        """Bytes besides the page's own HTML."""
        return self.size - self.items[0][1]

    @property
    def requests(self) -> int:
        """Requests besides the page's own HTML."""
        return len(self.items) - 1


CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)")
CSS_RULE = re.compile(r"([^{}]*)\{([^{}]*)\}")
#: A <style> or <script> block written in the page; a <script src> is a file, and its tag stays in the HTML.
INLINE_BLOCK = re.compile(r"<(style|script)\b([^>]*)>(.*?)</\1\s*>", re.S | re.I)
SRC = re.compile(r"\ssrc\s*=", re.I)
TAG = re.compile(r"""<(\w+)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(["'])(.*?)\2""", re.S)


def css_loads(text: str, classes: set[str], ids: set[str]) -> list[str]:
    """The url()s a stylesheet fetches for a page with these classes and ids."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    found = CSS_IMPORT.findall(text)
    for selectors, body in CSS_RULE.findall(text):
        urls = [u for _, u in CSS_URL.findall(body)]
        if "@font-face" in selectors:
            found += urls[:1]  # the first format a browser supports; fonts are woff2 first
            continue
        urls = [u for u in urls if not u.startswith("data:")]
        if not urls:
            continue
        for selector in selectors.split(","):
            if set(re.findall(r"\.([\w-]+)", selector)) <= classes and set(re.findall(r"#([\w-]+)", selector)) <= ids:
                found.extend(urls)
                break
    return found


def gzipped(data: str | bytes) -> int:
    return len(gzip.compress(data.encode() if isinstance(data, str) else data, compresslevel=6, mtime=0))


def transfer_size(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if path.suffix.lower() in COMPRESSED else gzipped(data)


def without_blocks(text: str) -> str:
    return INLINE_BLOCK.sub(lambda block: block.group() if SRC.search(block.group(2)) else "", text)


def attributes(text: str) -> list[tuple[str, str, str]]:
    """[(tag, attribute, value as written)] of the tags of an HTML text with no <style> or <script> blocks."""
    return [(tag.lower(), name.lower(), value) for tag, inside in TAG.findall(text)
            for name, _, value in ATTRIBUTE.findall(inside)]


def own_html(text: str) -> str:
    """A page's HTML less what it carries inline: its <style> and <script> blocks, its data: URLs."""
    text = without_blocks(text)
    for _, _, value in attributes(text):
        if value.startswith("data:"):
            text = text.replace(value, "", 1)
    return text


def inline_parts(text: str) -> tuple[list[tuple[str, int]], list[str], list[str]]:
    """What a page's HTML carries inline [(what, bytes gzip)], its <style>s, and its style="" attributes."""
    parts, styles, counted = [], [], {"style": 0, "script": 0}
    for tag, inside, body in INLINE_BLOCK.findall(text):
        tag = tag.lower()
        if body.strip() and not SRC.search(inside):
            counted[tag] += 1
            parts.append((f"inline <{tag}> {counted[tag]}", gzipped(body)))
            if tag == "style":
                styles.append(body)
    found = attributes(without_blocks(text))
    parts += [(f"data: URL of <{tag} {name}>", gzipped(value)) for tag, name, value in found
              if value.startswith("data:")]
    return parts, styles, [unescape(value) for _, name, value in found if name == "style"]


def first_view(page: Path, site: Path, source: str | None = None) -> FirstView:
    """What a browser fetches to show page, a file of the built site."""
    parsed = Page(page)
    text = page.read_text(encoding="utf-8")
    classes = {c for value in re.findall(r'class="([^"]*)"', text) for c in value.split()}
    name = page.relative_to(site).as_posix()
    inline, styles, style_attributes = inline_parts(text)
    view = FirstView(name, source, [(name, gzipped(own_html(text)))], inline)
    fetched: set[Path] = set()
    # (the file a URL is relative to, the URL, where it is written)
    queue = [(page, url, name) for _, url in parsed.resources]
    queue += [(page, url, f"an inline <style> of {name}") for style in styles
              for url in css_loads(style, classes, parsed.ids)]
    queue += [(page, url, f"a style attribute of {name}") for style in style_attributes
              for _, url in CSS_URL.findall(style)]
    while queue:
        base, url, where = queue.pop(0)
        parts = urlsplit(url)
        if parts.scheme == "data" or not parts.path:
            continue
        if parts.scheme or url.startswith("//"):
            view.foreign.append(f"{url} (from {where})")
            continue
        path = (site / unquote(parts.path).lstrip("/") if parts.path.startswith("/")
                else base.parent / unquote(parts.path)).resolve()
        if path in fetched:
            continue
        fetched.add(path)
        inside = path.is_relative_to(site.resolve())
        # A file the build did not make costs nothing here: test_site.py's broken-link test names it.
        view.items.append((path.relative_to(site.resolve()).as_posix() if inside else str(path),
                           transfer_size(path) if path.is_file() else 0))
        if path.suffix == ".css" and path.is_file():
            queue += [(path, u, view.items[-1][0]) for u in css_loads(path.read_text(encoding="utf-8"), classes,
                                                                      parsed.ids)]
    if not re.search(r"<link\b[^>]*\brel=[\"']?[^>]*\bicon\b", text):
        view.items.append(("/favicon.ico (no <link rel=icon>)", 0))
    return view


def first_views(src: Path, site: Path) -> list[FirstView]:
    """The first view of every page of the built site, each with its .rst source where it has one."""
    views = []
    for page in pages_in(site):
        source = page.relative_to(site).with_suffix(".rst")
        views.append(first_view(page, site, source.as_posix() if (src / source).is_file() else None))
    return views


def over_the_limit(views: list[FirstView], limit: Limit = LIMIT) -> list[str]:
    """Each page built from a source that loads more than the limit besides its HTML, named by its source."""
    found = []
    for view in views:
        if view.source is None:
            continue
        if view.overhead > limit.kb * KB:
            heaviest = sorted(view.loads, key=lambda item: -item[1])[:3]
            found.append(f"{view.source}: its page loads {view.overhead / KB:.1f} kB gzip besides its own HTML, "
                         f"over the limit of {limit.kb:g} kB; the most: "
                         + ", ".join(f"{what} {size / KB:.1f} kB" for what, size in heaviest))
        if view.requests > limit.requests:
            found.append(f"{view.source}: its page makes {view.requests} requests besides its own HTML, over "
                         f"the limit of {limit.requests}: " + ", ".join(what for what, _ in view.items[1:]))
    return found


def from_other_origins(views: list[FirstView]) -> list[str]:
    """What a page's first view would fetch from another origin, named by the page's source."""
    return [f"{view.source or view.page}: its page loads {url} from another origin"
            for view in views for url in view.foreign]
