"""The benchmark's figures, each with its budget, and the report: printed, and written into BENCHMARKS.md.

``--write`` puts the report between BENCHMARKS.md's two "benchmark results" comments; the prose
around them is written by hand.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"
START, END = "<!-- benchmark results start -->", "<!-- benchmark results end -->"
#: The packages whose versions the report lists: the build's, and the Twisted the examples run on
#: (in their own environment, tests/reader_venv.py, made with this Twisted).
PACKAGES = ["sphinx", "docutils", "furo", "sphinx-copybutton", "sphinx-notfound-page",
            "sphinxext-opengraph", "sphinx-last-updated-by-git", "tinycss2", "rjsmin", "twisted", "pytest",
            "pytest-xdist"]


@dataclass
class Figure:
    """One measured figure; with a budget, the most it may be, in its own unit."""

    name: str
    value: float | None
    unit: str = ""  # "x", " s", " kB" or "" (a count)
    detail: str = ""
    budget: float | None = None
    least: float | None = None  # a budget the other way: the least it may be (a score)
    missing: str = ""  # why there is no value: "skipped: ..." or "failed: ..."

    @property
    def over(self) -> bool:
        if self.value is None:
            return False
        return (self.budget is not None and self.value > self.budget) or (
            self.least is not None and self.value < self.least)

    def line(self) -> str:
        if self.value is None:
            return f"{self.name:50} {self.missing}"
        digits = {"x": ".2f", " s": ".2f", " kB": ".1f"}.get(self.unit, "g")
        number = format(self.value, digits)
        text = f"{self.name:50} {number + self.unit:>10}"
        if self.budget is not None or self.least is not None:
            verdict = "OVER" if self.over else "ok"
            bound = f"<= {self.budget:g}" if self.budget is not None else f">= {self.least:g}"
            text += f"   budget {bound}{self.unit:4} {verdict:4}"
        else:
            text += " " * 23
        return f"{text}   {self.detail}".rstrip()


def say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def machine() -> list[str]:
    cpu = ""
    with open("/proc/cpuinfo") if Path("/proc/cpuinfo").exists() else open(os.devnull) as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return [
        f"CPUs: {os.cpu_count()}{' x ' + cpu if cpu else ''}",
        f"OS: {platform.platform()}",
        f"Python: {platform.python_version()} ({sys.executable})",
        "Packages: " + ", ".join(versions),
    ]


def sources() -> str:
    """The commit the run measured, and whether the working tree differed from it."""
    try:
        head = subprocess.run(["git", "log", "-1", "--format=%h %cs"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "Sources: not a git checkout"
    return f"Sources: commit {head}" + (f", with {len(changed)} changed file(s) not committed" if changed else "")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def write(lines: list[str]) -> None:
    text = REPORT.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"bench: {REPORT.name} has no {START!r} ... {END!r} comments to write between")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    block = "\n".join(["```text", *(line.rstrip() for line in lines), "```"])
    REPORT.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")
    say(f"bench: wrote the figures into {REPORT.relative_to(ROOT)}")
