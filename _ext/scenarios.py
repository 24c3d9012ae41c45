"""The list of scenarios, written once: the home page's table is made from it, and the decision chart checked.

A scenario is one "I want ..." of the original cheat-sheet, or one a reader of today adds, with a page of
its own. The scenario pages are the entries of the root document's toctrees whose captions
``scenario_groups`` names ("What to build", "Building it", "How to serve it"), in that order: each such toctree is a
group of the table, headed by its caption, and of the site's menu. The pages in a scenario page's own
toctree are its follow-on pages ("then read ..."): not scenarios themselves, they have no row, but
their scenario's row links them.

Each scenario page starts with fields, before its label and title, that fill its row of the table::

    :use-today: Twisted Web's WSGI container: ``python -m twisted web --wsgi module.app``
    :sheet-said: Twisted Web (8.2 or newer), ``twistd web --wsgi``: still right

    I want a container for my WSGI application
    ==========================================

The row's "I want ..." is the page's title, without its "I want", and then the optional field
``:also-known-as:``; its "Read" links the page (by its title) and its follow-on pages, each by its
field ``:read-as:``. ``.. scenarios::`` (option ``:widths:``, as for ``list-table``) puts the table,
class ``scenarios``, where it stands. Sphinx takes fields at the top of a page as its metadata and does
not show them; this module keeps their nodes, so the cells have the markup the page wrote.

The chart ``scenarios_chart`` (a file the root document includes) must link every scenario page, and
no page but those, their follow-on pages and ``scenarios_chart_also``. A page or link that breaks
these rules fails the build, naming its file and line. The tests take the list from
:func:`scenario_pages`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

WANT = "I want "
#: The table's columns after "I want ...": (its header, the field of the scenario page that fills it).
COLUMNS = (("Use today", "use-today"), ("The 2012 sheet said", "sheet-said"))
ALSO = "also-known-as"  # optional, on a scenario page: what follows its title in the "I want ..." column
READ_AS = "read-as"  # on a follow-on page: the words its scenario's row links it with
FIELDS = {name for _, name in COLUMNS} | {ALSO, READ_AS}
CHART_LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"")


@dataclass
class Facts:
    """What one page says for the scenario list."""

    fields: dict[str, tuple[int, list[nodes.Node]]] = field(default_factory=dict)  # name: (line, body)
    title_line: int = 0
    groups: dict[str, list[str]] = field(default_factory=dict)  # root document: {caption: its entries}
    table: bool = False  # it holds ``.. scenarios::``


def facts(env) -> dict[str, Facts]:
    if not hasattr(env, "scenario_facts"):
        env.scenario_facts = {}
    return env.scenario_facts


def scenario_groups(env) -> dict[str, list[str]]:
    """The groups of scenario pages, in the order of ``scenario_groups``: {caption: [docname, ...]}."""
    found = facts(env).get(env.config.root_doc, Facts()).groups
    return {caption: [name for name in found.get(caption, []) if name in env.titles]
            for caption in env.config.scenario_groups}


def scenario_pages(env) -> dict[str, str]:
    """The scenario pages, group after group, each in its toctree's order: {docname: title}."""
    return {name: env.titles[name].astext() for names in scenario_groups(env).values() for name in names}


def follow_on_pages(env, docname: str) -> list[str]:
    """The pages of a scenario page's own toctree, in its order."""
    return list(env.toctree_includes.get(docname, []))


class scenario_table(nodes.General, nodes.Element):
    """Where ``.. scenarios::`` stands, until every page is read; then the table replaces it."""


class ScenariosDirective(SphinxDirective):
    option_spec = {"widths": directives.positive_int_list}

    def run(self):
        node = scenario_table(widths=self.options.get("widths", []))
        self.set_source_info(node)
        facts(self.env).setdefault(self.env.docname, Facts()).table = True
        return [node]


def _read(app, doctree):
    """Keep a page's fields (before Sphinx's metadata collector takes them away), toctree and title line."""
    env = app.env
    docname = env.docname
    found = facts(env).setdefault(docname, Facts())
    index = doctree.first_child_not_matching_class(nodes.PreBibliographic)
    if index is not None and isinstance(doctree[index], nodes.docinfo):
        for item in doctree[index].findall(nodes.field):
            name, body = item[0].astext(), item[1]
            if name in FIELDS:
                copied = [child.deepcopy() for child in body.children]
                for part in (part for node in copied for part in node.findall()):
                    part.document = None  # a copy points to the whole page, which the environment would store
                found.fields[name] = (item.line or body.line or 1, copied)
    title = next(doctree.findall(nodes.title), None)
    found.title_line = title.line - 1 if title is not None and title.line else 1  # docutils gives its underline
    for toctree in doctree.findall(addnodes.toctree):
        caption = toctree.get("caption")
        if caption in app.config.scenario_groups and docname == app.config.root_doc:
            found.groups[caption] = found.groups.get(caption, []) + list(toctree["includefiles"])


def _purge(app, env, docname):
    facts(env).pop(docname, None)


def _merge(app, env, docnames, other):
    for docname in docnames:
        if docname in facts(other):
            facts(env)[docname] = facts(other)[docname]


def _outdated(app, env, added, changed, removed):
    """A table is read again when a page its rows come from has changed."""
    listed = set(scenario_pages(env))
    listed |= {page for name in listed for page in follow_on_pages(env, name)}
    if listed & (changed | removed):
        return [name for name, found in facts(env).items() if found.table]
    return []


def _check(app, env):
    """Every scenario and follow-on page has its fields, and the chart links the pages it should."""
    pages = scenario_pages(env)
    for name in pages:
        found = facts(env).get(name, Facts())
        if not env.titles[name].astext().startswith(WANT):
            logger.warning(f'scenarios: a scenario page\'s title starts with "{WANT}": the home table\'s first '
                           f"column is the rest of it", location=(name, found.title_line), type="scenarios")
        missing = [f":{n}:" for _, n in COLUMNS if n not in found.fields]
        if missing:
            logger.warning(f"scenarios: the scenario page has no {' or '.join(missing)} at its top: a scenario page "
                           f"starts with these fields, which fill its row of the home table (see "
                           f"_templates/scenario-page.rst)", location=(name, 1), type="scenarios")
        for page in follow_on_pages(env, name):
            if READ_AS not in facts(env).get(page, Facts()).fields:
                logger.warning(f"scenarios: the page has no :{READ_AS}: at its top: it follows on from {name} and "
                               f"the home table links it in that scenario's row with these words",
                               location=(page, 1), type="scenarios")
    if app.config.scenarios_chart:
        _check_chart(app, env, pages)


def _check_chart(app, env, pages):
    chart = Path(app.srcdir, app.config.scenarios_chart)
    if not chart.is_file():
        logger.warning(f"scenarios: scenarios_chart is {app.config.scenarios_chart!r}, which is no file",
                       type="scenarios")
        return
    allowed = set(pages) | {p for name in pages for p in follow_on_pages(env, name)}
    allowed |= set(app.config.scenarios_chart_also)
    suffix = app.config.html_file_suffix or ".html"
    folder = posixpath.dirname(app.config.root_doc)
    text = chart.read_text(encoding="utf-8")
    linked = set()
    for link in CHART_LINK.finditer(text):
        where = f"{chart}:{text.count(chr(10), 0, link.start()) + 1}"
        href = link.group(1).split("#")[0]
        page = posixpath.normpath(posixpath.join(folder, href.removesuffix(suffix)))
        linked.add(page)
        if page in env.found_docs and page not in allowed:  # a link to no page at all: raw_html.py says so
            logger.warning(f"scenarios: the chart links {href!r}, which is not a scenario page (the "
                           f"toctrees {', '.join(map(repr, app.config.scenario_groups))} of "
                           f"{app.config.root_doc}), nor one that "
                           f"follows on from one, nor in scenarios_chart_also", location=where, type="scenarios")
    for name in pages:
        if name not in linked:
            logger.warning(f"scenarios: the chart links no {name}{suffix}: every scenario page needs an answer "
                           f"in the chart", location=f"{chart}:1", type="scenarios")


class ScenarioTable(SphinxPostTransform):
    """Replace each ``.. scenarios::`` by the table, before the references in it are resolved."""

    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs):
        for node in list(self.document.findall(scenario_table)):
            node.replace_self(table(self.env, node["widths"], self.env.docname))


def table(env, widths: list[int], docname: str) -> nodes.table:
    """The home table: a row for each scenario page, from its title and fields, group after group, each
    group headed by a row of its own (class ``scenario-group``) that holds its caption."""
    headers = ["I want …"] + [header for header, _ in COLUMNS] + ["Read"]
    rows = []
    groups = {caption: names for caption, names in scenario_groups(env).items() if names}
    for name in (name for names in groups.values() for name in names):
        if len(groups) > 1 and any(names[0] == name for names in groups.values()):
            caption = next(caption for caption, names in groups.items() if names[0] == name)
            heading = nodes.entry("", nodes.paragraph("", "", nodes.strong("", caption)),
                                  morecols=len(headers) - 1)
            rows.append(nodes.row("", heading, classes=["scenario-group"]))
        found = facts(env).get(name, Facts())
        want = deep(env.titles[name].children)
        if want and isinstance(want[0], nodes.Text):
            want[0] = nodes.Text(want[0].astext().removeprefix(WANT))
        if ALSO in found.fields:
            want += [nodes.Text(": ")] + inline(found.fields[ALSO][1])
        read = [link(name)]
        for page in follow_on_pages(env, name):
            words = facts(env).get(page, Facts()).fields.get(READ_AS, (0, [nodes.Text(page)]))[1]
            read += [nodes.Text(", then " if len(read) == 1 else ", "), link(page, inline(words))]
        rows.append(nodes.row("", cell(*want),
                              *[nodes.entry("", *deep(found.fields[n][1])) if n in found.fields else cell()
                                for _, n in COLUMNS],
                              cell(*read)))
    for ref in (ref for row in rows for ref in row.findall(addnodes.pending_xref)):
        ref["refdoc"] = docname  # a link copied from a page now starts from the table's page
    group = nodes.tgroup(cols=len(headers))
    group += [nodes.colspec(colwidth=width) for width in widths or [1] * len(headers)]
    group += nodes.thead("", nodes.row("", *[cell(nodes.Text(header)) for header in headers]))
    group += nodes.tbody("", *rows)
    # longtable: in the PDF the table, taller than a page, goes on over the next (a tabular ran off the page).
    return nodes.table("", group, classes=(["colwidths-given"] if widths else []) + ["scenarios", "longtable"])


def deep(body: list[nodes.Node]) -> list[nodes.Node]:
    return [node.deepcopy() for node in body]


def inline(body: list[nodes.Node]) -> list[nodes.Node]:
    """A field's text for inside a sentence: the children of its paragraphs."""
    return [child.deepcopy() for node in body for child in (node.children if isinstance(node, nodes.paragraph)
                                                            else [node])]


def cell(*content: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *content))


def link(docname: str, words: list[nodes.Node] | None = None) -> addnodes.pending_xref:
    """A reference to a page, by its title unless words are given, that every builder resolves."""
    text = nodes.inline("", "", *(words or [nodes.Text(docname)]), classes=["xref", "std", "std-doc"])
    return addnodes.pending_xref("", text, refdomain="std", reftype="doc", reftarget="/" + docname,
                                 refexplicit=bool(words), refwarn=True)


def setup(app):
    app.add_config_value("scenario_groups", ["Scenarios"], "env", list)
    app.add_config_value("scenarios_chart", "", "env", str)  # none: no chart to check
    app.add_config_value("scenarios_chart_also", [], "env", list)
    app.add_directive("scenarios", ScenariosDirective)
    app.add_post_transform(ScenarioTable)
    app.connect("doctree-read", _read, priority=400)  # before Sphinx's metadata collector (500) removes the fields
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-check-consistency", _check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
