""""Last updated on ..." under each page: the newest commit that changed the page or a file it shows.

A page shows more than its ``.rst`` file (the examples of a ``runnable``, an ``include``), so its
date is the newest author date among all of them, from one ``git log`` over the whole history.
sphinx-last-updated-by-git does the same with two ``git`` calls for each folder (a folder may be a
submodule): 0.2 s of a 3.5 s build here, with nine folders. ``env.last_updated`` keeps each page's
date (seconds since the epoch) for ``_ext/sitemap.py``.

No date is shown for a page whose source git does not know (not committed yet), nor for any page
of a shallow clone that does not reach the page's last change: the oldest commit such a clone has
lists every file, so the dates it gives are not the real ones. Without git, there are no dates.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)


def commit_dates(folder: Path) -> dict[str, int]:
    """Each committed file's newest author date, by its path relative to folder."""
    log = subprocess.run(
        ["git", "-c", "core.quotePath=off", "log", "--format=@%at", "--name-only", "--relative", "--no-renames"],
        cwd=folder, capture_output=True, text=True, check=True,
    ).stdout
    dates: dict[str, int] = {}
    date, oldest = 0, []
    for line in log.splitlines():
        if line.startswith("@"):
            date, oldest = int(line[1:]), []
        elif line:
            dates.setdefault(line, date)
            oldest.append(line)
    shallow = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=folder,
                             capture_output=True, text=True).stdout.strip() == "true"
    if shallow:  # the oldest commit of a shallow clone "adds" every file: its dates are not real
        for path in oldest:
            if dates.get(path) == date:
                del dates[path]
    return dates


def _dates(app, env) -> None:
    source = Path(app.srcdir)
    try:
        known = commit_dates(source)
    except (OSError, subprocess.CalledProcessError) as error:
        logger.info("no 'last updated' dates: git log failed (%s)", error)
        known = {}

    def date(path: Path) -> int | None:
        try:
            return known.get(path.resolve().relative_to(source.resolve()).as_posix())
        except ValueError:  # outside the sources
            return None

    env.last_updated = {}
    for docname in env.found_docs:
        page = date(Path(env.doc2path(docname)))
        if page is None:
            continue
        shown = [date(source / dependency) for dependency in env.dependencies.get(docname, ())]
        env.last_updated[docname] = max([page, *(d for d in shown if d is not None)])


def _context(app, pagename, templatename, context, doctree) -> None:
    timestamp = getattr(app.env, "last_updated", {}).get(pagename)
    context["last_updated"] = (time.strftime(app.config.html_last_updated_fmt or "%b %d, %Y",
                                             time.gmtime(timestamp)) if timestamp else None)


def setup(app):
    app.connect("env-updated", _dates)
    app.connect("html-page-context", _context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
