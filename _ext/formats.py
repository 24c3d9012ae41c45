"""What the PDF, the EPUB and the single page need that Sphinx does not do by itself.

- A page's toctrees are written at the end of its text, and reStructuredText puts them in the page's
  last section. The PDF and EPUB put the pages a toctree lists where it stands, and the menu nests
  them there: every scenario would be a section of the home page's "Run the examples", not a
  chapter, and a follow-on page ("Run it behind a reverse proxy") a part of its scenario's last
  section ("What about SOAP?"), printed before that page's "See also". So a toctree moves to the end
  of its page, outside the page's sections: the home page's pages are chapters, a scenario's
  follow-on pages sections of its chapter, after all of it.
- In the PDF, each captioned toctree of the home page ("What to build", "Building it",
  "How to serve it", "Reference") is a part, headed by its caption, as the menu's groups are.
- The PDF prints the home page's title on its title page, not as a heading with a label, so a
  reference to that title (``:ref:`home```) would print as "??". It leads to the document's start.
- Sphinx's epub theme brackets footnote markers that docutils already brackets ("[[#1]]"); the
  EPUB, and only it, gets ``_static/epub/``, whose stylesheet conf.py's ``epub_css_files`` loads.
- Sphinx 9.0's single page links across pages to ``#document-page#anchor``, which no browser follows
  (sphinx-doc/sphinx#14221). The link becomes ``#anchor``, or ``#document-page`` where the anchor is
  not unique on the single page: every scenario has a section "The short answer".
"""

import re
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

CROSS_PAGE = re.compile(r'href="#document-([^"#]*)#([^"]*)"')


def toctrees_at_the_end(app, doctree):
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    for wrapper in [toctree.parent for toctree in doctree.findall(addnodes.toctree)]:
        wrapper.parent.remove(wrapper)
        top.append(wrapper)
        caption = wrapper[0].get("caption")
        if caption and app.builder.name == "latex" and app.env.docname == app.config.root_doc:
            part = nodes.raw("", f"\\part{{{caption}}}\n", format="latex")
            wrapper.parent.insert(wrapper.parent.index(wrapper), part)


def epub_static(app):
    if app.builder.name == "epub":
        app.config.html_static_path = [*app.config.html_static_path, str(Path(app.confdir, "_static", "epub"))]


def home_page_references(app, doctree, docname):
    if app.builder.name == "latex":
        home = app.config.root_doc
        title = app.env.get_doctree(home).next_node(nodes.section)
        labels = {f"%{home}#{label}" for label in title["ids"]}
        for reference in doctree.findall(nodes.reference):
            if reference.get("refuri") in labels:
                reference["refuri"] = f"%{home}"


def single_page_links(app, pagename, templatename, context, doctree):
    if app.builder.name != "singlehtml" or doctree is None:
        return
    ids = Counter(id_ for node in doctree.findall(nodes.Element) for id_ in node["ids"])

    def fix(html: str) -> str:
        return CROSS_PAGE.sub(lambda m: f'href="#{m[2] if ids[m[2]] == 1 else "document-" + m[1]}"', html)

    context["body"], context["toc"] = fix(context["body"]), fix(context["toc"])
    toctree = context["toctree"]  # the sidebar's, which the theme renders later
    context["toctree"] = lambda **options: fix(toctree(**options))


def setup(app):
    app.connect("builder-inited", epub_static)
    app.connect("doctree-read", toctrees_at_the_end, priority=400)  # before Sphinx reads the toctrees
    app.connect("doctree-resolved", home_page_references)
    app.connect("html-page-context", single_page_links)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
