"""Code blocks, in a real browser: each fits the column on a desktop, where a reader sees it whole."""

from __future__ import annotations

from browser_tab import ONE_WORKER

pytestmark = ONE_WORKER


def test_no_code_block_scrolls_sideways_at_1280_px(tabs, site, page_paths):
    """88 characters a line fit furo's column: a wider line hides its end behind a scrollbar that
    shows only on hover, often the part the next paragraph explains. The examples' files and
    commands are held to 88 by the lint and the build; this holds everything else a page shows."""
    tab = tabs()
    cut = []
    for path in page_paths:
        tab.visit(site + path)
        cut += [f"{path}: a code block is {wide} px wide in {room} px; its widest line: {line!r}"
                for wide, room, line in tab.page.evaluate("""() => [...document.querySelectorAll('article pre')]
                    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
                    .map(pre => [pre.scrollWidth, pre.clientWidth,
                                 pre.innerText.split('\\n').reduce((a, b) => b.length > a.length ? b : a, '')])""")]
    assert not cut, "\n".join(cut)
