"""The examples' own environment: guide/examples/requirements.txt and the Twisted under test, nothing else.

A reader installs that file into a fresh virtual environment. The examples run in one made the same
way, so an example that imports what only the test-suite has (Sphinx, PyYAML, pytest) fails here as it
would for them. One is made for each content of the file, Twisted version and Python, under
``_build/reader-venvs/``, and reused by later runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "_build" / "reader-venvs"
REQUIREMENTS = "guide/examples/requirements.txt"


#: What tox.ini pins beside an old Twisted, which a reader of that Twisted pins too (pyOpenSSL, for 25.5.0).
COMPANIONS = ("pyopenssl",)


def twisted_under_test() -> str:
    """The Twisted of the test environment (tox.ini pins one per environment): the examples get the same."""
    return metadata.version("twisted")


def pins() -> list[str]:
    """Twisted under test, and each companion this environment has, at this environment's version."""
    found = [f"twisted=={twisted_under_test()}"]
    for name in COMPANIONS:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    return found


def scripts(root: Path = ROOT) -> Path:
    """The bin folder of the reader's environment for the requirements of ``root``; made on first use."""
    requirements = (root / REQUIREMENTS).read_bytes()
    twisted = twisted_under_test()
    key = hashlib.sha256(b"\0".join([requirements, " ".join(pins()).encode(), sys.version.encode()])).hexdigest()[:10]
    venv = HOME / f"twisted-{twisted}-py{sys.version_info.major}.{sys.version_info.minor}-{key}"
    HOME.mkdir(parents=True, exist_ok=True)
    with open(HOME / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # test workers wait for the first one to make it
        if not (venv / "complete").is_file():
            _make(venv, root / REQUIREMENTS, twisted)
    return venv / "bin"


def _make(venv: Path, requirements: Path, twisted: str) -> None:
    commands = [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", str(requirements), *pins()],
    ]
    for command in commands:
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"could not make the examples' environment from {REQUIREMENTS} and Twisted "
                               f"{twisted}: {' '.join(command)} said:\n{done.stdout}{done.stderr}")
    (venv / "complete").write_text(requirements.read_text(encoding="utf-8") + "".join(f"{p}\n" for p in pins()))
