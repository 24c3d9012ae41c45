"""The home page's decision chart, in a real browser: it links each scenario and follows the theme."""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import urlsplit

from browser_tab import ONE_WORKER, PHONE
from scenarios import scenario_pages
from sphinx_build import read_pages

pytestmark = ONE_WORKER


def test_the_decision_chart_links_each_scenario_and_follows_the_theme(tabs, site):
    colours = {}
    for theme in ("light", "dark"):
        tab = tabs(theme)
        tab.visit(site + "index.html")
        chart = tab.page.locator("svg.decision-chart")
        assert chart.get_attribute("role") == "group" and chart.get_attribute("aria-labelledby")
        assert chart.locator("title").count() == 1 and chart.locator("desc").count() == 1
        links = chart.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert {urlsplit(h).path for h in links} >= {f"{p}.html" for p in scenario_pages(read_pages())}
        colours[theme] = chart.locator("text").first.evaluate("t => getComputedStyle(t).fill")
    assert colours["light"] != colours["dark"], f"the chart's text is {colours['light']} in both themes"


def test_the_charts_lines_read_as_words_to_a_screen_reader(tabs, site):
    """Each line is a <tspan> of its own: without a space between them, "Twisted Web's" and "WSGI container"
    would be read, and found, as "Twisted Web'sWSGI container"."""
    tab = tabs()
    tab.visit(site + "index.html")
    names = tab.page.locator("svg.decision-chart a").evaluate_all(
        "links => links.map(a => a.textContent.replace(/\\s+/g, ' ').trim())")
    assert "Twisted Web's WSGI container" in names, names
    lines = tab.page.locator("svg.decision-chart text").evaluate_all(
        "texts => texts.map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent))")
    joined = [pair for spans in lines for pair in pairwise(spans) if not pair[0].endswith(" ")]
    assert not joined, f"these lines of the chart run into the next, with no space between: {joined}"


def test_a_phone_gets_the_table_instead_of_the_chart(tabs, site):
    """Scaled to a phone's width the chart's text is 10 px; the table says the same, as cards."""
    tab = tabs("light", PHONE)
    tab.visit(site + "index.html")
    assert not tab.page.locator("svg.decision-chart").is_visible(), "the chart shows on a phone, at 10 px"
    assert tab.page.locator("table.scenarios").is_visible()
    wide = tabs()
    wide.visit(site + "index.html")
    size = wide.page.locator("svg.decision-chart text").first.evaluate(
        "t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a")
    assert size >= 13, f"on a desktop the chart's text is {size:.1f} px"


def test_the_charts_links_are_underlined_in_their_own_colour_on_hover_only(tabs, site):
    """furo's link underline is dark in the dark theme: on the chart's blue text it read as black."""
    for theme in ("light", "dark"):
        tab = tabs(theme)
        tab.visit(site + "index.html")
        link = tab.page.locator("svg.decision-chart a").first
        still = link.evaluate("a => [getComputedStyle(a).textDecorationLine,"
                              " getComputedStyle(a.querySelector('text')).textDecorationLine]")
        assert still == ["none", "none"], f"{theme}: an answer of the chart is underlined before hover: {still}"
        link.hover()
        line, colour, fill = link.evaluate("a => { const t = getComputedStyle(a.querySelector('text'));"
                                           " return [t.textDecorationLine, t.textDecorationColor, t.fill]; }")
        assert line == "underline" and colour == fill, f"{theme}: on hover, {line} in {colour} under {fill}"


def test_nothing_in_the_chart_is_drawn_over_anything_else(tabs, site):
    """Each line of text has a place of its own, inside its box or clear of every box: a new answer moves
    what comes after it down."""
    tab = tabs()
    tab.visit(site + "index.html")
    overlaps = tab.page.locator("svg.decision-chart").evaluate("""chart => {
        const texts = [...chart.querySelectorAll("text")], boxes = [...chart.querySelectorAll("rect.box")];
        const name = e => e.tagName === "rect" ? "the box at y " + e.getAttribute("y")
            : e.textContent.replace(/\\s+/g, " ").trim();
        const meet = (r, s) => r.x < s.x + s.width && s.x < r.x + r.width && r.y < s.y + s.height
            && s.y < r.y + r.height;
        const inside = (r, s) => r.x >= s.x && r.y >= s.y && r.x + r.width <= s.x + s.width
            && r.y + r.height <= s.y + s.height;
        const found = [];
        texts.forEach((a, i) => {
            const r = a.getBBox(), own = a.previousElementSibling;  // a box's text comes right after it
            texts.slice(i + 1).forEach(b => meet(r, b.getBBox()) && found.push([name(a), name(b)]));
            boxes.forEach(b => meet(r, b.getBBox()) && !(b === own && inside(r, b.getBBox()))
                && found.push([name(a), name(b)]));
        });
        return found;
    }""")
    assert not overlaps, f"these parts of the chart are drawn over one another: {overlaps}"
