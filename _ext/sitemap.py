"""``sitemap.xml``: every page of the site at its address on the hosted site (``html_baseurl``).

The pages are the documents Sphinx read, each at ``html_baseurl`` plus the file the builder writes for
it; where the git history says when a page last changed (sphinx-last-updated-by-git), so does the entry.

This replaces sphinx-sitemap, which starts a multiprocessing manager process in every Sphinx run
(the test-suite's in-process ones too) that outlives the build and keeps copies of the test process's
pipes open, so that a browser driver started before it never sees its end of input and hangs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from xml.etree import ElementTree

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _write(app, exception) -> None:
    if exception or app.builder.name not in ("html", "dirhtml") or not app.config.html_baseurl:
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    # sphinx-last-updated-by-git's: (timestamp or None, ...) for each page
    dates = {docname: data[0] for docname, data in getattr(app.env, "git_last_updated", {}).items() if data}
    urlset = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for docname in sorted(app.env.found_docs):
        url = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(url, "loc").text = base + app.builder.get_target_uri(docname)
        timestamp = dates.get(docname)
        if timestamp:
            changed = datetime.fromtimestamp(int(timestamp), timezone.utc)
            ElementTree.SubElement(url, "lastmod").text = changed.strftime("%Y-%m-%dT%H:%M:%SZ")
    ElementTree.indent(urlset)
    ElementTree.ElementTree(urlset).write(app.outdir / "sitemap.xml", encoding="utf-8", xml_declaration=True)


def setup(app):
    app.connect("build-finished", _write)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
