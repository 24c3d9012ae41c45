"""Warn when a page still holds a placeholder of the skeleton it was made from.

``_templates/scenario-page.rst`` marks what a contributor writes in ``[square brackets]``: "This
page is for you if [who: what they have, what they want to do]". A page that builds with one left
would publish it, so each one warns at its line, saying to write the text in its place.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

from localhost import in_running_text
from source_lines import element_of, locate, text_before

logger = logging.getLogger(__name__)


def check(app, doctree: nodes.document) -> None:
    pattern = re.compile(app.config.placeholders_pattern)
    for text in doctree.findall(nodes.Text):
        if not in_running_text(text):
            continue
        element = element_of(text.parent)
        for match in pattern.finditer(text.astext()):
            before = text_before(element, text) + text.astext()[:match.start()]
            # Its start as the source has it: the text is on one line there, and has no curly quotes yet.
            start = re.match(r"\[[\w ,:.?]*", match.group()).group()
            logger.warning("%r is a placeholder of the page's skeleton: write the text it asks for in its place",
                           " ".join(match.group().split()), location=locate(element, start, before),
                           type="placeholders", subtype="left")


def setup(app):
    # Square brackets around words with a space between: the skeleton's, not a footnote's [1]_.
    app.add_config_value("placeholders_pattern", r"\[[^\[\]\n]*\w\s+\w[^\[\]\n]*\]", "env", str)
    app.connect("doctree-read", check, priority=400)  # before Sphinx takes the fields at the top away
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
