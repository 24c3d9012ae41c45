"""A date, or a name with numbers such as UTF-8 or CVE-2024-41671, stays on one line in HTML and the PDF.

A browser breaks a line after a hyphen, and so does TeX: "2026-12-" at the end of one line and "01"
at the start of the next is no date a reader recognises, nor "CVE-2024-" and "41671" an advisory.
Each such token of a page's text, written there or made by the extensions (the packages table,
``:last-release:``), becomes an inline of class ``nowrap``: a ``<span class="nowrap">`` that
``_static/custom.css`` keeps whole, and in the PDF an ``\\mbox`` (conf.py's ``\\DUrolenowrap``).
Words joined by a hyphen ("16-byte", "log-in") may still break after it, as in print. Code is left
alone: it is set apart, and inline code has a rule of its own.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: An ISO date; a name that ends in numbers (UTF-8, SHA-256, Latin-1, CVE-2024-41671); a GitHub advisory.
TOKEN = re.compile(r"(?<![\w-])(?:\d{4}-\d{2}-\d{2}|[A-Z][A-Za-z]*(?:-\d+)+|GHSA(?:-[0-9a-z]{4}){3})"
                   r"(?![\w-])")
CLASS = "nowrap"
#: Text that is not running text: code, and what is not printed as text.
LEFT_ALONE = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, nodes.math, nodes.target,
              nodes.substitution_definition, nodes.system_message, nodes.image)


def _left_alone(text: nodes.Text) -> bool:
    node = text.parent
    while node is not None:
        if isinstance(node, LEFT_ALONE) or (isinstance(node, nodes.inline) and CLASS in node["classes"]):
            return True
        node = node.parent
    return False


class NowrapTokens(SphinxTransform):
    default_priority = 800  # after the substitutions (220), whose text may hold a date

    def apply(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            source = text.astext()
            if not TOKEN.search(source) or _left_alone(text):
                continue
            pieces: list[nodes.Node] = []
            at = 0
            for token in TOKEN.finditer(source):
                if token.start() > at:
                    pieces.append(nodes.Text(source[at:token.start()]))
                pieces.append(nodes.inline(token[0], token[0], classes=[CLASS]))
                at = token.end()
            if at < len(source):
                pieces.append(nodes.Text(source[at:]))
            text.parent.replace(text, pieces)


def setup(app):
    app.add_transform(NowrapTokens)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
