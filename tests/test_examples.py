"""Every example on the site does what its page shows, against a real Twisted."""

from pathlib import PurePosixPath

import pytest

import runner
from scenarios import scenario_pages
from sphinx_build import ROOT, read_pages

EXAMPLES = runner.collect()


def name(example):
    return f"{example.where}:{PurePosixPath(example.files[0]).name}"


@pytest.mark.parametrize("example", EXAMPLES, ids=name)
def test_example_prints_what_its_page_shows(example):
    if why := runner.not_installed(example):
        pytest.skip(why)
    runner.check(example)


@pytest.mark.parametrize("page", scenario_pages(read_pages()))
def test_every_scenario_page_has_a_runnable_example(page):
    assert any(e.page == f"{page}.rst" for e in EXAMPLES), f"{page}.rst has no runnable example"


def test_a_file_copied_into_two_example_folders_is_the_same_in_both():
    """Each folder is what a reader downloads, so a helper two examples need is copied into both;
    a fix to one copy must reach the other."""
    copies = {}
    for path in sorted((ROOT / "guide" / "examples").rglob("*.py")):
        copies.setdefault(path.name, []).append(path)
    for paths in copies.values():
        differ = [str(p.relative_to(ROOT)) for p in paths[1:] if p.read_bytes() != paths[0].read_bytes()]
        assert not differ, (f"{', '.join(differ)} differ from {paths[0].relative_to(ROOT)}: make the copies "
                            f"the same, or give files that are not copies names of their own")
