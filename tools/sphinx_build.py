"""Sphinx on this site as every build runs it, and ``conf.py`` as Sphinx reads it.

``sphinx_build()`` runs sphinx-build with tox.ini's ``[sphinx] options``; the tests,
``tools/dist.py`` and ``tools/pdf.py`` build with it. ``read_conf()`` is the one reader of
``conf.py``: Sphinx's own ``Config.read``.
"""

import subprocess
import sys
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
