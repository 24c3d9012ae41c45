"""The built site: every scenario has its page, every link resolves, nothing loads from elsewhere."""

import json
import re
import zlib
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.search.en import SearchEnglish

import home_table
from built_site import HOSTED_PATH, Page, broken_links, is_external, pages_in
from scenarios import scenario_groups, scenario_pages
from sphinx_build import read_pages, sphinx_build
from sphinx_options import sphinx_options

#: {page: its title}, in the order of index.rst's toctrees of scenarios, which are the one list of them.
PAGES = read_pages()
SCENARIOS = scenario_pages(PAGES)


@pytest.fixture(scope="session")
def pages(html):
    return {p: Page(p) for p in pages_in(html)}


@pytest.mark.parametrize("page, title", SCENARIOS.items())
def test_each_scenario_has_its_page(html, page, title):
    text = (html / f"{page}.html").read_text(encoding="utf-8")
    assert f"<h1>{title}" in text


def test_the_home_page_table_has_a_row_for_each_scenario_and_no_other(html):
    assert [row.links[-1][0] for row in home_table.rows(html / "index.html")] == [f"{p}.html" for p in SCENARIOS]


def test_the_home_page_table_heads_each_group_of_scenarios_with_its_caption(html):
    """ "What to build", then its pages; "Building it", then its pages, and so on: as index.rst's toctrees say."""
    expected = {caption: [f"{p}.html" for p in pages] for caption, pages in scenario_groups(PAGES).items()}
    assert len(expected) > 1, expected
    assert home_table.groups(html / "index.html") == expected


@pytest.mark.parametrize("page", SCENARIOS)
def test_each_row_of_the_home_page_table_says_what_its_page_is_for(html, page):
    """Not the sidebar, which links every page: the row, in table.scenarios, whose "Read" links the page."""
    row = home_table.rows(html / "index.html")[list(SCENARIOS).index(page)]
    assert row.cells[0].startswith(SCENARIOS[page].removeprefix("I want ")), row.cells
    assert row.cells[-1].startswith(SCENARIOS[page]) and row.links[-1][0] == f"{page}.html", row.cells[-1]


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


def test_a_build_says_nothing_when_all_is_well(tmp_path):
    """A contributor reads what a build prints: a line it prints every time teaches them to skip it."""
    done = sphinx_build("dummy", tmp_path / "out")
    assert done.returncode == 0 and not done.stdout.strip() and not done.stderr.strip(), done.stdout + done.stderr
