"""Warn when a comment reads like a directive typed with one colon: ``.. note: gone``.

reStructuredText takes ``.. name:`` for a comment, not a directive, so the note (or the code
block, or the "see also") and everything indented under it leave the page without a word. A
comment whose first line starts with the name of a directive the build knows, in lower case as
directives are written, and one colon (``note:``, ``code-block:``, ``py:function:``) is such a
mistake: the warning names the comment's line and says to write ``.. name::``. Comments that
start otherwise (``.. The chart is drawn in ...``) are ordinary comments; ``.. _label:`` is a
target, not a comment.
"""

from __future__ import annotations

import os
import re

from docutils import nodes
from docutils.parsers.rst.languages import en
from docutils.utils import get_source_line
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import is_directive_registered

from source_lines import lines

logger = logging.getLogger(__name__)

#: A directive's name, with its domain if it has one, and a single colon.
ONE_COLON = re.compile(r"(?P<name>[a-z][\w.+-]*(?::[a-z][\w.+-]*)?):(?!:)(\s|$)")


def is_directive(env, name: str) -> bool:
    """Whether ``.. name::`` is a directive here: docutils', an extension's, or a domain's."""
    if ":" in name:
        domain, _, name = name.partition(":")
        try:
            return env.get_domain(domain).directive(name) is not None
        except ExtensionError:  # no such domain
            return False
    if is_directive_registered(name) or name in en.directives:
        return True
    return any(env.get_domain(domain).directive(name) is not None for domain in ("std", env.config.primary_domain)
               if domain)


def comment_source(comment: nodes.comment, doctree: nodes.document) -> str:
    """The file a comment is in.

    docutils gives a comment no place of its own, only where its parser went on after it: for a
    comment that ends a page, that is ``rst_epilog``; so the comment is found by its text.
    """
    source, _ = get_source_line(comment)
    return source if source and os.path.isfile(source) else doctree["source"]


def comment_line(source: str, first: str, seen: int) -> str | None:
    """``file:line`` of a comment: the ``seen``-th line of its file (from 0) that reads ``.. first``.

    None if no line reads so: the comment's text starts on the line after a bare ``..``, on purpose.
    """
    starts = re.compile(r"\s*\.\.\s+" + re.escape(first) + r"\s*$")
    found = [number for number, line in enumerate(lines(source), 1) if starts.match(line)]
    return f"{source}:{found[min(seen, len(found) - 1)]}" if found else None


def check(app, doctree: nodes.document) -> None:
    seen: dict[tuple[str, str], int] = {}  # (file, first line): how many such comments came before
    for comment in doctree.findall(nodes.comment):
        first = comment.astext().split("\n", 1)[0].strip()
        key = (comment_source(comment, doctree), first)
        seen[key] = seen.get(key, -1) + 1
        match = ONE_COLON.match(first)
        if not match or not is_directive(app.env, match["name"]):
            continue
        where = comment_line(*key, seen[key])
        if not where:
            continue
        name = match["name"]
        logger.warning(
            "'.. %s' is a comment, not a %s directive: with one colon, the page leaves it out, and all "
            "that is indented under it; write '.. %s::' (a comment meant as one starts with no directive's name)",
            first, name, name, location=where,
            type="comment_directives", subtype=name)


def setup(app):
    app.connect("doctree-read", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
