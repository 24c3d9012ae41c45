"""Ship only the CSS the pages use, and scripts without comments (``tox -e bench`` measures it).

furo's stylesheet, Pygments' colours and the copy button's stylesheet style everything Sphinx can
produce, in two colour schemes; these pages use part of it. Once every page is written, each
stylesheet in ``_static`` keeps a rule only when the pages or the scripts can give it something to
match, and a ``--custom-property`` only when something reads it with ``var()``. Scripts lose their
comments and spaces (rjsmin). Then each page's ``?v=`` checksum of those files is brought up to
date, so a browser that cached an older file fetches the new one.

The test is the reader's view: ``tests/test_browser.py`` builds the site with and without this
extension and compares every element's computed style, light and dark.

The check is deliberately coarse, like PurgeCSS's: a selector stays when each class, id and element
name it needs (outside ``:not()``, ``:is()`` and friends) appears in some page's HTML or in a string
of some script shipped with it, which may add it. Attribute selectors and pseudo-classes never
remove a rule. A new page that uses a new class gets its rule back on the next build.
"""

import re
import zlib
from pathlib import Path

import rjsmin
import tinycss2

_WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`")  # JS string literals
_NESTED = ("media", "supports", "layer", "container", "document")


class Used:
    """The names the built pages and their scripts can give a selector to match."""

    def __init__(self, pages: list[str], scripts: list[str]):
        html = "\n".join(pages)
        self.names = {m.lower() for m in re.findall(r"<([a-zA-Z][\w-]*)", html)} | {"html", "body"}
        for value in re.findall(r'\s(?:class|id)="([^"]*)"', html):
            self.names.update(value.split())
        # A script adds a class by its name in a string ("copybtn", `<button class="...">`).
        self.names.update(_WORD.findall(" ".join(s for js in scripts for s in _STRING.findall(js))))
        # Custom properties read by an inline style or a script, and by the stylesheets (added later).
        self.variables = set(re.findall(r"--[\w-]+", html + "\n".join(scripts)))

    def selector(self, selector: str) -> bool:
        if "\\" in selector:  # escaped names: not worth parsing, keep
            return True
        bare = _strip_functions(selector)
        bare = re.sub(r"\[[^\]]*\]|::?[\w-]+", " ", bare)  # attributes and pseudo-classes never drop a rule
        return all(name in self.names or name.lower() in self.names for name in _WORD.findall(bare))


def _strip_functions(selector: str) -> str:
    """Remove ``:not(...)``, ``:is(...)`` and the like: what is inside them cannot drop a rule."""
    out, depth = [], 0
    for char in selector:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _rules(css: str):
    return tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)


def _trim_rules(rules, used: Used) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            kept = [s for s in selectors if used.selector(s)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _NESTED:
            inner = _trim_rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True), used)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type == "at-rule":  # @font-face, @keyframes, @import, @charset: as they are
            out.append(tinycss2.serialize([rule]))
    return out


def _drop_unread_variables(css: str, read: set[str]) -> str:
    """Remove ``--name: value`` declarations nothing reads, and the rules they leave empty."""

    def trim(rules):
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                declarations = tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)
                kept = [d.serialize() for d in declarations
                        if d.type == "declaration" and (not d.name.startswith("--") or d.name in read)]
                if kept:
                    out.append(tinycss2.serialize(rule.prelude).strip() + "{" + ";".join(kept) + "}")
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in _NESTED:
                inner = trim(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True))
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            else:
                out.append(tinycss2.serialize([rule]))
        return out

    return "".join(trim(_rules(css)))


def trim_stylesheets(sheets: dict, used: Used) -> dict:
    """The stylesheets (name: text) with only the rules and custom properties the pages use."""
    trimmed = {name: "".join(_trim_rules(_rules(css), used)) for name, css in sheets.items()}
    while True:  # a variable read only by a dropped declaration is unread too
        read = used.variables | {v for css in trimmed.values() for v in re.findall(r"var\(\s*(--[\w-]+)", css)}
        again = {name: _drop_unread_variables(css, read) for name, css in trimmed.items()}
        if again == trimmed:
            return trimmed
        trimmed = again


def _checksum(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}"  # what Sphinx puts after ?v=


def _finish(app, exception):
    if exception is not None or app.builder.name not in ("html", "dirhtml", "singlehtml"):
        return
    out = Path(app.outdir)
    static = out / "_static"
    pages = [p.read_text(encoding="utf-8") for p in out.rglob("*.html")]
    scripts = {p: p.read_text(encoding="utf-8") for p in static.rglob("*.js")}
    sheets = {p: p.read_text(encoding="utf-8") for p in static.rglob("*.css")}

    new = trim_stylesheets(sheets, Used(pages, list(scripts.values())))
    new.update({path: rjsmin.jsmin(text) for path, text in scripts.items() if not path.name.endswith(".min.js")})
    versions = {}
    for path, text in new.items():
        data = text.encode("utf-8")
        path.write_bytes(data)
        versions[path.relative_to(static).as_posix()] = _checksum(data)

    # Each page names these files as `_static/<name>?v=<checksum>`: bring the checksums up to date.
    names = "|".join(map(re.escape, versions))
    pattern = re.compile(rf"(_static/({names}))\?v=[0-9a-f]{{8}}")
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        updated = pattern.sub(lambda m: f"{m.group(1)}?v={versions[m.group(2)]}", html)
        if updated != html:
            page.write_text(updated, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _finish, priority=900)  # after furo writes pygments.css (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
