"""Build the PDF, the one way every PDF of the guide is built: ``tox -e pdf``, ``tox -e dist``, the tests.

    python tools/pdf.py    # writes _build/latex/twisted-web-guide.pdf

Sphinx writes the LaTeX with the options of every build, then its Makefile runs latexmk, whose
-Werror makes an unresolved reference an error, as -W does for Sphinx's warnings. The tests
(tests/test_formats.py) call build() with a folder of their own.
"""

import subprocess
import sys
from pathlib import Path

from need import missing
from sphinx_build import ROOT, run, sphinx_build

NEEDS = ("xelatex", "latexmk", "make")  # from apt.txt
# TeX stops at its first error instead of asking at a prompt what to do.
# latexmk-index.rc: one spelling of each index entry, so that makeindex lists a word once.
MAKE_OPTIONS = [f"LATEXMKOPTS=-Werror -r {Path(__file__).with_name('latexmk-index.rc')}",
                "LATEXOPTS=-interaction=nonstopmode -halt-on-error"]


def build(out: Path = ROOT / "_build", root: Path = ROOT, **options) -> subprocess.CompletedProcess:
    """The PDF into out/latex (the doctrees into out/doctrees, as sphinx-build -M puts them); the
    result of the step that failed, or of the last."""
    latex = out / "latex"
    done = sphinx_build("latex", latex, "-d", str(out / "doctrees"), root=root, **options)
    if done.returncode == 0:
        done = run(["make", "-C", str(latex), "all-pdf", *MAKE_OPTIONS], **options)
    return done


if __name__ == "__main__":
    if reason := missing(*NEEDS):
        sys.exit(reason)
    if build(capture_output=False).returncode:
        sys.exit("the PDF did not build: see the messages above")
    print(f"The PDF is {next((ROOT / '_build' / 'latex').glob('*.pdf')).relative_to(ROOT)}")
