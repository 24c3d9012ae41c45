"""Sphinx configuration for "Web Development with Twisted"."""

import configparser
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

# -- Project -------------------------------------------------------------------
project = "Web Development with Twisted"
author = "The Web Development with Twisted contributors"
copyright = f"2012–2026, {author}"
repository = "https://github.com/twisted-web-guide/twisted-web-guide"
branch = "main"
html_baseurl = "https://twisted-web-guide.readthedocs.io/en/latest/"

# The Twisted versions the examples are tested with live in tox.ini, where the test
# runs pin them; the footer and the home page show them from there.
_deps = configparser.ConfigParser()
_deps.read(HERE / "tox.ini")
tested = dict(re.findall(r"^(oldest|newest): twisted\[[\w,]+\]==(\S+)", _deps["testenv"]["deps"], re.M))
tested["python"] = _deps["testenv"]["base_python"].removeprefix("python")
rst_epilog = """
.. |twisted-oldest| replace:: {oldest}
.. |twisted-newest| replace:: {newest}
.. |python-tested| replace:: {python}
""".format(**tested)

# -- General -------------------------------------------------------------------
extensions = [
    "runnable",  # _ext/runnable.py: examples shown on a page and run by the tests
    "localhost",  # _ext/localhost.py: the reader's own machine appears only as code, never as a link
    "sphinx.ext.extlinks",
    "sphinx_copybutton",
]
# The sources are index.rst and guide/; everything else at the top is tooling, not pages.
exclude_patterns = [
    ".*", "_build", "*venv*", "build", "dist", "tests", "_templates", "README.rst", "CONTRIBUTING.rst",
    "guide/examples",
]
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
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_context = {"tested": tested}
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
