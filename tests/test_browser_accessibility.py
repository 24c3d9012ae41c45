"""Accessibility, in a real browser: axe-core finds no WCAG 2.1 A or AA violation, light or dark."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_tab import MISSING, ONE_WORKER

pytestmark = ONE_WORKER

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core, as the pinned axe-playwright-python wheel ships it (no npm needed)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page, axe_script: str) -> list[str]:
    page.add_script_tag(content=axe_script)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                           " resultTypes: ['violations']})", WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"      {', '.join(map(str, n['target']))}: {n['failureSummary'].splitlines()[-1].strip()}"
        for n in v["nodes"][:5]) for v in result["violations"]]


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_page_has_an_accessibility_violation(tabs, site, page_paths, axe_script, theme):
    tab = tabs(theme)
    found = []
    for path in page_paths + ["search.html?q=twisted", MISSING]:
        tab.visit(site + path)
        found += [f"{path}: {v}" for v in axe_violations(tab.page, axe_script)]
    assert not found, f"axe-core (WCAG 2.1 A and AA) in the {theme} theme:\n" + "\n".join(found)
