"""Every example on the site does what its page shows, against a real Twisted."""

from pathlib import PurePosixPath

import pytest

import runner
from scenarios import scenario_pages
from sphinx_build import read_pages

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
