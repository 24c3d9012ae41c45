"""Small screens, in a real browser: no page scrolls sideways on a phone, and its navigation opens."""

from __future__ import annotations

from browser_tab import ONE_WORKER, PHONE

pytestmark = ONE_WORKER


def test_no_page_scrolls_sideways_on_a_phone(tabs, site, page_paths):
    tab = tabs("light", PHONE)
    wide = []
    for path in page_paths:
        tab.visit(site + path)
        width = tab.page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        if width[0] > width[1]:
            culprits = tab.page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.scrollingElement.clientWidth + 1)
                .filter(e => !e.closest('.sidebar-drawer, .toc-drawer'))
                .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")
            wide.append(f"{path}: {width[0]} px wide in a {width[1]} px screen: {culprits}")
    assert not wide, "\n".join(wide)


def test_no_table_hides_a_column_on_a_phone(tabs, site, page_paths):
    """Each cell of every table is on the screen, where a reader sees it without scrolling the table
    sideways (a table is a stack of cards there: _ext/card_tables.py), and says which column it is."""
    tab = tabs("light", PHONE)
    hidden = []
    for path in page_paths:
        tab.visit(site + path)
        cells = tab.page.evaluate("""() => [...document.querySelectorAll('article table td')].map(td => {
            const box = td.getBoundingClientRect(), label = td.querySelector('.card-label');
            // a heading across the table (a group of the home table), and the index's columns, have no name
            const unnamed = td.colSpan > 1 || !td.closest('table').querySelector('thead');
            return [box.left, box.right, label ? label.getBoundingClientRect().height : 0, td.innerText,
                    unnamed];
        })""")
        width = tab.page.evaluate("document.scrollingElement.clientWidth")
        for left, right, label, text, unnamed in cells:
            off = left < 0 or right > width + 1
            if off or not label and not unnamed:
                hidden.append(f"{path}: a cell {'off-screen' if off else 'without its column name'} "
                              f"({left:.0f}-{right:.0f} px of {width}): {text[:40]!r}")
    assert not hidden, "\n".join(hidden[:20])


def test_the_navigation_opens_on_a_phone(tabs, site):
    tab = tabs("light", PHONE)
    tab.visit(site + "guide/glossary.html")
    link = tab.page.locator(".sidebar-drawer a", has_text="I want a container for my WSGI application")
    assert not link.is_visible() or link.bounding_box()["x"] < 0, "the sidebar is open before it is asked for"
    tab.page.locator("label.nav-overlay-icon").click()
    link.wait_for(state="visible")
    tab.page.wait_for_function("document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0")
    link.click()
    tab.page.wait_for_url("**/guide/wsgi-container.html")
