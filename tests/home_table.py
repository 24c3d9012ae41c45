"""The home page's table of scenarios (``table.scenarios``) read back as a reader sees it: each row's text and links.

test_site.py checks the site's table with it, test_contributor_mistakes.py the table of a copy with a new page;
test_package_facts.py reads the packages page's ``table.packages`` with it too.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Row:
    """One row under the header: the text of each cell, and the links in each cell."""

    cells: list[str] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)
    group: bool = False  # a group's heading ("How to serve it"), not a scenario



class _Table(HTMLParser):
    def __init__(self, kind: str = "scenarios"):
        super().__init__()
        self.kind = kind  # the table's class
        self.rows: list[Row] = []
        self.inside = False
        self.text: list[str] | None = None  # of the cell being read
        self.label = False  # inside a cell's span.card-label

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.kind in (attrs.get("class") or "").split():
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append(Row(group="scenario-group" in (attrs.get("class") or "").split()))
        elif self.inside and tag == "td":
            self.text = []
            self.rows[-1].links.append([])
        elif self.text is not None and tag == "a" and attrs.get("href"):
            self.rows[-1].links[-1].append(attrs["href"])
        elif self.text is not None and tag == "span" and "card-label" in (attrs.get("class") or "").split():
            self.label = True  # the column's name, shown in the cell on a phone only (_ext/card_tables.py)

    def handle_endtag(self, tag):
        if tag == "span":
            self.label = False
        if tag == "td" and self.text is not None:
            self.rows[-1].cells.append(" ".join("".join(self.text).split()))
            self.text = None
        elif tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.text is not None and not self.label:
            self.text.append(data)


def rows(page: Path, kind: str = "scenarios") -> list[Row]:
    """The scenarios' rows of the page's ``table.scenarios`` (or another ``kind``), in order, without its
    header and the groups' headings."""
    table = _Table(kind)
    table.feed(page.read_text(encoding="utf-8"))
    return [row for row in table.rows if row.cells and not row.group]


def groups(page: Path) -> dict[str, list[str]]:
    """Each group's heading, with the pages its rows link last ("Read"), in order."""
    table = _Table()
    table.feed(page.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for row in (row for row in table.rows if row.cells):
        if row.group:
            found[row.cells[0]] = []
        elif found:
            list(found.values())[-1].append(row.links[-1][0])
    return found
