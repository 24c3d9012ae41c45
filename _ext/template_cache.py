"""Keep the compiled HTML templates with the doctrees, so that a rebuild does not compile them again.

Every ``sphinx-build`` compiles the theme's Jinja templates before it writes its first page: about a
tenth of the wait between saving a page and seeing it (``tox -e bench``, "one-page edit"). Jinja's
bytecode cache stores them in the doctree folder, which Sphinx keeps between builds; a template whose
source changes is compiled again, so the cache is never stale.
"""

from pathlib import Path

from jinja2 import FileSystemBytecodeCache


def _cache_templates(app):
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:  # the HTML builders; LaTeX and the others render no Jinja pages
        folder = Path(app.doctreedir, "jinja")
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    app.connect("builder-inited", _cache_templates)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
