"""Stop at once, naming the line that installs them, when what a build needs is not installed.

    python tools/need.py xelatex latexmk make

Each argument is a command to find on PATH, or an absolute path to a file. The packages to install
are those of apt.txt: the one list that the README, .ci/run and this script all read.
"""

import shutil
import sys
from pathlib import Path

APT = Path(__file__).resolve().parent.parent / "apt.txt"


def install_line() -> str:
    return "sudo apt-get install --no-install-recommends " + " ".join(APT.read_text().split())


def missing(*needed: str) -> str:
    """Why a build cannot run, with the line that installs what it needs; "" when it can."""
    absent = [n for n in needed if not (Path(n).is_file() if n.startswith("/") else shutil.which(n))]
    if not absent:
        return ""
    return f"not installed: {', '.join(absent)}. On Debian or Ubuntu, install them with: {install_line()}"


if __name__ == "__main__":
    sys.exit(missing(*sys.argv[1:]) or None)
