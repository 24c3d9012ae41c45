"""The copy buttons, in a real browser: each copies the very command the runner runs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

import runner
from browser_tab import ONE_WORKER
from runnable import for_reader

pytestmark = ONE_WORKER


def shell(commands: str) -> str:
    """What the shell reads: the indentation after a backslash-newline is the page's, not the command's."""
    return re.sub(r"\\\n\s*", "\\\n", commands)


def test_each_copy_button_copies_the_command_the_runner_runs(tabs, site):
    """Each example's two command blocks: the command(s) that start it, and the transcript's commands."""
    tab = tabs()
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                  origin=urlsplit(site)._replace(path="").geturl())
    wrong, examples = [], runner.collect()
    for page in sorted({e.page for e in examples}):
        on_page = [e for e in examples if e.page == page]
        tab.visit(site + page.removesuffix(".rst") + ".html")
        blocks = tab.page.locator("div.runnable")
        assert blocks.count() == len(on_page), f"{page}: {blocks.count()} runnable blocks for {len(on_page)} examples"
        for index, example in enumerate(on_page):
            consoles = blocks.nth(index).locator("div.highlight-console")
            expected = ["\n".join(for_reader(s) for s in example.servers)] * bool(example.servers)
            expected += ["\n".join(for_reader(step.command) for step in example.steps)]
            assert consoles.count() == len(expected), f"{example.where}: {consoles.count()} console blocks"
            for console, want in zip([consoles.nth(n) for n in range(len(expected))], expected, strict=True):
                tab.page.evaluate("navigator.clipboard.writeText('')")
                console.hover()
                console.locator("button.copybtn").click()
                got = tab.page.evaluate("navigator.clipboard.readText()")
                if shell(got) != shell(want):
                    wrong.append(f"{example.where}: the copy button copies {got!r}, the runner runs {want!r}")
    assert not wrong, "\n".join(wrong)


def test_the_copy_button_shows_when_reached_by_keyboard(tabs, site):
    """A keyboard user sees where the focus is (WCAG 2.4.7): the button shows, with an outline."""
    tab = tabs()
    tab.visit(site + "guide/wsgi-container.html")
    for _ in range(300):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("document.activeElement.matches('button.copybtn')"):
            break
    else:
        raise AssertionError("Tab never reached a copy button")
    try:  # it fades in over 0.3 s, as on hover
        tab.page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)
    except PlaywrightTimeout:
        pass  # the assertion below says what it is
    opacity, outline = tab.page.evaluate(
        "[getComputedStyle(document.activeElement).opacity, getComputedStyle(document.activeElement).outlineStyle]")
    assert float(opacity) == 1 and outline != "none", f"the focused copy button: opacity {opacity}, outline {outline}"


def test_no_copy_button_covers_text(tabs, site, page_paths):
    """Where the button shows, at the top right of a block, no character of the block is under it."""
    tab = tabs()
    covered = []
    for path in page_paths:
        tab.visit(site + path)
        covered += [f"{path}: the copy button covers {text!r}" for text in tab.page.evaluate("""() =>
            [...document.querySelectorAll('div.highlight')].flatMap(block => {
                const button = block.querySelector('button.copybtn'), pre = block.querySelector('pre');
                if (!button || !pre) return [];
                const b = button.getBoundingClientRect(), range = document.createRange();
                range.selectNodeContents(pre);
                return [...range.getClientRects()].filter(r => r.width > 0 && r.right > b.left &&
                    r.left < b.right && r.bottom > b.top && r.top < b.bottom)
                    .map(() => pre.innerText.split('\\n')[0]);
            })""")]
    assert not covered, "\n".join(covered[:20])
