"""The 2012 advice a page quotes (``.. container:: seed-advice``) is a quotation in every format.

A container is a ``<div>`` in the HTML and plain paragraphs in the PDF and EPUB, where the advice
would read as the guide's own words. As a block quote it is ``<blockquote>`` in the HTML and EPUB
and LaTeX's ``quote`` in the PDF, set off from the text around it; ``custom.css`` gives it the
brand's bar.
"""

from docutils import nodes

CLASS = "seed-advice"


def advice_is_a_quotation(app, doctree):
    for container in list(doctree.findall(nodes.container)):
        if CLASS in container["classes"]:
            quote = nodes.block_quote("", *container.children, classes=[CLASS])
            quote.source, quote.line = container.source, container.line
            container.replace_self(quote)


def setup(app):
    app.connect("doctree-read", advice_is_a_quotation)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
