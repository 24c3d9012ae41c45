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
from functools import partial
from pathlib import Path

import rjsmin

_WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
_JS_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|`(?:[^`\\]|\\.)*`")  # JS string literals
_NESTED = ("media", "supports", "layer", "container", "document", "scope", "starting-style")
# The CSS scanner's pieces: strings and comments are skipped whole.
_STRINGS = r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\''
_COMMENT = re.compile(rf"({_STRINGS})|/\*.*?\*/", re.S)
_TOKEN = re.compile(rf"{_STRINGS}|[{{}};()]")
_SPLIT = re.compile(rf"{_STRINGS}|[(),;]")
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


def _split_top(text: str, separator: str) -> list[str]:
    """Split at each separator outside parentheses and strings."""
    parts, depth, start = [], 0, 0
    for m in _SPLIT.finditer(text):
        char = m.group()
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(text[start:m.start()].strip())
            start = m.end()
    return [p for p in [*parts, text[start:].strip()] if p]


def _split_selectors(prelude: str) -> list[str]:
    """``a, b:is(c, d)`` is two selectors, not three."""
    return _split_top(prelude, ",")


class _Rule:
    """``selectors { declarations }``: each declaration as its text, with the variables it reads."""

    def __init__(self, prelude: str, body: str):
        self.selectors = _split_selectors(prelude)
        self.declarations = []
        for text in _split_top(body, ";"):
            name = text.split(":", 1)[0].strip()
            self.declarations.append((name, text, set(_VAR.findall(text))))

    def css(self) -> str:
        return ",".join(self.selectors) + "{" + ";".join(text for _, text, _ in self.declarations) + "}"


class _Block:
    """``@media ... { rules }`` and the other at-rules that hold rules."""

    def __init__(self, prelude: str):
        self.prelude = " ".join(prelude.split())
        self.children: list = []

    def css(self) -> str:
        return self.prelude + "{" + "".join(c.css() for c in self.children) + "}"


class _Verbatim:
    """``@font-face``, ``@keyframes``, ``@import``: kept as they are."""

    def __init__(self, text: str):
        self.text = text.strip()

    def css(self) -> str:
        return self.text


def _parse(css: str) -> list:
    """A stylesheet's rules, and the at-rules that hold rules with theirs. Strings, comments and
    parentheses are respected; the stylesheets are Sphinx's and its themes', so well formed."""
    css = _COMMENT.sub(lambda m: m.group(1) or "", css)
    root: list = []
    stack, start, depth, skip_to = [root], 0, 0, 0
    for m in _TOKEN.finditer(css):
        char, at = m.group(), m.start()
        if at < skip_to or char[0] in "\"'":
            continue
        if char in "()":
            depth += 1 if char == "(" else -1
        elif depth:
            continue
        elif char == ";":  # a statement: @import, @charset
            stack[-1].append(_Verbatim(css[start:m.end()]))
            start = m.end()
        elif char == "{":
            prelude = css[start:at].strip()
            keyword = re.match(r"@([\w-]+)", prelude)
            if keyword and keyword.group(1).lower() in _NESTED:
                block = _Block(prelude)
                stack[-1].append(block)
                stack.append(block.children)
                start = m.end()
                continue
            end = _closing(css, m.end())
            stack[-1].append(_Verbatim(css[start:end + 1]) if keyword else _Rule(prelude, css[m.end():end]))
            start = skip_to = end + 1
        elif char == "}":  # the end of an @media (or similar) block
            stack.pop()
            start = m.end()
    return root


def _closing(css: str, start: int) -> int:
    """The position of the brace that closes the block starting at start."""
    depth = 1
    for m in _TOKEN.finditer(css, start):
        if m.group() == "{":
            depth += 1
        elif m.group() == "}":
            depth -= 1
            if depth == 0:
                return m.start()
    raise ValueError(f"a stylesheet has an unclosed block at character {start}")


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
