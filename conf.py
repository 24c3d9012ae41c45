"""Sphinx configuration for "Web Development with Twisted"."""

import configparser
import contextlib
import html
import io
import os
import re
import sys
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))
# sphinxext-opengraph prints "matplotlib is not installed, social cards will not be generated" as it
# is imported, though ogp_social_cards is off below: a line every build would print for nothing.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401

# -- Project -------------------------------------------------------------------
project = "Web Development with Twisted"
author = "The Web Development with Twisted contributors"
copyright = f"2012–2026, {author}"
repository = "https://github.com/twisted-web-guide/twisted-web-guide"
branch = "main"
html_baseurl = "https://twisted-web-guide.readthedocs.io/en/latest/"

# The Twisted versions the examples are tested with live in tox.ini, where the test
# runs pin them, and so do the Pythons CI runs them on; the footer and the home page show them.
_deps = configparser.ConfigParser()
_deps.read(HERE / "tox.ini")
tested = dict(re.findall(r"^(oldest|newest): twisted\[[\w,]+\]==(\S+)", _deps["testenv"]["deps"], re.M))
tested["oldest_also"] = " ".join(re.findall(r"^oldest: (?!twisted\[)(\S+)", _deps["testenv"]["deps"], re.M))
tested["pythons"] = _deps["guide"]["tested_pythons"].split()
tested["python"] = " and ".join(filter(None, [", ".join(tested["pythons"][:-1]), tested["pythons"][-1]]))
rst_epilog = """
.. |twisted-oldest| replace:: {oldest}
.. |twisted-newest| replace:: {newest}
.. |twisted-oldest-also| replace:: ``"{oldest_also}"``
.. |python-tested| replace:: {python}
""".format(**tested)

# -- General -------------------------------------------------------------------
extensions = [
    "runnable",  # _ext/runnable.py: examples shown on a page and run by the tests
    "scenarios",  # _ext/scenarios.py: the scenario pages, the home table made from them, the chart checked
    "localhost",  # _ext/localhost.py: the reader's own machine appears only as code, never as a link
    "placeholders",  # _ext/placeholders.py: no [placeholder] of the page skeleton is left on a page
    "code_blocks",  # _ext/code_blocks.py: a Python, JSON, XML or INI block parses in its language
    "comment_directives",  # _ext/comment_directives.py: no directive typed with one colon, which makes a comment
    "example_files",  # _ext/example_files.py: every file under guide/examples/ is shown by a page
    "raw_html",  # _ext/raw_html.py: raw HTML loads nothing from another host, and its links resolve
    "pdf_glyphs",  # _ext/pdf_glyphs.py: the PDF's fonts have a glyph for every character it prints
    "formats",  # _ext/formats.py: what the PDF, EPUB and single page need beyond Sphinx
    "seed_advice",  # _ext/seed_advice.py: the 2012 advice a page quotes is a quotation in every format
    "version_claims",  # _ext/version_claims.py: "added in X" claims, written so a test checks them
    "package_facts",  # _ext/package_facts.py: the packages' facts, once, in guide/packages.toml
    "nowrap_tokens",  # _ext/nowrap_tokens.py: a date, or a name like UTF-8, stays on one line
    "card_tables",  # _ext/card_tables.py: on a phone, a table is a stack of cards, each cell labelled
    "template_cache",  # _ext/template_cache.py: a rebuild reuses the compiled HTML templates
    "lean_pages",  # _ext/lean_pages.py: each page loads only the scripts and styles it uses
    "lean_static",  # _ext/lean_static.py: only the CSS rules the pages use; scripts minified
    "sphinx.ext.extlinks",
    "sphinx_copybutton",
    "notfound.extension",  # 404.html, with URLs that work at any depth of the hosted site
    "sitemap",  # _ext/sitemap.py: sitemap.xml, every page at its html_baseurl address
    "sphinx_last_updated_by_git",  # "Last updated on ...": the newest commit of the page or a file it shows
    "sphinxext.opengraph",
]
# The sources are index.rst and guide/; everything else at the top is tooling, not pages.
exclude_patterns = [
    ".*", "_build", "*venv*", "build", "dist", "tests", "_templates", "README.rst", "CONTRIBUTING.rst",
    "guide/examples",
]
# The scenario pages are the toctrees of index.rst with these captions, a group of the home table each
# (_ext/scenarios.py); the decision chart must link each page, and may link these pages besides
# ("None of these?").
scenario_groups = ["What to build", "Building it", "How to serve it"]
scenarios_chart = "_static/decision-chart.svg"
scenarios_chart_also = ["guide/getting-help"]
# Every file under guide/examples/ is shown by a page (_ext/example_files.py warns), except these.
example_files_not_shown = {
    "guide/examples/ruff.toml": "ruff's settings for the examples: 88 characters a line (CONTRIBUTING.rst)",
}
templates_path = ["_templates"]
nitpicky = True
language = "en"

extlinks = {
    "repo": (f"{repository}/%s", None),
    "pypi": ("https://pypi.org/project/%s/", "%s"),
    "twisted-ticket": ("https://github.com/twisted/twisted/issues/%s", "#%s"),
}

# -- HTML ----------------------------------------------------------------------
html_theme = "furo"
html_title = project
# Our CSS and the favicon are small: _templates/page.html puts them inside each page, so that a
# first view makes no request for them. Every file of _static/ is taken in so (the chart by index.rst,
# the search scorer below): it is no html_static_path, and no build copies them.
html_context = {
    "tested": tested,
    "inline_css": (HERE / "_static" / "custom.css").read_text(encoding="utf-8"),
    "favicon": "data:image/svg+xml," + quote(" ".join((HERE / "_static" / "favicon.svg").read_text().split()),
                                             safe=" /:="),
}
html_theme_options = {
    "source_repository": repository,
    "source_branch": branch,
    "source_directory": "",
    "top_of_page_buttons": ["view", "edit"],
}

# Copy only what a reader types: prompts and output lines stay behind.
copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_line_continuation_character = "\\"  # a long command goes on over lines that end with it

# The search box ranks pages by their `.. index::` entries too: see the file.
html_search_scorer = str(HERE / "_static" / "search-scorer.js")

# The hosted site: a 404 page and link previews (and _ext/sitemap.py's sitemap), with html_baseurl's URLs.
notfound_urls_prefix = urlsplit(html_baseurl).path  # the 404 page's links work at any depth
notfound_context = {
    "title": "Page not found",
    "body": "<h1>Page not found</h1>\n<p>This guide has no page at this address: it may have moved, or the"
            f' link may be mistyped. Start from <a href="{notfound_urls_prefix}index.html">the home page</a>,'
            " which asks which tool you need, or use the search box.</p>",
}
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated preview images


# "Last updated on" dates in UTC, whatever the build machine's time zone. Sources without git (a
# downloaded zip, the tests' copies) have no dates, and neither has a page of a shallow clone (Read
# the Docs makes one) whose last change is older than the clone's history; neither fails the build.
git_last_updated_timezone = "UTC"
suppress_warnings = ["git.too_shallow", "git.subprocess_error", "git.command_not_found"]

def _code_blocks_take_focus(app, pagename, templatename, context, doctree):
    """Let the keyboard reach code blocks: a long line scrolls them sideways (WCAG 2.1.1, axe-core)."""
    if "body" in context:
        context["body"] = context["body"].replace('<div class="highlight"><pre>',
                                                  '<div class="highlight"><pre tabindex="0">')


#: The longest token of inline code that a phone's narrowest column (a card of a table) holds whole.
LONG_TOKEN = 24


def _long_tokens_may_break(app, pagename, templatename, context, doctree):
    """Mark the tokens of inline code that may break on a phone (_static/custom.css)."""
    def mark(token: re.Match) -> str:  # counted as the reader sees it: "&quot;" is one character
        return token[0].replace('"pre"', '"pre long"') if len(html.unescape(token[1])) > LONG_TOKEN else token[0]

    if "body" in context:
        context["body"] = re.sub(r'<span class="pre">([^<]+)</span>', mark, context["body"])


def setup(app):
    app.connect("html-page-context", _code_blocks_take_focus)
    app.connect("html-page-context", _long_tokens_may_break)


# -- LaTeX / PDF (tox -e pdf; the TeX it needs is in apt.txt) ------------------
basename = "twisted-web-guide"  # the PDF, EPUB and offline zip are named after it
latex_engine = "xelatex"  # Unicode text as it is (–, →, …), in the fonts below
latex_use_xindy = False  # the glossary's index sorts fine with makeindex, which comes with TeX
latex_documents = [("index", f"{basename}.tex", project, author, "manual")]
latex_show_pagerefs = True
latex_show_urls = "footnote"
# The PDF's fonts, by file name (TeX finds them where apt.txt's packages put them): the text in GNU
# FreeFont, as in Sphinx's xelatex default; the code in DejaVu Sans Mono, which reads darker on screen
# and paper than FreeMono's thin strokes, at the x-height of the text. Each family's files are named
# once, here: the PDF sets its text in them, and _ext/pdf_glyphs.py checks them for every character.
_font_styles = {"regular": "UprightFont", "bold": "BoldFont", "italic": "ItalicFont",
                "bold italic": "BoldItalicFont"}
_pdf_fonts = {  # family: fontspec's command, the files' name and extension, each style's ending, options
    "serif": ("setmainfont", "FreeSerif", ".otf", ("", "Bold", "Italic", "BoldItalic"), ""),
    "sans": ("setsansfont", "FreeSans", ".otf", ("", "Bold", "Oblique", "BoldOblique"), ""),
    "mono": ("setmonofont", "DejaVuSansMono", ".ttf", ("", "-Bold", "-Oblique", "-BoldOblique"),
             "Scale=MatchLowercase, HyphenChar=None, "),
}
pdf_glyphs_fonts = {family: {style: f"{name}{end}{ext}" for style, end in zip(_font_styles, ends, strict=True)}
                    for family, (_command, name, ext, ends, _options) in _pdf_fonts.items()}
pdf_glyphs_font_folders = ["/usr/share/fonts/opentype/freefont", "/usr/share/fonts/truetype/dejavu"]
latex_elements = {
    "papersize": "a4paper",
    "extraclassoptions": "openany,oneside",  # read on screen more than bound: no blank pages before chapters
    "fontpkg": "\n".join(
        f"\\{command}{{{name}}}[{options}Extension={ext}, "
        + ", ".join(f"{key}=*{end}" for key, end in zip(_font_styles.values(), ends, strict=True)) + "]"
        for command, name, ext, ends, options in _pdf_fonts.values()),
    # A code line of 88 characters, as long as the examples' lines may be (CONTRIBUTING.rst), fits the
    # column in the code's font. A longer line wraps at a space, never inside a word: "verbatimforcewraps"
    # would break "127.0.0.1" or a name anywhere to fill the line.
    "sphinxsetup": "verbatimwrapslines=true",
    # Sphinx would name the table of contents after the first toctree's caption.
    # The index lists its words in the text's type, not in typewriter.
    # A date, or a name like UTF-8, is not broken after its hyphens (_ext/nowrap_tokens.py).
    "preamble": r"\addto\captionsenglish{\renewcommand{\contentsname}{Contents}}"
                r"\def\sphinxstyleindexentry#1{#1}"
                r"\newcommand*{\DUrolenowrap}[1]{\mbox{#1}}"
                # A transcript's output in grey, its commands in black (Pygments gives both near-black).
                r"\makeatletter\@namedef{PYG@tok@go}{\def\PYG@tc##1{\textcolor[rgb]{0.40,0.40,0.40}{##1}}}"
                r"\makeatother",
}

# -- EPUB (tox -e epub) --------------------------------------------------------
version = date.today().strftime("%Y.%m.%d")  # EPUB 3 wants one; the guide is as of the day it was built
epub_basename = basename
# Sphinx writes epub_uid where toc.ncx wants the identifier, so the two are one name.
epub_uid = epub_identifier = "io.readthedocs.twisted-web-guide"
epub_description = "Which Twisted tool to use for which web job, with an example for each that you can run."
epub_tocscope = "includehidden"  # the home page's toctrees are hidden: the HTML sidebar shows them
epub_show_urls = "footnote"
epub_css_files = ["epub-fixes.css"]

# -- Downloads: every HTML page links to the PDF and EPUB, where the build has them --------------
# tox -e dist builds them first and names their folder in GUIDE_DOWNLOADS for the HTML build, which
# copies them next to the pages (so the links work in the offline zip too). Read the Docs builds its
# own, except for pull requests, and serves them at its download URLs. Other builds link to neither.
downloads = {"PDF": f"{basename}.pdf", "EPUB": f"{basename}.epub"}
if os.environ.get("GUIDE_DOWNLOADS"):
    html_extra_path = [str(Path(os.environ["GUIDE_DOWNLOADS"], name)) for name in downloads.values()]
elif os.environ.get("READTHEDOCS_VERSION_TYPE") in ("branch", "tag"):
    _site = urlsplit(os.environ["READTHEDOCS_CANONICAL_URL"])
    _version = f"{os.environ['READTHEDOCS_LANGUAGE']}/{os.environ['READTHEDOCS_VERSION']}"
    downloads = {k: f"{_site.scheme}://{_site.netloc}/_/downloads/{_version}/{k.lower()}/" for k in downloads}
else:
    downloads = {}
html_context["downloads"] = downloads
