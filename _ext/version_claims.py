"""A page's claim that Twisted added, removed or deprecated an API in a release, written so a test checks it.

::

    ``twisted.web.websocket`` is in Twisted since :twisted:`25.5.0 <added twisted.web.websocket>`.

renders the release, "25.5.0", in the page's words; the target says what happened then (``added``,
``removed`` or ``deprecated``) to which dotted name (a module, or a name in one). The build keeps
every claim, and ``tests/test_version_claims.py`` checks each one against the Twisted installed in
each tested environment: an API added in 26.4.0 must be there in 26.10.0 and missing in 25.5.0.
``grep -rn ':twisted:`' guide`` lists them all. A target of another shape fails the build, naming
the page and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docutils import nodes
from sphinx.util.docutils import SphinxRole

KINDS = ("added", "removed", "deprecated")
TARGET = re.compile(r"^(?P<version>\d+\.\d+\.\d+)\s*<(?P<kind>\w+)\s+(?P<name>[A-Za-z_][\w.]*)>$")


@dataclass(frozen=True)
class Claim:
    page: str  # its docname
    line: int
    version: str
    kind: str  # one of KINDS
    name: str  # dotted: a module, or a name in one

    @property
    def where(self) -> str:
        return f"{self.page}.rst:{self.line}"


class TwistedRelease(SphinxRole):
    def run(self):
        found = TARGET.match(self.text.strip())
        if not found or found["kind"] not in KINDS:
            message = self.inliner.reporter.error(
                f"twisted: {self.text!r} is not a claim the tests can check: write the release and, in angle "
                f"brackets, what happened to which API then, as :twisted:`25.5.0 <added twisted.web.websocket>` "
                f"({', '.join(KINDS)})", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        claims = self.env.__dict__.setdefault("version_claims", {})
        claims.setdefault(self.env.docname, []).append(
            Claim(self.env.docname, self.lineno, found["version"], found["kind"], found["name"]))
        return [nodes.Text(found["version"])], []


def claims(env) -> list[Claim]:
    """Every claim of the site, page after page."""
    return [c for page in sorted(getattr(env, "version_claims", {})) for c in env.version_claims[page]]


def _purge(app, env, docname):
    getattr(env, "version_claims", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    for docname in docnames:
        if docname in getattr(other, "version_claims", {}):
            env.__dict__.setdefault("version_claims", {})[docname] = other.version_claims[docname]


def setup(app):
    app.add_role("twisted", TwistedRelease())
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
