"""Warn when a code block does not parse in the language it is shown in.

A reader copies a code block: a Python, JSON, XML or INI block that its own language cannot read
gives them the error first. Checked are the blocks a page writes (``.. code-block:: json``) and
the files it includes (``literalinclude``, ``runnable``) in the languages of
``code_blocks_included``. Example files in Python are not checked here: ruff's lint reads every
one and the tests run them, and both name the line. A language is named as Pygments names it, in
any case (``Python``, ``py3``, ``cfg``). In a Python console session (``pycon``, or a Python block
that starts with ``>>>``, which Sphinx shows as one) each ``>>>`` statement with its ``...`` lines
must parse; the other lines are its output. A literal block without a language (``::``) is in
the language of the page's ``.. highlight::`` before it, or else of ``highlight_language``; the
default, "default", is only tried as Python by Sphinx, and is not checked. Shell transcripts,
nginx and text are not checked.

XML is read as Twisted's templates are, with namespaces: a ``t:`` attribute needs its
``xmlns:t`` declaration.
"""

from __future__ import annotations

import ast
import configparser
import json
import warnings
from xml.parsers import expat

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

from source_lines import block_line

logger = logging.getLogger(__name__)


def python_error(text: str) -> tuple[int, str] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an invalid escape is a SyntaxWarning: it still runs
            ast.parse(text)
    except SyntaxError as err:
        return err.lineno or 1, err.msg
    except ValueError as err:  # a null byte
        return 1, str(err)
    return None


def json_error(text: str) -> tuple[int, str] | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as err:
        return err.lineno, err.msg
    return None


def xml_error(text: str) -> tuple[int, str] | None:
    parser = expat.ParserCreate(namespace_separator=" ")
    try:
        parser.Parse(text, True)
    except expat.ExpatError as err:
        return err.lineno, expat.ErrorString(err.code)
    return None


def ini_error(text: str) -> tuple[int, str] | None:
    try:
        configparser.ConfigParser(interpolation=None).read_string(text)
    except configparser.MissingSectionHeaderError as err:
        return err.lineno, "a line before the first [section] header"
    except configparser.ParsingError as err:
        number = err.errors[0][0]
        line = text.splitlines()[number - 1].strip()
        return number, f"{line!r} is neither a [section] header nor a 'key = value' line"
    except (configparser.DuplicateSectionError, configparser.DuplicateOptionError) as err:
        return err.lineno or 1, err.message.split(": ", 1)[-1].split(" (")[0]
    return None


def console_error(text: str) -> tuple[int, str] | None:
    """The first ``>>>`` statement (with its ``...`` lines) that does not parse; output lines are skipped."""
    statements: list[tuple[int, list[str]]] = []  # (the line it starts on, its lines without prompts)
    reading = False
    for number, line in enumerate(text.splitlines(), 1):
        if line == ">>>" or line.startswith(">>> "):
            statements.append((number, [line[4:]]))
            reading = True
        elif reading and (line == "..." or line.startswith("... ")):
            statements[-1][1].append(line[4:])
        else:
            reading = False  # output, until the next prompt
    for start, lines in statements:
        error = python_error("\n".join(lines))
        if error:
            return start + error[0] - 1, error[1]
    return None


PARSERS = {"python": python_error, "pycon": console_error, "json": json_error, "xml": xml_error, "ini": ini_error}
NAMES = {"python": "Python", "pycon": "Python", "json": "JSON", "xml": "XML", "ini": "INI"}


def shown_as(app, doctree: nodes.document):
    """Each code block, the language Sphinx shows it in (its own, or the highlight's before it), and what it is."""
    highlight, setting = app.config.highlight_language, "conf.py's highlight_language"
    for node in doctree.findall(lambda n: isinstance(n, (addnodes.highlightlang, nodes.literal_block))):
        if isinstance(node, addnodes.highlightlang):
            highlight, setting = node["lang"], f"the '.. highlight:: {node['lang']}' above it"
        elif "language" in node:
            yield node, node["language"], f"{node['language']} code block"
        elif node.rawsource == node.astext():  # not a parsed-literal, which Sphinx does not highlight
            yield node, highlight, f"'::' block (in {highlight}, as {setting} says)"


def check(app, doctree: nodes.document) -> None:
    languages = app.config.code_blocks_parsed
    for block, shown, what in shown_as(app, doctree):
        language = languages.get(shown.lower())
        if not language:
            continue
        text = block.astext()
        if language == "python" and text.startswith(">>>"):
            language = "pycon"  # as Sphinx shows it
        included = block.get("source")
        if included and language not in app.config.code_blocks_included:
            continue
        error = PARSERS[language](text)
        if error is None:
            continue
        number, problem = error
        if included:
            logger.warning(
                "this file does not parse as %s (%s), and %s:%s shows it: a reader who copies it gets "
                "the same error; correct the file",
                NAMES[language], problem, block.source, block.line,
                location=block_line(block, number), type="code_blocks", subtype=language)
        else:
            logger.warning(
                "this %s does not parse as %s (%s): a reader who copies it gets the same "
                "error; correct it, or if it is not meant to run as it is, show it as "
                "'.. code-block:: text'",
                what, NAMES[language], problem,
                location=block_line(block, number) or block, type="code_blocks", subtype=language)


def setup(app):
    # A block's language (as in ".. code-block:: LANGUAGE", in lower case) and what it is checked as:
    # Pygments' names for these languages, less those of languages that only look like them (sage).
    app.add_config_value("code_blocks_parsed", {
        "python": "python", "py": "python", "python3": "python", "py3": "python", "pyi": "python",
        "pycon": "pycon", "python-console": "pycon",
        "json": "json", "json-object": "json", "xml": "xml", "ini": "ini", "cfg": "ini", "dosini": "ini",
    }, "env", dict)
    # What an included file is checked as; Python files are linted and run by the tests.
    app.add_config_value("code_blocks_included", ("json", "xml", "ini"), "env", (tuple, list))
    app.connect("doctree-read", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
