"""Warn about a character that the PDF's fonts have no glyph for.

XeLaTeX prints such a character as nothing, and says so only deep in its log ("Missing character:
There is no ✗ in font FreeSerif"). The LaTeX build reads the character maps of the fonts the PDF
sets its text in (``pdf_glyphs_fonts``, which conf.py sets to the files its ``fontpkg`` names; found
in ``pdf_glyphs_font_folders`` or by asking TeX), and warns at the page and line of each text that
holds a character its own font lacks: serif for running text, sans for headings and table heads,
mono for code, each in bold or italic where LaTeX sets it so. Only the LaTeX build checks, and
only it imports fontTools.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.texescape import tex_replacements

from source_lines import block_line, element_of, locate, text_before

logger = logging.getLogger(__name__)

MONO = (nodes.literal, nodes.literal_block, nodes.doctest_block, addnodes.literal_strong,
        addnodes.literal_emphasis)
#: Not printed, or printed from elsewhere than its text (math has its own fonts).
NOT_PRINTED = (nodes.raw, nodes.comment, nodes.math, nodes.math_block, nodes.target, nodes.system_message,
               nodes.substitution_definition, nodes.image)
#: What Sphinx writes as a TeX command, not as the character.
REPLACED = {ord(char) for char, _ in tex_replacements}


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def font_of(text: nodes.Text) -> tuple[str, str]:
    """The family and style that Sphinx's LaTeX sets a text in (sphinxlatexstyletext.sty, headings)."""
    family, bold, italic = "serif", False, False
    for node in _ancestors(text):
        if isinstance(node, MONO) and family == "serif":
            family = "mono"
        if isinstance(node, nodes.rubric) or (isinstance(node, nodes.title) and isinstance(node.parent, nodes.section)):
            family = "mono" if family == "mono" else "sans"
            bold = True
        if isinstance(node, nodes.thead) and family == "serif":
            family = "sans"
        bold = bold or isinstance(node, (nodes.strong, nodes.term, addnodes.literal_strong))
        italic = italic or isinstance(node, (nodes.emphasis, nodes.title_reference, addnodes.literal_emphasis)) or (
            isinstance(node, nodes.reference) and node.get("internal"))  # \sphinxcrossref, \sphinxtermref
    return family, " ".join(style for style, on in (("bold", bold), ("italic", italic)) if on) or "regular"


def find(name: str, folders: list[str]) -> Path | None:
    for folder in folders:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    if shutil.which("kpsewhich"):  # where XeLaTeX finds it when it is TeX's own (TeX Live's gnu-freefont)
        found = subprocess.run(["kpsewhich", name], capture_output=True, text=True).stdout.strip()
        if found:
            return Path(found)
    return None


@cache
def characters(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def where(text: nodes.Text, index: int) -> str | None:
    """``file:line`` of the character at ``index`` of ``text``: in its page, or in the file a block shows."""
    block = next((node for node in _ancestors(text) if isinstance(node, nodes.literal_block)), None)
    element = block if block is not None else element_of(text.parent)
    before = text_before(element, text) + text.astext()[:index]
    if block is not None:
        return block_line(block, before.count("\n") + 1)
    return locate(element, text.astext()[index], before)


def check(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex":
        return
    fonts = app.config.pdf_glyphs_fonts
    folders = app.config.pdf_glyphs_font_folders
    paths = {(family, style): find(name, folders) for family, styles in fonts.items() for style, name in styles.items()}
    absent = sorted(fonts[family][style] for (family, style), path in paths.items() if path is None)
    if absent:
        logger.warning("cannot check that the PDF's fonts have every character: %s not found in %s, nor by TeX; "
                       "install the font packages of apt.txt (fonts-freefont-otf, fonts-dejavu-core), or set "
                       "pdf_glyphs_font_folders to where they are", ", ".join(absent), ", ".join(folders),
                       type="pdf_glyphs", subtype="fonts")
        return
    seen = set()
    for text in doctree.findall(nodes.Text):
        if any(isinstance(node, NOT_PRINTED) for node in _ancestors(text)):
            continue
        family, style = font_of(text)
        has = characters(paths[family, style])
        for index, char in enumerate(text.astext()):
            if ord(char) in has or ord(char) in REPLACED or char.isspace() or unicodedata.category(char) == "Cc":
                continue
            location = where(text, index)
            if (location, char) in seen:
                continue
            seen.add((location, char))
            logger.warning(
                "%r (U+%04X %s) has no glyph in %s, the font the PDF sets this %s text in: XeLaTeX would print "
                "nothing in its place; write it otherwise (in words, or a character the font has), or, for a "
                "symbol the guide needs, set a font that has it in conf.py's latex_elements and pdf_glyphs_fonts",
                char, ord(char), unicodedata.name(char, "no name"), fonts[family][style], family,
                location=location, type="pdf_glyphs", subtype="missing")


def setup(app):
    # The font files of each family and style: Sphinx's default for xelatex (its XELATEX_DEFAULT_FONTPKG).
    app.add_config_value("pdf_glyphs_fonts", {
        family: {"regular": f"{name}.otf", "bold": f"{name}Bold.otf", "italic": f"{name}{italic}.otf",
                 "bold italic": f"{name}Bold{italic}.otf"}
        for family, name, italic in (("serif", "FreeSerif", "Italic"), ("sans", "FreeSans", "Oblique"),
                                     ("mono", "FreeMono", "Oblique"))
    }, "env", dict)
    # Where they are: Debian's fonts-freefont-otf (apt.txt); otherwise TeX is asked (kpsewhich).
    app.add_config_value("pdf_glyphs_font_folders", ["/usr/share/fonts/opentype/freefont"], "env", list)
    app.connect("doctree-resolved", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
