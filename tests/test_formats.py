"""The guide offline and in print: the PDF, the EPUB, the single page, and the site zipped for file://.

Each format is built once per test session, with the same Sphinx options as the site. The PDF and
EPUB need the system packages of apt.txt: without them their tests are skipped, and the reason
names the line that installs them (CI installs them).
"""

import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

import home_table
import pdf as pdf_recipe
import runner
from built_site import Page, broken_links, pages_in
from dist import zip_tree
from need import missing
from scenarios import follow_on_pages, scenario_groups, scenario_pages
from sphinx_build import ROOT, read_conf, read_pages, sphinx_build

PAGES = read_pages()


EPUBCHECK = "/usr/share/java/epubcheck.jar"  # Debian's; tox.ini's epub environment runs the same
# Under pytest-xdist with --dist loadgroup, one worker builds each format once, not every worker.
pytestmark = pytest.mark.xdist_group("formats")


def need(*what: str) -> None:
    reason = missing(*what)
    if reason:
        pytest.skip(reason)


def built(done: subprocess.CompletedProcess, what: str) -> None:
    assert done.returncode == 0, f"{what} does not build:\n{done.stderr}{done.stdout[-5000:]}"


def test_a_build_without_tex_stops_naming_the_line_that_installs_it(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "need.py"), "xelatex", "latexmk"],
                          env={"PATH": str(tmp_path)}, capture_output=True, text=True)
    packages = (ROOT / "apt.txt").read_text().split()
    assert done.returncode == 1
    assert "xelatex, latexmk" in done.stderr
    assert "apt-get install --no-install-recommends " + " ".join(packages) in done.stderr


# -- The PDF -------------------------------------------------------------------


@pytest.fixture(scope="session")
def latex(tmp_path_factory) -> Path:
    """The LaTeX build, with the PDF and TeX's log, made as `tox -e pdf` makes them (tools/pdf.py)."""
    need(*pdf_recipe.NEEDS)
    out = tmp_path_factory.mktemp("pdf")
    built(pdf_recipe.build(out), "the PDF")
    return out / "latex"


@pytest.fixture(scope="session")
def pdf(latex) -> Path:
    [made] = latex.glob("*.pdf")
    return made


@pytest.fixture(scope="session")
def tex_log(pdf) -> str:
    return pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def pdf_text(pdf) -> str:
    """The PDF's text; a code block broken by a page goes on without the page's foot, head and marks."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on the TeX math fonts are no concern here
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return re.sub(r"\(continues on next page\).*?\(continued from previous page\)", "", text, flags=re.S)


@pytest.fixture(scope="session")
def pdf_lines(pdf) -> str:
    """The PDF's text a line of a page a line (pdftotext -layout), each line's spaces squeezed to one."""
    need("pdftotext")
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "\n".join(" ".join(line.split()) for line in done.stdout.splitlines())


def code_lines(doctrees: Path) -> list[tuple[str, str]]:
    """(page, line) for every line of every code block the build wrote: files, transcripts, snippets."""
    from docutils import nodes

    return [(path.relative_to(doctrees).with_suffix(".rst").as_posix(), line)
            for path in sorted(doctrees.rglob("*.doctree"))
            for block in pickle.loads(path.read_bytes()).findall(nodes.literal_block)
            for line in block.astext().splitlines()]


def squeeze(text: str) -> str:
    """Text as it can be found in the PDF's: ligatures undone, without spaces or the marks of a wrapped line."""
    return re.sub(r"\s+|␣|,?→|↪", "", unicodedata.normalize("NFKC", text))


def shown_files() -> list[str]:
    """Every file that a page shows with the runnable directive, once."""
    return sorted({file for example in runner.collect() for file in example.files})


def signature(file: str) -> str:
    """The file's longest line: the one most likely to be its own and to run off a page."""
    return max((ROOT / file).read_text(encoding="utf-8").splitlines(), key=lambda line: len(line.strip())).strip()


def test_the_pdf_is_the_guide_by_its_authors(pdf):
    config = read_conf()
    info = PdfReader(pdf).metadata
    assert (info.title, info.author) == (config.project, config.author)


def bookmarks(entries: list) -> dict[str, dict]:
    """The PDF's bookmarks as a tree: {title: {the titles under it: ...}}, in order."""
    tree: dict[str, dict] = {}
    for entry in entries:
        if isinstance(entry, list):
            tree[list(tree)[-1]] = bookmarks(entry)
        else:
            tree[entry.title] = {}
    return tree


def test_each_group_of_scenarios_is_a_part_of_the_pdf_and_each_scenario_a_chapter_in_it(pdf):
    """ "What to build", then its pages, as the menu and the home table group them."""
    tree = bookmarks(PdfReader(pdf).outline)
    parts = {re.sub(r"^[IVX]+ ", "", title): list(under) for title, under in tree.items()}
    for caption, pages in scenario_groups(PAGES).items():
        titles = [PAGES.titles[page].astext() for page in pages]
        assert parts.get(caption) == titles, f"the PDF's part {caption!r} should hold {titles}; its bookmarks: {parts}"


@pytest.mark.parametrize("page", [page for page in scenario_pages(PAGES) if follow_on_pages(PAGES, page)])
def test_a_follow_on_page_is_the_last_section_of_its_scenarios_chapter_in_the_pdf(pdf, page):
    """Not inside the section its toctree stands in, and after its scenario's other sections and "See also"."""
    chapters = {title: under for part in bookmarks(PdfReader(pdf).outline).values() for title, under in part.items()}
    sections = list(chapters[PAGES.titles[page].astext()])
    follow_on = [PAGES.titles[name].astext() for name in follow_on_pages(PAGES, page)]
    assert sections[-len(follow_on):] == follow_on, f"{page}: the chapter's sections in the PDF are {sections}"


def test_every_row_of_the_home_table_is_in_the_pdf(html, pdf):
    """On the pages before the first part, as printed: a table taller than a page goes on over the next (a
    longtable); a tabular ran off the page's foot, its last rows there but outside the page."""
    def letters(text: str) -> str:  # the PDF breaks the text into lines, hyphenates it, adds footnote marks
        return re.sub(r"[^A-Za-z]+", "", text)

    reader = PdfReader(pdf)
    first = next(iter(scenario_groups(PAGES)))
    part = next(item for item in reader.outline if not isinstance(item, list)
                and re.sub(r"^[IVX]+ ", "", item.title) == first)
    before = reader.get_destination_page_number(part)  # the pages before it, counted from 1
    need("pdftotext")
    # -raw: in the order TeX set it, cell after cell (-layout would interleave the columns line by line)
    printed = subprocess.run(["pdftotext", "-l", str(before), "-raw", str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
    missed = [row.cells[1] for row in home_table.rows(html / "index.html")
              if not row.group and letters(row.cells[1]) not in letters(printed)]
    assert not missed, f"these rows of the home table are not on the PDF's pages (their 'Use today'): {missed}"


@pytest.mark.parametrize("file", shown_files())
def test_the_pdf_shows_every_example_file(pdf_text, file):
    line = signature(file)
    assert squeeze(line) in squeeze(pdf_text), f"{file}: the PDF does not show its line {line!r}"


def test_a_code_line_of_88_characters_is_one_line_of_the_pdf(latex, pdf_lines):
    """The examples' lines are at most 88 characters (the lint holds them), and the PDF's column holds
    88 in the code's font (conf.py): such a line is never broken, in a token ("interface=127.0." and
    "0.1" on the next line) or between two. A longer line may wrap, at a space."""
    lines = [(page, line) for page, line in code_lines(latex.parent / "doctrees")
             if line.strip() and len(line) <= 88]
    assert len(lines) > 3000, f"the PDF's code blocks have {len(lines)} lines: are they read from the build?"
    broken = [f"{page}: {line!r}" for page, line in lines if " ".join(line.split()) not in pdf_lines]
    assert not broken, f"{len(broken)} code lines are broken in the PDF:\n" + "\n".join(broken[:20])


def test_every_cross_reference_in_the_pdf_resolves_to_a_page(tex_log, pdf_text):
    # The PDF's text cannot tell: "??" is also an operator in the examples' JavaScript.
    undefined = re.findall(r"Reference `([^']*)' on page \d+ undefined", tex_log)
    assert not undefined, f"references LaTeX could not resolve (they print as ??): {sorted(set(undefined))}"
    assert "There were undefined references" not in tex_log
    assert re.search(r"\(page \d+\)", pdf_text), "cross-references do not name the page they lead to"


def test_the_pdf_index_lists_each_word_once(pdf_text):
    """A word indexed on a page and defined in the glossary is one entry with both pages (the
    glossary's was spelled apart: tools/latexmk-index.rc)."""
    index = pdf_text.rsplit("INDEX", 1)[1]
    words = [word.strip() for word in re.findall(r"^(.+?), ?\d", index, re.M)]
    assert len(words) > 50, f"the PDF's index has {len(words)} entries: {index[:300]!r}"
    twice = sorted({word for word in words if words.count(word) > 1})
    assert not twice, f"the PDF's index lists these twice: {twice}"


def test_no_text_runs_off_the_pdf_page(tex_log):
    overfull = re.findall(r"^Overfull \\hbox .*\n.*", tex_log, re.M)
    assert not overfull, "text sticks out of the page (see the .tex lines named):\n" + "\n".join(overfull)


def test_every_character_has_a_glyph_in_the_pdf(tex_log):
    missing_glyphs = sorted(set(re.findall(r"^Missing character: .*$", tex_log, re.M)))
    assert not missing_glyphs, "characters printed as nothing:\n" + "\n".join(missing_glyphs)


# -- The EPUB ------------------------------------------------------------------


@pytest.fixture(scope="session")
def epub(tmp_path_factory) -> Path:
    need("java", EPUBCHECK)
    tmp = tmp_path_factory.mktemp("epub")
    built(sphinx_build("epub", tmp / "epub", "-d", str(tmp / "doctrees")), "the EPUB")
    [made] = (tmp / "epub").glob("*.epub")
    return made


def test_epubcheck_finds_nothing_wrong_with_the_epub(epub):
    done = subprocess.run(["java", "-jar", EPUBCHECK, "--failonwarnings", str(epub)], capture_output=True, text=True)
    assert done.returncode == 0, f"epubcheck:\n{done.stdout}{done.stderr}"


QUOTE = re.compile(r'<blockquote class="seed-advice">(.*?)</blockquote>', re.S)


@pytest.fixture(scope="session")
def seed_quoted(html) -> dict[str, str]:
    """{page: the last words of the 2012 advice it quotes, squeezed}: what the site shows as quotes."""
    found = {}
    for page in sorted(pages_in(html)):
        if quote := QUOTE.search(page.read_text(encoding="utf-8")):
            found[page.relative_to(html).with_suffix("").as_posix()] = squeeze(re.sub(r"<[^>]*>", "", quote[1]))[-30:]
    assert len(found) >= 4, f"the site quotes the 2012 sheet on {sorted(found)} only"
    return found


def test_the_2012_advice_is_a_quotation_in_the_epub(epub, seed_quoted):
    """A block quote, set off from the guide's own words, as in the HTML (_ext/seed_advice.py)."""
    with zipfile.ZipFile(epub) as zf:
        for page, advice in seed_quoted.items():
            quote = QUOTE.search(zf.read(f"{page}.xhtml").decode())
            assert quote and advice in squeeze(re.sub(r"<[^>]*>", "", quote[1])), f"{page}: the advice is no quote"


def test_the_2012_advice_is_a_quotation_in_the_pdf(latex, seed_quoted):
    """LaTeX's quote environment, indented from the text, on every page that quotes the sheet."""
    tex = next(latex.glob("*.tex")).read_text(encoding="utf-8")
    quoted = [squeeze(re.sub(r"\\[a-zA-Z]+|[{}]", "", body.replace("\\sphinxhyphen{}", "-")))
              for body in re.findall(r"\\begin\{quote\}(.*?)\\end\{quote\}", tex, re.S)]
    for page, advice in seed_quoted.items():
        assert any(advice in body for body in quoted), f"{page}: its 2012 advice ({advice!r}) is no quote in the PDF"


def test_an_epub_footnote_marker_reads_as_one_pair_of_brackets(epub, tabs, tmp_path):
    """Opened with the EPUB's own stylesheets: "[#1]", not the epub theme's brackets around it too."""
    with zipfile.ZipFile(epub) as zf:
        zf.extractall(tmp_path)
    [page] = tmp_path.rglob("packages.xhtml")
    tab = tabs()
    tab.page.goto(page.as_uri())
    marker = tab.page.locator("a.footnote-reference").first.evaluate(
        "a => [getComputedStyle(a, '::before').content, a.textContent, getComputedStyle(a, '::after').content]")
    shown = "".join(part if part != "none" else "" for part in marker).replace('"', "")
    assert shown == "[#1]", f"the EPUB shows a footnote marker as {shown!r}"


# -- The single page and the zipped site, read from file:// ----------------------


def test_the_single_page_links_only_to_what_it_holds(tmp_path):
    built(sphinx_build("singlehtml", tmp_path / "singlehtml", "-d", str(tmp_path / "doctrees")), "the single page")
    assert not broken_links(tmp_path / "singlehtml")


@pytest.fixture(scope="session")
def offline(tmp_path_factory, pdf, epub) -> Path:
    """The site as `tox -e dist` zips it, the PDF and EPUB beside its pages, unpacked into a folder."""
    tmp = tmp_path_factory.mktemp("offline")
    downloads = tmp / "downloads"
    downloads.mkdir()
    for made in (pdf, epub):
        shutil.copy(made, downloads)
    with mock.patch.dict(os.environ, GUIDE_DOWNLOADS=str(downloads)):
        built(sphinx_build("html", tmp / "site", "-d", str(tmp / "doctrees")), "the site with its downloads")
    archive = zip_tree(tmp / "site", tmp / f"{pdf.stem}-html.zip")
    with zipfile.ZipFile(archive) as zf:
        assert {name.split("/")[0] for name in zf.namelist()} == {archive.stem}, "the zip does not unpack into a folder"
        zf.extractall(tmp / "unpacked")
    return tmp / "unpacked" / archive.stem


def test_the_zipped_site_works_from_file(offline):
    assert not broken_links(offline)


def test_every_page_of_the_zipped_site_links_to_the_pdf_and_epub_beside_it(offline, pdf, epub):
    for path in pages_in(offline):
        targets = {(path.parent / urlsplit(link).path).resolve() for link in Page(path).links}
        for made in (pdf, epub):
            assert offline / made.name in targets, f"{path.relative_to(offline)} does not link to {made.name}"
            assert (offline / made.name).read_bytes() == made.read_bytes()


def test_a_site_built_without_the_pdf_and_epub_does_not_link_to_them(html):
    linked = [f"{path.relative_to(html)}: {link}" for path in pages_in(html) for link in Page(path).links
              if urlsplit(link).path.endswith((".pdf", ".epub"))]
    assert not linked
