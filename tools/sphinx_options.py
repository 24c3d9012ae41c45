"""The options every build gives Sphinx, from tox.ini's ``[sphinx] options``, where they are written once.

tox's environments put them on their command lines (``{[sphinx]options}``); every other build
(``tools/sphinx_build.py``, used by the tests, ``tools/dist.py`` and ``tools/pdf.py``, and the
bench's) reads them with this.
"""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sphinx_options(root: Path = ROOT) -> list[str]:
    """``["-n", "-W", "--keep-going", "-T"]``, or whatever tox.ini says now."""
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(root / "tox.ini", encoding="utf-8")
    return tox["sphinx"]["options"].split()


def without_warnings_as_errors(options: list[str]) -> list[str]:
    """For builds that compare, not check (tools/bench.py's bare build): a warning must not stop them."""
    return [option for option in options if option != "-W"]
