"""What a reader downloads: each page's first view (tests/page_weight.py counts it), and where its bytes go.

The promise every page built from a ``.rst`` source keeps (page_weight.LIMIT, which
tests/test_page_weight.py checks on every test run) is the budget of the "page overhead" lines.
The search page, which loads the search index and its scripts, has a budget of its own.
"""

from __future__ import annotations

import re
import statistics
from html import unescape
from pathlib import Path

from bench_report import Figure
from page_weight import KB, LIMIT, FirstView, first_views, from_other_origins, gzipped, own_html, transfer_size

#: The search page's budget: its first view, its HTML included, less the search index, which grows
#: with the guide's text and has a budget a page; 45 kB for the whole when the guide had 11 pages.
SEARCH_KB, SEARCH_REQUESTS, INDEX_KB_A_PAGE = 30, 14, 1.5


def content_and_search(src: Path, html: Path) -> tuple[list[FirstView], FirstView]:
    """The first views of the pages built from a source, and of the search page."""
    views = first_views(src, html)
    foreign = from_other_origins(views)
    if foreign:
        raise SystemExit("bench: " + "\n".join(foreign))
    return [v for v in views if v.source], next(v for v in views if v.page == "search.html")


def weights(src: Path, html: Path) -> tuple[list[Figure], list[str]]:
    pages, search = content_and_search(src, html)
    largest = max(pages, key=lambda v: v.size)
    heaviest = max(pages, key=lambda v: v.overhead)
    most = max(pages, key=lambda v: v.requests)
    index = (html / "searchindex.js").read_bytes()
    index_gz = transfer_size(html / "searchindex.js")
    figures = [
        Figure("page overhead, largest (kB gzip)", round(heaviest.overhead / KB, 1), " kB",
               f"{heaviest.source}: its first view but its HTML", budget=LIMIT.kb),
        Figure("page overhead, most requests", most.requests, "", f"{most.source}: its HTML not counted",
               budget=LIMIT.requests),
        Figure("content page, largest (kB gzip)", round(largest.size / KB, 1), " kB", f"{largest.page}, HTML included"),
        Figure("content page, median (kB gzip)", round(statistics.median(v.size for v in pages) / KB, 1), " kB",
               f"{len(pages)} content pages"),
        Figure("search page (kB gzip)", round(search.size / KB, 1), " kB", "search.html, its index included"),
        Figure("search page less its index (kB gzip)", round((search.size - index_gz) / KB, 1), " kB",
               "search.html but searchindex.js", budget=SEARCH_KB),
        Figure("search page, requests", len(search.items), "", "HTML included", budget=SEARCH_REQUESTS),
        Figure("searchindex.js (kB)", round(len(index) / KB, 1), " kB"),
        Figure("searchindex.js (kB gzip)", round(index_gz / KB, 1), " kB"),
        Figure("searchindex.js a content page (kB gzip)", round(index_gz / len(pages) / KB, 2), " kB",
               f"{len(pages)} content pages", budget=INDEX_KB_A_PAGE),
    ]
    # What each page costs, what every page loads, what the search page adds, and what the HTML holds.
    shared = set.intersection(*({what for what, _ in v.loads} for v in pages))
    sizes = {what: size for v in pages for what, size in v.items + v.inline}
    detail = ["", f"{'First view (kB gzip)':40} {'HTML':>6} {'others':>6} {'total':>6} {'requests':>9}"]
    for view in [*pages, search]:
        detail.append(f"{view.page:40} {view.items[0][1] / KB:6.1f} {view.overhead / KB:6.1f} "
                      f"{view.size / KB:6.1f} {len(view.items):9}")
    detail += ["", f"Loaded by every content page: {sum(sizes[w] for w in shared) / KB:.1f} kB gzip in "
               f"{len({what for what, _ in largest.items if what in shared})} requests"]
    detail += [f"  {what:38} {sizes[what] / KB:6.1f}" for what, _ in largest.loads if what in shared]
    detail += ["The search page also loads:"]
    detail += [f"  {what:38} {size / KB:6.1f}" for what, size in search.loads if what not in shared]
    detail += html_parts(html / largest.page)
    return figures, detail


def html_parts(page: Path) -> list[str]:
    """Where the bytes of a page's own HTML go: the theme around the article, the article's text, its markup."""
    def gz(text: str) -> float:
        return gzipped(text) / KB

    text = own_html(page.read_text(encoding="utf-8"))
    article = re.search(r"<article\b.*?</article>", text, re.S)
    if not article:
        return []
    words = unescape(re.sub(r"<[^>]+>", "", article.group()))
    plain = re.sub(r'<span class="[^"]*">|</span>', "", article.group())
    whole, around = gz(text), gz(text.replace(article.group(), ""))
    return [
        "", f"The HTML of {page.name}, less its inline <style>, <script> and data: URLs: {whole:.1f} kB gzip",
        f"  {'the page around <article> (theme, sidebar)':50} {around:6.1f}",
        f"  {'<article>, its text alone':50} {gz(words):6.1f}",
        f"  {'<article>, its markup (what is left)':50} {whole - around - gz(words):6.1f}",
        f"  {'  of which syntax highlighting (<span>s)':50} {gz(article.group()) - gz(plain):6.1f}",
    ]
