"""Gather every format into _build/dist, as ``tox -e dist`` publishes them.

tox builds the PDF, the EPUB and the single page first (its pdf, epub and singlehtml environments).
This puts the PDF and EPUB in _build/dist, builds the HTML site with both beside its pages and linked
from each (conf.py's GUIDE_DOWNLOADS), and zips the site and the single page, each to unpack into a
folder of its own. It ends with what it made and each file's size.
"""

import os
import shutil
import zipfile
from pathlib import Path

from sphinx_build import ROOT, sphinx_build

BUILD = ROOT / "_build"
DIST = BUILD / "dist"
# The page a web server shows for a missing URL links with the hosted site's absolute URLs: from a
# folder on disk they lead nowhere, and nothing there would show the page anyway.
ONLINE_ONLY = {"404.html"}


def zip_tree(folder: Path, archive: Path) -> Path:
    """Zip a folder so that it unpacks into a folder of the archive's name, not into the current one.

    Sphinx's own files (.buildinfo, .doctrees) stay behind, as does ONLINE_ONLY: readers have no use for them.
    """
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(folder.rglob("*")):
            inside = path.relative_to(folder)
            sphinxs = any(part.startswith(".") for part in inside.parts)
            if path.is_file() and not sphinxs and str(inside) not in ONLINE_ONLY:
                zf.write(path, Path(archive.stem) / inside)
    return archive


def main() -> None:
    pdf, epub = next((BUILD / "latex").glob("*.pdf")), next((BUILD / "epub").glob("*.epub"))
    name = pdf.stem
    shutil.rmtree(DIST, ignore_errors=True)
    DIST.mkdir(parents=True)
    for made in (pdf, epub):
        shutil.copy2(made, DIST)

    site = BUILD / "offline"
    shutil.rmtree(site, ignore_errors=True)
    sphinx_build("html", site, "-d", str(BUILD / "doctrees"), env={**os.environ, "GUIDE_DOWNLOADS": str(DIST)},
                 capture_output=False, check=True)
    zip_tree(site, DIST / f"{name}-html.zip")
    zip_tree(BUILD / "singlehtml", DIST / f"{name}-singlehtml.zip")

    print(f"Every format is in {DIST.relative_to(ROOT)}:")
    for made in sorted(DIST.iterdir()):
        print(f"  {made.name:32} {made.stat().st_size / 1000:8.0f} kB")


if __name__ == "__main__":
    main()
