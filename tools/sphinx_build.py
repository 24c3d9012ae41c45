"""Sphinx on this site as every build runs it, and ``conf.py`` as Sphinx reads it.

``sphinx_build()`` runs sphinx-build with tox.ini's ``[sphinx] options``; the tests,
``tools/dist.py`` and ``tools/pdf.py`` build with it. ``read_conf()`` is the one reader of
``conf.py``: Sphinx's own ``Config.read``. ``read_pages()`` reads the pages as the build does and
gives the tests what they hold.
"""

import functools
import io
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags

from sphinx_options import sphinx_options

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    """Run a command, its output kept for the caller (as a test wants it) unless options say otherwise."""
    return subprocess.run(command, **{"capture_output": True, "text": True, **options})


def sphinx_build(builder: str, outdir: Path, *extra: str, root: Path = ROOT, **options) -> subprocess.CompletedProcess:
    """The build the README and tox run: nitpicky, warnings are errors, all of them reported."""
    return run([sys.executable, "-m", "sphinx", *sphinx_options(), "-q", "-b", builder, str(root), str(outdir), *extra],
               **options)


def read_conf(root: Path = ROOT) -> Config:
    """conf.py's values, as the build sees them.

    A bare Config knows Sphinx's core values (project, extensions, ...); the HTML builder and the
    extensions add their own when they start, so the ones the tests and tools read are added here
    as those add them.
    """
    config = Config.read(root, overrides={}, tags=Tags())
    config.add("html_baseurl", "", "html", frozenset({str}))
    config.add("extlinks", {}, "env", frozenset({dict}))
    return config


class SiteDoesNotRead(AssertionError):
    """Sphinx warned while reading the pages; the message holds its warnings, each with file and line."""


@functools.cache
def read_pages(srcdir: Path = ROOT):
    """Read every page with Sphinx (no output written) and return its environment: what the pages
    hold (their examples, the scenarios) for the tests.

    Any warning fails, as in the site build: a broken ``runnable`` must not simply vanish from the
    examples the tests run.
    """
    from sphinx.application import Sphinx
    from sphinx.util.console import nocolor

    nocolor()  # the warnings go into a message, where colour codes would be noise
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        app = Sphinx(str(srcdir), str(srcdir), tmp, f"{tmp}/doctrees", "dummy",
                     status=None, warning=warnings, freshenv=True, keep_going=True)
        # A second Sphinx in one process warns that docutils already knows its nodes: not the pages' fault.
        setup = len(warnings.getvalue())
        app.build()
    if warnings.getvalue()[setup:]:
        raise SiteDoesNotRead(f"Sphinx warned while reading the pages:\n{warnings.getvalue()[setup:]}")
    return app.env
