"""Each page loads only the scripts and styles it uses (``tox -e bench`` measures what this saves).

- The copy button's three files go only to pages that have a code block to copy.
- ``sphinx_highlight.js`` (it marks the words you searched for on the page a search result opens)
  is loaded by ``_templates/page.html`` only when there are words to mark, not on every view.
"""

from docutils import nodes

COPY_BUTTON = ("clipboard.min.js", "copybutton.js", "copybutton.css")
HIGHLIGHT = "sphinx_highlight.js"


def _name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _lean(app, pagename, templatename, context, doctree):
    unused = set()
    if doctree is None or next(doctree.findall(nodes.literal_block), None) is None:
        unused.update(COPY_BUTTON)
    if pagename != "search":  # searchtools.js needs it there, to mark the words in the results
        unused.add(HIGHLIGHT)
        context["lazy_highlight"] = True
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [f for f in context[key] if not _name(f).endswith(tuple(unused))]


def setup(app):
    # After the extensions that add their files (priority 500), before the page is rendered.
    app.connect("html-page-context", _lean, priority=900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
