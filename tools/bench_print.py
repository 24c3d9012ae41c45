"""How long the PDF (``sphinx-build -M latexpdf``) and the EPUB (``-b epub``, not epubcheck) take to build.

Once each, divided by the full HTML build; the PDF is skipped, saying why, where TeX is not installed.
"""

from __future__ import annotations

import os
from pathlib import Path

from bench_builds import BUILD, sphinx
from bench_report import Figure, say
from need import missing


def print_formats(src: Path, work: Path, full: float) -> list[Figure]:
    figures = []
    why = missing("xelatex", "latexmk", "make")
    if why:
        figures.append(Figure("pdf build / full html build", None, missing=f"skipped: {why.splitlines()[0]}"))
    else:
        say("bench: the PDF")
        env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error"}
        took, done = sphinx("-M", "latexpdf", str(src), str(work / "pdf"), *BUILD, env=env, check=False)
        if done.returncode:
            figures.append(Figure("pdf build / full html build", None,
                                  missing=f"failed (tox -e pdf says why): {' '.join(done.stderr.split())[-200:]}"))
        else:
            figures.append(Figure("pdf build / full html build", took / full, "x", f"{took:.1f} s"))
    say("bench: the EPUB")
    took, _ = sphinx(*BUILD, "-b", "epub", "-d", str(work / "epub-doctrees"), str(src), str(work / "epub"))
    figures.append(Figure("epub build / full html build", took / full, "x", f"{took:.1f} s, without epubcheck"))
    return figures
