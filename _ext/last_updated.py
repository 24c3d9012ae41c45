""""Last updated on ..." under each page: the newest commit that changed the page or a file it shows.

A page shows more than its ``.rst`` file (the examples of a ``runnable``, an ``include``), so its
date is the newest author date among all of them, from one ``git log`` over the whole history.
sphinx-last-updated-by-git does the same with two ``git`` calls for each folder (a folder may be a
submodule): 0.2 s of a 3.5 s build here, with nine folders. ``env.last_updated`` keeps each page's
date (seconds since the epoch) for ``_ext/sitemap.py``.

No date is shown for a page whose source git does not know (not committed yet), nor for a page
of a shallow clone whose files last changed before the clone's history starts: its oldest commits
list every file, so the dates they give are not the real ones. Without git, there are no dates.
Changes made inside a merge commit itself are not counted. A commit that changes a page's date
but not the page (an example changed) makes an incremental build write the page again. The date
is written in the site's language (``language``), whatever the build machine's locale.
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sphinx.util import logging
from sphinx.util.i18n import format_date

logger = logging.getLogger(__name__)


def commit_dates(folder: Path) -> dict[str, int]:
    """Each committed file's newest author date, by its path relative to folder."""
    log = subprocess.run(
        ["git", "log", "--format=%x01%at %H", "--name-only", "-z", "--relative", "--no-renames",
         "--no-show-signature"],
        cwd=folder, capture_output=True, check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    shallow = subprocess.run(["git", "rev-parse", "--git-path", "shallow"], cwd=folder,
                             capture_output=True, text=True, check=True).stdout.strip()
    # A shallow clone's oldest commits (listed in that file) "add" every file they hold.
    boundary = set(Path(folder, shallow).read_text().split()) if Path(folder, shallow).is_file() else set()
    dates: dict[str, int] = {}
    date, at_boundary = 0, False
    for item in log.split("\0"):
        header = re.fullmatch(r"\x01(\d+) ([0-9a-f]+)", item)
        if header:
            date, at_boundary = int(header.group(1)), header.group(2) in boundary
        elif item.strip("\n") and not at_boundary:
            path = item.removeprefix("\n")  # git puts a line break between a commit and its files
            dates[path] = max(dates.get(path, 0), date)
    return dates


def page_dates(app, env) -> dict[str, int]:
    """Each page's date: the newest of its source's and of the files it shows (env.dependencies)."""
    source = Path(app.srcdir)
    if not hasattr(app, "_commit_dates"):  # once a build
        try:
            app._commit_dates = commit_dates(source)
        except (OSError, subprocess.CalledProcessError) as error:
            logger.info("no 'last updated' dates: git log failed (%s)", error)
            app._commit_dates = {}
    known = app._commit_dates

    def date(path: Path) -> int | None:
        try:
            return known.get(path.resolve().relative_to(source.resolve()).as_posix())
        except ValueError:  # outside the sources
            return None

    dates = {}
    for docname in env.found_docs:
        page = date(Path(env.doc2path(docname)))
        if page is None:
            continue
        shown = [date(source / dependency) for dependency in env.dependencies.get(docname, ())]
        dates[docname] = max([page, *(d for d in shown if d is not None)])
    return dates


def _outdated(app, env, added, changed, removed) -> list[str]:
    """A commit can change a page's date without changing the page: write it again then."""
    before = getattr(env, "last_updated", {})
    return [d for d, when in page_dates(app, env).items() if when != before.get(d) and d not in added | changed]


def _dates(app, env) -> None:
    env.last_updated = page_dates(app, env)


def _context(app, pagename, templatename, context, doctree) -> None:
    timestamp = getattr(app.env, "last_updated", {}).get(pagename)
    context["last_updated"] = format_date(app.config.html_last_updated_fmt or "%b %d, %Y",
                                          date=datetime.fromtimestamp(timestamp, UTC),
                                          language=app.config.language) if timestamp else None


def setup(app):
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _dates)
    app.connect("html-page-context", _context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
