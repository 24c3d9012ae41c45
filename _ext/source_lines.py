"""Where a directive's content is in its source: the line a warning about a line of it names.

A code block or a raw HTML block knows only the line of its directive; its content starts after
the options and a blank line. ``content_line`` finds it, so that a warning about the content's
third line names that line of the page, not the directive's; ``block_line`` names the line of the
file a ``literalinclude`` shows.
"""

from __future__ import annotations

import os
from functools import cache

from docutils import nodes
from docutils.utils import get_source_line


def lines(source: str) -> tuple[str, ...]:
    """The lines of a source file; read again when it changes (sphinx-autobuild keeps us loaded)."""
    try:
        return _read(source, os.stat(source).st_mtime_ns)
    except OSError:
        return ()


@cache
def _read(source: str, mtime: int) -> tuple[str, ...]:
    with open(source, encoding="utf-8") as f:
        return tuple(f.read().splitlines())


def content_line(node: nodes.Element, text: str, number: int) -> str | None:
    """``file:line`` of line ``number`` (from 1) of ``text``, the content of the directive at ``node``.

    The content starts at the first line after the directive that reads as its first line does.
    """
    source, line = get_source_line(node)
    if not source or not line:
        return None
    shown = text.splitlines()
    first = next((i for i, s in enumerate(shown) if s.strip()), None)
    if first is None:
        return f"{source}:{line}"
    page = lines(source)
    for start in range(line + 1, min(line + 50, len(page) + 1)):
        if page[start - 1].strip() == shown[first].strip():
            return f"{source}:{start - first + number - 1}"
    return f"{source}:{line}"


def block_line(block: nodes.literal_block, number: int) -> str | None:
    """``file:line`` of line ``number`` of a code block: in the file it includes, or else in its page."""
    text = block.astext()
    if block.get("source"):
        whole = "\n".join(lines(block["source"]))
        offset = whole[: whole.find(text)].count("\n") if text in whole else 0
        return f"{block['source']}:{offset + number}"
    return content_line(block, text, number)
