"""On a phone, a table is a stack of cards: each row a card, each cell headed by its column's name.

A table of three or more columns does not fit a phone's 375 px: the reader scrolls it sideways, and
its last columns (the home table's "Read", the packages' "Use it for") are off-screen unless they
do. So, in the HTML, each cell of a table with a header row also holds its column's header, in a
``span.card-label`` that ``custom.css`` shows only on a small screen, where it lays the table out as
cards; on a wide one the label is hidden, and the table is a table. The header's text is taken from
the table itself, so a column renamed is renamed on the phone too. A row of one cell that spans the
table (a group's heading, as in the home table) gets no label.
"""

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class CardTables(SphinxPostTransform):
    default_priority = 20  # after the home table is made (_ext/scenarios.py, 5)
    formats = ("html",)

    def run(self, **kwargs):
        if self.app.builder.name == "epub":
            return
        for group in self.document.findall(nodes.tgroup):
            head = next(iter(group.findall(nodes.thead)), None)
            if head is None or len(head.children) != 1:
                continue
            headers = [entry.astext().strip() for entry in head[0].children]
            for body in group.findall(nodes.tbody):
                for row in body.children:
                    if len(row.children) == 1 and row[0].get("morecols"):
                        continue  # a heading across the table
                    for header, entry in zip(headers, row.children, strict=False):
                        label = nodes.inline("", header, classes=["card-label"])
                        first = entry.children[0] if entry.children else None
                        if isinstance(first, nodes.paragraph):
                            first.insert(0, label)
                        else:
                            entry.insert(0, nodes.paragraph("", "", label))


def setup(app):
    app.add_post_transform(CardTables)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
