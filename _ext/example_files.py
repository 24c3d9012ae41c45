"""Warn about a file in the examples' folder that no page shows.

Every file under ``example_files_folder`` is there for readers: a page shows it (``runnable``,
``literalinclude``), offers it for download (``:download:``, runnable's ``:uses:``) or includes it.
A file no page shows was forgotten by its page, or outlived its example; the tests never run it,
and no reader finds it. A file that is rightly not shown is listed in ``example_files_not_shown``
with the reason, and the list is checked too: an entry a page now shows, or whose file is gone,
is one to take off.
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from sphinx.util import logging

from source_lines import lines

logger = logging.getLogger(__name__)


def shown(app, env) -> set[Path]:
    """Every file a page shows, includes or offers for download, as an absolute path."""
    srcdir = Path(app.srcdir)
    files = {srcdir / f for on_page in env.dependencies.values() for f in on_page}
    files |= {srcdir / f for f in env.dlfiles}
    for on_page in getattr(env, "runnable_examples", {}).values():
        files |= {srcdir / f for example in on_page for f in example.files + example.uses}
    return {f.resolve() for f in files}


def line_of(path: Path, needle: str) -> int:
    return next((number for number, line in enumerate(lines(str(path)), 1) if needle in line), 1)


def check(app, env) -> None:
    srcdir = Path(app.srcdir)
    folder = srcdir / app.config.example_files_folder
    ignored = app.config.example_files_ignored
    on_pages = shown(app, env)
    not_shown = app.config.example_files_not_shown
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(srcdir)
        if not path.is_file() or any(fnmatch(part, pattern) for part in relative.parts for pattern in ignored):
            continue
        if path.resolve() not in on_pages and relative.as_posix() not in not_shown:
            logger.warning(
                "no page shows this example file, so no reader finds it and the tests never run it: show it "
                "on its page (in a runnable example, or with :uses:, literalinclude or :download:), delete it "
                "if its example is gone, or list it in conf.py's example_files_not_shown with the reason",
                location=f"{path}:1", type="example_files", subtype="not_shown")
    conf = Path(app.confdir) / "conf.py"
    for name in not_shown:
        path = srcdir / name
        if not path.is_file():
            why = "there is no such file"
        elif path.resolve() in on_pages:
            why = "a page shows it"
        else:
            continue
        logger.warning("conf.py's example_files_not_shown lists %s, but %s: take it off the list", name, why,
                       location=f"{conf}:{line_of(conf, name)}", type="example_files", subtype="not_shown")


def setup(app):
    app.add_config_value("example_files_folder", "guide/examples", "env", str)
    # Files under the folder that no page needs to show, each with the reason: {"path": "why"}.
    app.add_config_value("example_files_not_shown", {}, "env", dict)
    # What Python and editors leave beside the files: any part of the path that matches.
    app.add_config_value("example_files_ignored", ("__pycache__", "*.pyc", ".*", "*~"), "env", (tuple, list))
    app.connect("env-check-consistency", check)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
