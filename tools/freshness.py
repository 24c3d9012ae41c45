"""Is every fact of guide/packages.toml still true? Ask the package index, as a reader's pip would.

For each package: ``pip index versions`` gives its newest release; ``pip download --no-deps`` of
that release gives its metadata (Requires-Python, the Python versions it declares); the index's
own JSON page (PEP 691, the one pip reads) gives the day it was uploaded. A package marked
``fails-on-python3`` is tried in a throw-away virtual environment: ``install`` must fail to
install, ``import`` must install and then fail to import. A maintained package ("Yes") needs a
release in the last 24 months.

Each fact that no longer holds is printed as ``guide/packages.toml:LINE: ...``, and the run fails.
It needs the network, so it is not part of the default ``tox`` (``tox -e freshness`` runs it).
"""

from __future__ import annotations

import datetime
import email.parser
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import venv
import zipfile
from pathlib import Path

from packaging.specifiers import SpecifierSet

# The data file is read as the build reads it: by the extension.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
from package_facts import DATA, Package, read

MAINTAINED_WITHIN = datetime.timedelta(days=730)  # "Yes" needs a release in the last 24 months
INDEX = "https://pypi.org/simple/{}/"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
CLASSIFIER = re.compile(r"Programming Language :: Python :: (3\.\d+)$")


def newest(name: str) -> str:
    out = subprocess.run([*PIP, "index", "versions", name], capture_output=True, text=True, check=True).stdout
    return re.match(rf"{re.escape(name)} \((\S+)\)", out.strip(), re.I).group(1)


def metadata(name: str, version: str, folder: Path) -> email.message.Message:
    """The release's own metadata: a wheel's METADATA, else an sdist's PKG-INFO."""
    subprocess.run([*PIP, "download", "--quiet", "--no-deps",
                    "--dest", str(folder), f"{name}=={version}"], capture_output=True, check=True)
    [file] = list(folder.iterdir())
    if file.suffix == ".whl":
        with zipfile.ZipFile(file) as wheel:
            text = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")))
    elif file.suffix == ".zip":
        with zipfile.ZipFile(file) as sdist:
            text = sdist.read(min((n for n in sdist.namelist() if n.endswith("PKG-INFO")), key=len))
    else:
        with tarfile.open(file) as sdist:
            member = min((m for m in sdist.getmembers() if m.name.endswith("PKG-INFO")), key=lambda m: len(m.name))
            text = sdist.extractfile(member).read()
    return email.parser.BytesParser().parsebytes(text)


def uploaded(name: str, version: str) -> datetime.date:
    """The day the release's first file reached the index."""
    request = urllib.request.Request(INDEX.format(name), headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        files = json.load(response)["files"]
    pattern = re.compile(rf"^{re.escape(name)}-{re.escape(version)}(-|\.tar|\.zip)", re.I)
    times = [f["upload-time"] for f in files if pattern.match(f["filename"].replace("_", "-"))]
    return datetime.date.fromisoformat(min(times)[:10])


def fails_on_python3(name: str, version: str, how: str) -> str:
    """"" if the release fails as ``how`` says on this Python; else what happened instead."""
    with tempfile.TemporaryDirectory() as tmp:
        venv.create(tmp, with_pip=True)
        python = str(Path(tmp, "bin", "python"))
        install = subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                  f"{name}=={version}"], capture_output=True, text=True)
        if how == "install":
            return "" if install.returncode else f"pip install {name}=={version} succeeds"
        if install.returncode:
            return f"pip install {name}=={version} fails, where the guide says it installs:\n{install.stderr[-500:]}"
        imported = subprocess.run([python, "-c", f"import {name}"], capture_output=True, text=True)
        return "" if imported.returncode else f"import {name} succeeds"


def check(package: Package, today: datetime.date, folder: Path) -> list[str]:
    """What no longer holds of one package: each problem with its line of the data file."""
    found = []

    def wrong(key: str, message: str) -> None:
        found.append(f"{DATA.relative_to(DATA.parent.parent)}:{package.lines.get(key, package.line)}: "
                     f"[{package.name}] {message}")

    version = newest(package.name)
    if version != package.last_release:
        wrong("last-release", f"last-release = {package.last_release!r}, but the index's newest is {version!r}")
        return found  # the other facts are of a release the file does not name
    meta = metadata(package.name, version, folder)
    if SpecifierSet(meta.get("Requires-Python") or "") != SpecifierSet(package.requires_python):
        wrong("requires-python", f"requires-python = {package.requires_python!r}, but {version} says "
                                 f"{meta.get('Requires-Python') or ''!r}")
    declared = sorted((c for line in meta.get_all("Classifier") or [] if (c := CLASSIFIER.search(line))),
                      key=lambda m: int(m.group(1).split(".")[1]))
    newest_classifier = declared[-1].group(1) if declared else ""
    if newest_classifier != package.newest_classifier:
        wrong("newest-classifier", f"newest-classifier = {package.newest_classifier!r}, but {version} declares "
                                   f"{newest_classifier!r}")
    day = uploaded(package.name, version)
    if day != package.released:
        wrong("released", f"released = {package.released}, but {version} reached the index on {day}")
    if package.maintained == "Yes" and today - day > MAINTAINED_WITHIN:
        wrong("maintained", f'maintained = "Yes", but its newest release is from {day}, more than 24 months '
                            f'ago: judge it again ("Quiet", "No") and say why in judged-by')
    if package.fails_on_python3 and (why := fails_on_python3(package.name, version, package.fails_on_python3)):
        wrong("fails-on-python3", f"fails-on-python3 = {package.fails_on_python3!r}, but {why}")
    return found


def main() -> int:
    today = datetime.date.today()
    problems = []
    for package in read().values():
        if package.part_of:
            continue
        before = len(problems)
        with tempfile.TemporaryDirectory() as tmp:
            try:
                problems += check(package, today, Path(tmp))
            except (subprocess.CalledProcessError, OSError, ValueError) as err:
                problems.append(f"{DATA.name}:{package.line}: [{package.name}] could not ask the index: {err}")
        print(f"{package.name}: {'WRONG' if len(problems) > before else 'checked'}")
    print("\n".join(problems) if problems else f"Every fact of {DATA.name} holds today ({today}).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
