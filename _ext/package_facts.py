"""The facts of the packages the guide names, written once, in ``guide/packages.toml``.

The packages page's table is ``.. package-table::``, one package a line of its content, in the
order of its rows; a page that states a last release writes ``:last-release:`klein``` ("24.8.0
(2024-08-12)"). ``tools/freshness.py`` checks the file against the package index. A package the
file does not have, or a file that does not parse or lacks a fact, fails the build naming the
page's or the file's line.
"""

from __future__ import annotations

import datetime
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent.parent / "guide" / "packages.toml"
COLUMNS = ("Package", "Maintained?", "Python 3?", "Last release", "Use it for / use instead")
FACTS = ("last-release", "released", "requires-python", "newest-classifier", "maintained", "judged-by",
         "python3", "use-for")
PART_FACTS = ("title", "part-of", "since", "maintained", "python3", "use-for")
OPTIONAL = ("fails-on-python3", "label")  # label: of its section on the packages page, when not package-NAME


class BadData(ValueError):
    """The data file is wrong: the message starts with its file and line, which ``line`` holds too."""

    def __init__(self, message: str):
        super().__init__(message)
        self.line = int(message.split(":")[1])
        self.reason = message.split(": ", 1)[1]


@dataclass
class Package:
    name: str  # on the package index, or the label's end for a part of Twisted (twisted-web-template)
    line: int  # of its [name] in the data file
    title: str
    maintained: str
    python3: str
    use_for: str
    last_release: str = ""
    released: datetime.date | None = None
    requires_python: str = ""
    newest_classifier: str = ""
    judged_by: str = ""
    fails_on_python3: str = ""
    part_of: str = ""
    since: str = ""
    label: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # fact: its line in the data file

    @property
    def release(self) -> str:
        return f"{self.last_release} ({self.released.isoformat()})"


def read(path: Path = DATA) -> dict[str, Package]:
    """The packages of the data file, in its order; raise BadData naming the file and line."""
    text = path.read_text(encoding="utf-8")
    where = path.name
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        raise BadData(f"{where}:{line.group(1) if line else 1}: {err}") from None
    lines = text.splitlines()
    packages = {}
    for name, facts in data.items():
        start = next(n for n, line in enumerate(lines, 1) if line.strip() == f"[{name}]")
        found = {}
        for n, line in enumerate(lines[start:], start + 1):
            if line.startswith("["):
                break
            if key := re.match(r"([\w-]+)\s*=", line):
                found[key.group(1)] = n
        required = PART_FACTS if "part-of" in facts else ("title", *FACTS)
        missing = [key for key in required if key not in facts]
        unknown = sorted(set(facts) - set(required) - set(OPTIONAL))
        if missing or unknown:
            said = [f"lacks {', '.join(missing)}"] * bool(missing)
            said += [f"has unknown {', '.join(unknown)}"] * bool(unknown)
            raise BadData(f"{where}:{start}: [{name}] " + "; ".join(said))
        if "released" in facts and not isinstance(facts["released"], datetime.date):
            raise BadData(f"{where}:{found['released']}: [{name}] released must be a date, as 2024-08-12")
        packages[name] = Package(name=name, line=start, lines=found,
                                 **{key.replace("-", "_"): value for key, value in facts.items()})
    return packages


_read: dict[tuple[str, int], dict[str, Package]] = {}


def packages() -> dict[str, Package]:
    """The data file's packages, read again when it changes; {} when it is wrong (check_data says why)."""
    key = (str(DATA), DATA.stat().st_mtime_ns)
    if key not in _read:
        try:
            _read[key] = read()
        except BadData:
            return {}
    return _read[key]


def last_release_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    env.note_dependency(str(DATA))
    package = packages().get(text)
    if package is None or not package.last_release:
        message = inliner.reporter.error(f"last-release: {DATA.name} has no release of {text!r}: add [{text}] "
                                         f"there, or use the name the package index knows", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    return [nodes.Text(package.release)], []


class PackageTable(SphinxDirective):
    """The packages page's "At a glance": one row a package named in the content, from the data file."""

    has_content = True

    def run(self):
        self.env.note_dependency(str(DATA))
        known = packages()
        rst = [".. list-table::", "   :class: packages", "   :header-rows: 1", "   :widths: 22 14 12 22 30", ""]
        rst += ["   * - " + COLUMNS[0]] + [f"     - {column}" for column in COLUMNS[1:]]
        for offset, name in enumerate(self.content):
            package = known.get(name.strip())
            if package is None:
                raise self.error(f"package-table: {DATA.name} has no [{name.strip()}] (line {offset + 1} of the "
                                 f"table): add it there, or correct the name")
            release = f"In Twisted since {package.since}" if package.part_of else package.release
            label = package.label or f"package-{package.name}"
            rst += [f"   * - :ref:`{package.title} <{label}>`", f"     - {package.maintained}",
                    f"     - {package.python3}", f"     - {release}", f"     - {package.use_for}"]
        source, line = self.get_source_info()
        table = nodes.container()
        self.state.nested_parse(StringList(rst, items=[(source, line)] * len(rst)), self.content_offset, table)
        return table.children


def check_data(app):
    try:
        read()
    except BadData as err:
        logger.warning(err.reason, location=f"{DATA}:{err.line}")


def setup(app):
    app.add_role("last-release", last_release_role)
    app.add_directive("package-table", PackageTable)
    app.connect("builder-inited", check_data)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
