"""Where a directive's content is in its source: the line a warning about a line of it names.

A code block or a raw HTML block knows only the line of its directive; its content starts after
the options and a blank line. ``content_line`` finds it, so that a warning about the content's
third line names that line of the page, not the directive's; ``block_line`` names the line of the
file a ``literalinclude`` shows. ``locate`` finds the line of a word in running text, whose nodes
know only the line of their paragraph (or a title's underline).
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


def locate(node: nodes.Node, needle: str, before: str = "") -> str | None:
    """``file:line`` of the source line that holds ``needle``.

    ``before`` is the element's text before the needle: its line breaks say how far into the
    element to start looking. A section title knows the line of its underline, so the line above
    is tried next; then the lines further on.
    """
    source, line = get_source_line(node)
    if not source:
        return None
    if not line:
        return f"{source}:"
    page = lines(source)
    start = line + before.count("\n")
    for number in [start, start - 1, start - 2, *range(start + 1, start + 50)]:
        if 0 < number <= len(page) and needle in page[number - 1]:
            return f"{source}:{number}"
    return f"{source}:{line}"


def text_before(element: nodes.Node, node: nodes.Node) -> str:
    """The text of ``element`` that comes before ``node``."""
    stop = node if isinstance(node, nodes.Text) else node.next_node(nodes.Text)
    parts = []
    for text in element.findall(nodes.Text):
        if text is stop:
            break
        parts.append(text.astext())
    return "".join(parts)


def element_of(node: nodes.Node) -> nodes.Node:
    """The nearest node that knows its line."""
    while node.parent is not None and node.line is None:
        node = node.parent
    return node
