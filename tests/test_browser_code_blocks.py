"""Code blocks, in a real browser: each fits the column on a desktop, where a reader sees it whole."""

from __future__ import annotations

import pytest

from browser_tab import DESKTOP, ONE_WORKER, PHONE
from nowrap_tokens import TOKEN

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


def contrast(one: list[float], other: list[float]) -> float:
    """WCAG 2's contrast ratio of two sRGB colours (0-255 each)."""
    def luminance(rgb):
        c = [v / 255 for v in rgb[:3]]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    light, dark = sorted([luminance(one), luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_a_transcripts_output_looks_unlike_its_commands_in_both_themes(tabs, site):
    """The command a reader types, and what it prints, in colours of their own, each readable (4.5:1)."""
    for theme in ("light", "dark"):
        tab = tabs(theme)
        tab.visit(site + "guide/wsgi-container.html")
        command, output, background = tab.page.evaluate("""() => {
            const rgb = c => c.match(/[\\d.]+/g).map(Number);
            const pre = document.querySelectorAll('div.runnable div.highlight-console pre')[1];
            let box = pre;
            while (rgb(getComputedStyle(box).backgroundColor)[3] === 0) box = box.parentElement;
            return [rgb(getComputedStyle(pre).color), rgb(getComputedStyle(pre.querySelector('.go')).color),
                    rgb(getComputedStyle(box).backgroundColor)];
        }""")
        assert contrast(command, output) > 1.5, f"{theme}: the output {output} looks like the command {command}"
        for what, colour in (("command", command), ("output", output)):
            assert contrast(colour, background) >= 4.5, f"{theme}: the {what} {colour} on {background}"


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_no_token_of_inline_code_breaks_across_lines(tabs, site, page_paths, width):
    """ "twistd web --" at the end of one line and "wsgi=application" on the next is not a command. On a
    phone a token longer than its narrowest column holds (class "long", conf.py's LONG_TOKEN) may break."""
    tab = tabs(width=width)
    broken = []
    for path in page_paths:
        tab.visit(site + path)
        broken += [f"{path}: {token!r} breaks across lines" for token in tab.page.evaluate(
            """desktop => [...document.querySelectorAll('article code.literal span.pre')]
                .filter(s => desktop || !s.classList.contains('long'))
                .filter(s => new Set([...s.getClientRects()].map(r => Math.round(r.top))).size > 1)
                .map(s => s.textContent)""", width == DESKTOP)]
    assert not broken, f"at {width} px:\n" + "\n".join(broken[:20])


# Each text node of the page's text (code aside) that holds a date or a name like UTF-8: a token
# broken across lines has client rectangles on more than one line.
BROKEN_TOKENS = """pattern => {
    const broken = [], walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        if (node.parentElement.closest('pre, code')) continue;
        for (const match of node.data.matchAll(new RegExp(pattern, 'g'))) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("width", [DESKTOP, 1024, 800, PHONE])
def test_no_date_or_numbered_name_breaks_across_lines(tabs, site, page_paths, width):
    """ "2026-12-" at the end of a line and "01" on the next is no date, nor "UTF-" and "8" a charset
    (_ext/nowrap_tokens.py): in the text, the packages table and its cards on a phone."""
    tab = tabs(width=width)
    broken = []
    for path in page_paths:
        if path == "genindex.html":  # Sphinx writes the index's entries, not the pages' text (see the report)
            continue
        tab.visit(site + path)
        broken += [f"{path}: {token!r} breaks across lines"
                   for token in tab.page.evaluate(BROKEN_TOKENS, TOKEN.pattern)]
    assert not broken, "\n".join(broken[:20])
