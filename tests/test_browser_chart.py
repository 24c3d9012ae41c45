"""The home page's decision chart, in a real browser: it links each scenario and follows the theme."""

from __future__ import annotations

from urllib.parse import urlsplit

from browser_tab import ONE_WORKER
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
