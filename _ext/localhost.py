"""Warn when a page names the reader's own machine outside an example.

The rule: ``localhost`` and loopback addresses such as ``127.0.0.1`` appear only as code, in a
``runnable`` example, a code block or ``inline code``.

- A *link* to the reader's own machine (``localhost``, ``*.localhost``, ``127.0.0.0/8``, ``::1``,
  ``0.0.0.0``) is always wrong: nothing runs there when someone reads the page, and the PDF and
  EPUB print it as a footnote. Show the address as code in the example instead.
- In running text, ``localhost`` or ``127.0.0.1`` is an address the reader will type, so it is code:
  write ````127.0.0.1````. Our examples say 127.0.0.1, not localhost: they listen on 127.0.0.1
  only, and ``localhost`` can resolve to ``::1`` first, where nothing listens.

Each warning names the file and line, and says what to write instead. With ``-W`` it fails the build.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from source_lines import element_of, locate, text_before

logger = logging.getLogger(__name__)

#: Running text that names the reader's own machine.
OWN_MACHINE = re.compile(r"\blocalhost\b|(?<![\w.])127(?:\.\d{1,3}){3}(?![\w.])")

#: Where an address is code, or not text a reader sees: nothing inside these is running text.
NOT_RUNNING_TEXT = (nodes.literal, nodes.literal_block, nodes.doctest_block, nodes.raw, nodes.comment,
                    nodes.math, nodes.math_block, nodes.reference, nodes.target, nodes.substitution_definition,
                    nodes.system_message, addnodes.pending_xref, addnodes.download_reference)


def is_own_machine(url: str) -> bool:
    """True for a URL whose host is the machine it is opened on."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def in_running_text(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, NOT_RUNNING_TEXT):
            return False
        parent = parent.parent
    return True


def check(app, doctree: nodes.document) -> None:
    for reference in doctree.findall(nodes.reference):
        url = reference.get("refuri", "")
        if is_own_machine(url):
            element = element_of(reference)
            logger.warning(
                "a link to %s points at the reader's own machine, where nothing runs while they read: "
                "show the address as code in the example instead (``%s``), and do not link it",
                url, re.sub(r"//localhost(?=[:/]|$)", "//127.0.0.1", url),
                location=locate(element, url, text_before(element, reference)), type="localhost", subtype="link")
    for text in doctree.findall(nodes.Text):
        if not in_running_text(text):
            continue
        element = element_of(text.parent)
        for match in OWN_MACHINE.finditer(text.astext()):
            before = text_before(element, text) + text.astext()[:match.start()]
            logger.warning(
                "%r in running text: an address the reader types is code, and our examples say "
                "127.0.0.1 (not localhost, which can resolve to ::1 first): write ``127.0.0.1``, "
                "or put the address in the example",
                match.group(), location=locate(element, match.group(), before), type="localhost", subtype="text")


def setup(app):
    app.connect("doctree-read", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
