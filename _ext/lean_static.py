"""Ship only the CSS the pages use, and scripts without comments (``tox -e bench`` measures it).

furo's stylesheet, Pygments' colours and the copy button's stylesheet style everything Sphinx can
produce, in two colour schemes; these pages use part of it. Once every page is written, each
stylesheet in ``_static`` keeps a rule only when the pages or the scripts can give it something to
match, and a ``--custom-property`` only when something reads it with ``var()`` (tinycss2 reads the
CSS). Scripts lose their comments and spaces (rjsmin). Both keep ``/*! ... */`` comments, the
licences that minifiers keep (furo's stylesheet holds normalize.css's). Then each page's ``?v=``
checksum of those files is brought up to date, so a browser that cached an older file fetches the
new one.

The test is the reader's view: ``tests/test_browser_styles.py`` builds the site with and without this
extension and compares every element's computed style, light and dark.

The check is deliberately coarse, like PurgeCSS's: a selector stays when each class, id and element
name it needs (outside ``:not()``, ``:is()`` and friends) appears in some page's HTML or in a string
of some script shipped with it, which may add it. Attribute selectors and pseudo-classes never
remove a rule. A new page that uses a new class gets its rule back on the next build.
"""

import re
import zlib
from functools import partial
from pathlib import Path

import rjsmin
import tinycss2

_WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
_JS_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`")  # JS string literals
_NESTED = ("media", "supports", "layer", "container", "document", "scope", "starting-style")
_STRINGS = r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\''
_VAR = re.compile(r"var\(\s*(--[\w-]+)")


class Used:
    """The names the built pages and their scripts can give a selector to match."""

    def __init__(self, pages: list[str], scripts: list[str]):
        html = "\n".join(pages)
        self.names = {m.lower() for m in re.findall(r"<([a-zA-Z][\w-]*)", html)} | {"html", "body"}
        for value in re.findall(r'\s(?:class|id)="([^"]*)"', html):
            self.names.update(value.split())
        # A script adds a class by its name in a string ("copybtn", `<button class="...">`): the
        # scripts in _static, and those written into the pages.
        scripts = [*scripts, *re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)]
        self.names.update(_WORD.findall(" ".join(s for js in scripts for s in _JS_STRING.findall(js))))
        # Custom properties read by an inline style or a script, and by the stylesheets (added later).
        self.variables = set(re.findall(r"--[\w-]+", html + "\n".join(scripts)))

    def selector(self, selector: str) -> bool:
        if "\\" in selector:  # escaped names: not worth parsing, keep
            return True
        bare = _strip_functions(re.sub(_STRINGS, '""', selector))
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


class _Rule:
    """``selectors { declarations }``: each declaration as its text, with the variables it reads."""

    def __init__(self, rule):
        self.selectors = _split_at_commas(rule.prelude)
        self.declarations = []
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration":
                text = f"{item.name}:{tinycss2.serialize(item.value).strip()}{'!important' if item.important else ''}"
                self.declarations.append((item.name, text, set(_VAR.findall(text))))
            elif item.type != "error":  # a nested rule, kept as it is; browsers drop what does not parse
                text = item.serialize().strip()
                self.declarations.append(("", text, set(_VAR.findall(text))))

    def css(self) -> str:
        return ",".join(self.selectors) + "{" + ";".join(text for _, text, _ in self.declarations) + "}"


def _split_at_commas(prelude) -> list[str]:
    """``a, b:is(c, d)`` is two selectors, not three: a function's commas are inside its token."""
    selectors, current = [], []
    for token in [*prelude, None]:
        if token is None or token.type == "literal" and token.value == ",":
            selectors.append(tinycss2.serialize(current).strip())
            current = []
        else:
            current.append(token)
    return [s for s in selectors if s]


class _Block:
    """``@media ... { rules }`` and the other at-rules that hold rules."""

    def __init__(self, rule):
        self.prelude = " ".join(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}".split())
        self.children = _nodes(tinycss2.parse_rule_list(rule.content, skip_comments=False, skip_whitespace=True))

    def css(self) -> str:
        return self.prelude + "{" + "".join(c.css() for c in self.children) + "}"


class _Verbatim:
    """``@font-face``, ``@keyframes``, ``@import`` and ``/*! licences */`` (as minifiers keep them): as they are."""

    def __init__(self, text: str):
        self.text = text.strip()

    def css(self) -> str:
        return self.text


def _nodes(rules) -> list:
    nodes = []
    for rule in rules:
        if rule.type == "qualified-rule":
            nodes.append(_Rule(rule))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTED and rule.content is not None:
            nodes.append(_Block(rule))
        elif rule.type == "at-rule" or rule.type == "comment" and rule.value.startswith("!"):
            nodes.append(_Verbatim(rule.serialize()))
    return nodes  # other comments go; so does what does not parse, as browsers drop it


def _parse(css: str) -> list:
    """A stylesheet's rules, and the at-rules that hold rules with theirs (tinycss2 reads the CSS)."""
    return _nodes(tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=True))


def _walk(nodes):
    for node in nodes:
        if isinstance(node, _Block):
            yield from _walk(node.children)
        else:
            yield node


def _prune(nodes: list, keep) -> list:
    """Apply keep() to each rule (it trims the rule, or returns False); drop the blocks left empty."""
    out = []
    for node in nodes:
        if isinstance(node, _Block):
            node.children = _prune(node.children, keep)
            if node.children:
                out.append(node)
        elif not isinstance(node, _Rule) or keep(node):
            out.append(node)
    return out


def _declarations(parsed: dict) -> int:
    return sum(len(r.declarations) for nodes in parsed.values() for r in _walk(nodes) if isinstance(r, _Rule))


def _read_only(rule: _Rule, read: set[str]) -> bool:
    """Keep the rule's declarations but the custom properties nothing reads; False if none is left."""
    rule.declarations = [d for d in rule.declarations if not d[0].startswith("--") or d[0] in read]
    return bool(rule.declarations)


def trim_stylesheets(sheets: dict, used: Used) -> dict:
    """The stylesheets (name: text) with only the rules and custom properties the pages use."""
    parsed = {name: _parse(css) for name, css in sheets.items()}
    verdicts: dict[str, bool] = {}

    def matches(rule: _Rule) -> bool:
        for selector in rule.selectors:
            if selector not in verdicts:
                verdicts[selector] = used.selector(selector)
        rule.selectors = [s for s in rule.selectors if verdicts[s]]
        return bool(rule.selectors)

    parsed = {name: _prune(nodes, matches) for name, nodes in parsed.items()}
    while True:  # a variable read only by a dropped declaration is unread too
        read = set(used.variables)
        for nodes in parsed.values():
            for node in _walk(nodes):
                if isinstance(node, _Rule):
                    read.update(v for _, _, reads in node.declarations for v in reads)
                else:
                    read.update(_VAR.findall(node.text))
        before = _declarations(parsed)
        parsed = {name: _prune(nodes, partial(_read_only, read=read)) for name, nodes in parsed.items()}
        if _declarations(parsed) == before:
            return {name: "".join(node.css() for node in nodes) for name, nodes in parsed.items()}


def _checksum(data: bytes) -> str:
    return f"{zlib.crc32(data):08x}"  # what Sphinx puts after ?v=


def _finish(app, exception):
    if exception is not None or app.builder.name not in ("html", "dirhtml", "singlehtml"):
        return
    out = Path(app.outdir)
    static = out / "_static"
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    scripts = {p: p.read_text(encoding="utf-8") for p in static.rglob("*.js")}
    # The stylesheets a page loads (furo ships others, such as basic.css, that none does).
    loaded = set(re.findall(r'href="[^"]*?_static/([^"?]+\.css)', "\n".join(pages.values())))
    sheets = {static / name: (static / name).read_text(encoding="utf-8") for name in loaded}

    new = trim_stylesheets(sheets, Used(list(pages.values()), list(scripts.values())))
    new.update({path: rjsmin.jsmin(text, keep_bang_comments=True)  # /*! licences */ stay
                for path, text in scripts.items() if not path.name.endswith(".min.js")})
    versions = {}
    for path, text in new.items():
        data = text.encode("utf-8")
        path.write_bytes(data)
        path.with_name(path.name + ".map").unlink(missing_ok=True)  # a source map of the file as it was
        versions[path.relative_to(static).as_posix()] = _checksum(data)

    # Each page names these files as `_static/<name>?v=<checksum>`: bring the checksums up to date.
    names = "|".join(map(re.escape, versions))
    pattern = re.compile(rf"(_static/({names}))\?v=[0-9a-f]{{8}}")
    for page, html in pages.items():
        updated = pattern.sub(lambda m: f"{m.group(1)}?v={versions[m.group(2)]}", html)
        if updated != html:
            page.write_text(updated, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _finish, priority=900)  # after furo writes pygments.css (500)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
