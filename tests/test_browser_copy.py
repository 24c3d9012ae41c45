"""The copy buttons, in a real browser: each copies the very command the runner runs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

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
            expected = ["\n".join(for_reader(s) for s in example.servers),
                        "\n".join(for_reader(step.command) for step in example.steps)]
            for console, want in zip([consoles.nth(0), consoles.nth(1)], expected, strict=True):
                tab.page.evaluate("navigator.clipboard.writeText('')")
                console.hover()
                console.locator("button.copybtn").click()
                got = tab.page.evaluate("navigator.clipboard.readText()")
                if shell(got) != shell(want):
                    wrong.append(f"{example.where}: the copy button copies {got!r}, the runner runs {want!r}")
    assert not wrong, "\n".join(wrong)
