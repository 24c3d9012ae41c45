"""The "Last updated on" date (sphinx-last-updated-by-git, as conf.py sets it), on a small git repository."""

import os
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile

import pytest

from sphinx_build import ROOT, read_conf, sphinx_build

SITE = read_conf()
SITE.add("git_last_updated_timezone", None, "env", ())  # the extension's own setting, as it adds it
CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
extensions = ["sphinx_last_updated_by_git", "sitemap"]
html_theme = "furo"  # as the site: it shows the date under the page
html_baseurl = "https://example.org/"
git_last_updated_timezone = {SITE.git_last_updated_timezone!r}
suppress_warnings = {SITE.suppress_warnings!r}
"""
PAGE = """Page
====

.. literalinclude:: example.py
"""


def git(folder, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org", "TZ": "Pacific/Kiritimati"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """index.rst committed on 2020-01-02; the example it shows changed on 2021-03-04 at 23:00 UTC; draft.rst never."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    (folder / "conf.py").write_text(CONF)
    (folder / "index.rst").write_text(PAGE + "\n.. toctree::\n\n   draft\n")
    (folder / "example.py").write_text("print('one')\n")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "first", date="2020-01-02T12:00:00Z")
    (folder / "example.py").write_text("print('two')\n")
    git(folder, "commit", "-q", "-am", "second", date="2021-03-04T23:00:00Z")
    (folder / "draft.rst").write_text("Draft\n=====\n")
    return folder


def build(folder, out):
    done = sphinx_build("html", out, root=folder, env={**os.environ, "TZ": "Pacific/Kiritimati"})  # UTC+14
    assert done.returncode == 0, done.stderr
    return out


def test_a_page_is_as_new_as_the_newest_file_it_shows_in_utc(repo, tmp_path):
    out = build(repo, tmp_path / "html")
    assert "Last updated on Mar 04, 2021" in (out / "index.html").read_text()  # Mar 05 on the build machine's clock
    assert "Last updated on" not in (out / "draft.html").read_text(), "draft.rst was never committed"


def test_the_sitemap_has_the_same_dates(repo, tmp_path):
    out = build(repo, tmp_path / "html")
    urls = ElementTree.parse(out / "sitemap.xml").getroot()
    dates = {url[0].text: url[1].text if len(url) > 1 else None for url in urls}
    assert dates == {"https://example.org/index.html": "2021-03-04T23:00:00Z", "https://example.org/draft.html": None}


def test_a_shallow_clone_builds_and_gives_no_date_it_cannot_know(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    (clone / "draft.rst").write_text("Draft\n=====\n")  # as in repo, not committed
    out = build(clone, tmp_path / "html")
    assert "Last updated on" not in (out / "index.html").read_text(), "the clone's one commit lists every file"


def test_sources_without_git_build_without_dates(repo, tmp_path):
    """A downloaded zip has no .git: its pages have no date, and the build does not fail for it."""
    subprocess.run(["git", "archive", "-o", str(tmp_path / "sources.zip"), "HEAD"], cwd=repo, check=True)
    zipfile.ZipFile(tmp_path / "sources.zip").extractall(tmp_path / "unzipped")
    (tmp_path / "unzipped" / "draft.rst").write_text("Draft\n=====\n")
    out = build(tmp_path / "unzipped", tmp_path / "html")
    assert "Last updated on" not in (out / "index.html").read_text()

