"""Warn about raw HTML that loads from another host, or links to a page or id that is not there.

Sphinx passes ``.. raw:: html`` (and the file of its ``:file:`` option, such as the home page's
decision chart) into the page untouched, so nothing else checks it before the page is built:

- Anything it loads (``src``, ``srcset``, ``href`` of a stylesheet, an SVG ``<image>`` or ``<use>``,
  ``url()`` and ``@import`` in styles) comes from this site: a first view needs no other server,
  and tells none that the reader came.
- A link to a page of the guide (``guide/wsgi-container.html#id``, relative to the page, as the HTML
  builder writes it) names a page there is, and an id that page has. Links to other files
  (``_static/``...) are left to the tests of the built site.

Each warning names the page and line of the directive, and the line of the included file. An
``.. image::`` of a URL is the same load without raw HTML, and warns the same way.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.util import logging

from source_lines import content_line

logger = logging.getLogger(__name__)

#: Attributes whose URL the browser fetches as the page loads.
LOADING = ("src", "srcset", "poster", "data", "background", "href", "xlink:href")
#: <link rel=...> that fetch what they name; rel=canonical and the like only name a URL.
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class Raw(HTMLParser):
    """What a piece of HTML loads and links to, each with the line of the HTML it is on."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[int, str, str]] = []  # line, what asks (<img src>), URL
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        attrs = dict(attrs)
        self.ids.update(attrs[name] for name in ("id", "name") if attrs.get(name))
        self._in_style = tag == "style"
        for name, value in attrs.items():
            if not value:
                continue
            if name in ("href", "xlink:href") and tag == "a":
                self.links.append((line, value))
            elif name == "style":
                self.loads += [(line, f"<{tag} style>", url) for url in css_urls(value)]
            elif name in LOADING and not (tag == "link" and not LOADING_RELS & set(attrs.get("rel", "").split())):
                urls = [part.split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
                self.loads += [(line, f"<{tag} {name}>", url) for url in urls]

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            start = self.getpos()[0]
            for match in CSS_URL.finditer(data):
                line = start + data[: match.start()].count("\n")
                self.loads.append((line, "<style>", match.group(1) or match.group(2)))


def css_urls(css: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CSS_URL.finditer(css)]


def from_elsewhere(url: str) -> bool:
    return bool(urlsplit(url).netloc)


def where(app, raw: nodes.raw, line: int) -> tuple[str, str]:
    """The location to warn at, and for a :file:, which line of which file."""
    if raw.get("source"):
        included = Path(raw["source"]).resolve()
        try:
            included = included.relative_to(Path(app.srcdir).resolve())
        except ValueError:
            pass
        return f"{raw.source}:{raw.line}", f"line {line} of {included}, which this raw directive includes"
    return content_line(raw, raw.astext(), line) or f"{raw.source}:{raw.line}", ""


def check_loads(app, doctree: nodes.document) -> None:
    """Warn about what raw HTML loads from another host; note its links for check_links."""
    docname = app.env.docname
    links = app.env.raw_html_links[docname] = []
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        html = Raw(raw.astext())
        for line, asks, url in html.loads:
            if from_elsewhere(url):
                location, also = where(app, raw, line)
                logger.warning(
                    "the raw HTML loads %s from another host (%s): every page loads only what this site serves, "
                    "so that a first view needs no other server and tells none about the reader; copy what it needs "
                    "into the guide and load it from there, or leave it out",
                    url, f"{asks}, {also}" if also else asks, location=location, type="raw_html", subtype="load")
        for line, url in html.links:
            location, also = where(app, raw, line)
            links.append((location, f" ({also})" if also else "", url))
    for image in doctree.findall(nodes.image):  # an image directive with a URL: the same load, not raw
        if from_elsewhere(image.get("uri", "")):
            logger.warning("the image %s is loaded from another host: every page loads only what this site serves; "
                           "put the file in the guide (_static/ or next to the page) and name it by its path",
                           image["uri"], location=image, type="raw_html", subtype="load")


def page_ids(env, docname: str) -> set[str]:
    doctree = env.get_doctree(docname)
    ids = {i for node in doctree.findall(nodes.Element) for i in node.get("ids", ())}
    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            ids |= Raw(raw.astext()).ids
    return ids


def check_links(app, env) -> None:
    """Warn about raw HTML links to a page or id that is not there, once every page is read."""
    suffix = app.config.html_link_suffix or app.config.html_file_suffix or ".html"
    pages = set(env.all_docs) | set(app.config.raw_html_other_pages) | set(app.config.html_additional_pages)
    ids: dict[str, set[str]] = {}
    for docname, links in sorted(env.raw_html_links.items()):
        for location, also, url in links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            target = docname
            if parts.path:
                if not parts.path.endswith(suffix):
                    continue
                target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), unquote(parts.path)))
                target = target.removesuffix(suffix)
                if target not in pages:
                    logger.warning(
                        "the raw HTML links to %s%s, but the guide has no page %r: name a page by the path of its "
                        "source with %s in place of .rst, relative to this page", url, also, target, suffix,
                        location=location, type="raw_html", subtype="link")
                    continue
            if parts.fragment and target in env.all_docs:
                if target not in ids:
                    ids[target] = page_ids(env, target)
                if unquote(parts.fragment) not in ids[target]:
                    logger.warning(
                        "the raw HTML links to %s%s, but the page %r has no id %r: link to an id it has (a section's "
                        "label, or its title in lower case with hyphens)", url, also, target,
                        parts.fragment, location=location, type="raw_html", subtype="link")


def _init(app, env, *args):
    if not hasattr(env, "raw_html_links"):
        env.raw_html_links = {}


def _purge(app, env, docname):
    getattr(env, "raw_html_links", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    for docname in docnames:
        if docname in other.raw_html_links:
            env.raw_html_links[docname] = other.raw_html_links[docname]


def setup(app):
    # Pages the HTML builder writes that are not made from a source: links to them are fine.
    app.add_config_value("raw_html_other_pages", ("genindex", "search"), "env", (tuple, list))
    app.connect("env-before-read-docs", _init)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-read", check_loads)
    app.connect("env-check-consistency", check_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
