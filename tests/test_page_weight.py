"""What every page costs its reader besides its own text (page_weight.py says how it is counted)."""

import pytest

from page_weight import LIMIT, first_views, from_other_origins, over_the_limit
from sphinx_build import ROOT


@pytest.fixture(scope="session")
def views(html):
    found = first_views(ROOT, html)
    assert [v for v in found if v.source], "no built page has a .rst source: is the site there?"
    return found


def test_every_page_loads_at_most_the_limit_besides_its_own_html(views):
    over = over_the_limit(views)
    assert not over, (f"over {LIMIT.kb:g} kB gzip or {LIMIT.requests} requests besides the page's HTML:\n"
                      + "\n".join(over))


def test_no_page_loads_anything_from_another_origin(views):
    foreign = from_other_origins(views)
    assert not foreign, "\n".join(foreign)
