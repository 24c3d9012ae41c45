"""The site's "run by our tests with Twisted X and Y on Python Z" is true of the run that CI makes.

conf.py takes X and Y from the Twisted pins of tox.ini's test environments and Z from its
``[guide] tested_pythons``, which ``.ci/run`` runs the tests under. A contributor's own run may use
any Python 3.10 or newer; only CI's (``CI=true``) is what the site claims, so only CI's is held to it.
"""

import os
import platform
import re

import pytest
import twisted

from sphinx_build import read_conf

pytestmark = pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true", "yes"),
                                reason="the site names the Pythons and Twisteds of CI's runs (CI=true)")


@pytest.fixture(scope="module")
def says() -> dict[str, str]:
    """What the pages say for each ``|substitution|`` of conf.py's rst_epilog: ``{"python-tested": "3.11"}``."""
    epilog = read_conf().rst_epilog
    return dict(re.findall(r"^\.\. \|([\w-]+)\| replace:: (.+)$", epilog, re.M))


def test_the_site_names_the_python_these_tests_run_on(says):
    python = ".".join(platform.python_version_tuple()[:2])
    assert python in re.split(r", | and ", says["python-tested"]), (
        f"CI runs the tests on Python {python}, and the site says they run on Python {says['python-tested']}: "
        f"add {python} to tested_pythons in tox.ini's [guide] section, or run CI on one of those")


def test_the_site_names_the_twisted_these_tests_run_with(says):
    named = (says["twisted-oldest"], says["twisted-newest"])
    assert twisted.__version__ in named, (
        f"CI runs the tests with Twisted {twisted.__version__}, and the site names {' and '.join(named)}: "
        "the test environments of tox.ini pin the Twisted of each run")
