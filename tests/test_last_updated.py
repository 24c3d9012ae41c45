"""The "Last updated on" date (_ext/last_updated.py), on a small git repository made for the test."""

import os
import subprocess
import sys

import pytest

from conftest import ROOT, sphinx_build

sys.path.insert(0, str(ROOT / "_ext"))
from last_updated import commit_dates

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
extensions = ["last_updated"]
html_theme = "furo"  # as the site: it shows the date under the page
"""
PAGE = """Page
====

.. literalinclude:: example.py
"""


def git(folder, *args, date=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """index.rst committed on 2020-01-02; the example it shows changed on 2021-03-04; draft.rst never."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    (folder / "conf.py").write_text(CONF)
    (folder / "index.rst").write_text(PAGE + "\n.. toctree::\n\n   draft\n")
    (folder / "example.py").write_text("print('one')\n")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "first", date="2020-01-02T12:00:00Z")
    (folder / "example.py").write_text("print('two')\n")
    git(folder, "commit", "-q", "-am", "second", date="2021-03-04T12:00:00Z")
    (folder / "draft.rst").write_text("Draft\n=====\n")
    return folder


def test_each_file_has_its_last_commit_date(repo):
    dates = commit_dates(repo)
    assert dates["index.rst"] == 1577966400  # 2020-01-02 12:00 UTC
    assert dates["example.py"] == 1614859200  # 2021-03-04 12:00 UTC
    assert "draft.rst" not in dates


def test_a_page_is_as_new_as_the_newest_file_it_shows(repo, tmp_path):
    done = sphinx_build("html", tmp_path / "html", root=repo)
    assert done.returncode == 0, done.stderr
    assert "Last updated on Mar 04, 2021" in (tmp_path / "html" / "index.html").read_text()
    assert "Last updated on" not in (tmp_path / "html" / "draft.html").read_text()


def test_a_shallow_clone_gives_no_date_it_cannot_know(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    dates = commit_dates(clone)
    assert "index.rst" not in dates, "index.rst last changed before the clone's history starts"
    assert "example.py" not in dates, "the clone's only commit lists every file, the example too"


def test_a_deeper_shallow_clone_keeps_what_it_can_know(repo, tmp_path):
    (repo / "index.rst").write_text(PAGE + "\nChanged.\n\n.. toctree::\n\n   draft\n")
    git(repo, "add", "index.rst")
    git(repo, "commit", "-q", "-m", "third", date="2022-05-06T12:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", repo.as_uri(), str(clone)], check=True)
    dates = commit_dates(clone)
    assert dates["index.rst"] == 1651838400, "changed inside the clone's history: 2022-05-06 12:00 UTC"
    assert "conf.py" not in dates, "conf.py last changed before the clone's history starts"


def test_an_incremental_build_dates_a_page_anew_when_only_git_changed(repo, tmp_path):
    out = tmp_path / "html"
    assert sphinx_build("html", out, "-d", str(tmp_path / "doctrees"), root=repo).returncode == 0
    assert "Last updated on" not in (out / "draft.html").read_text()
    git(repo, "add", "draft.rst")
    git(repo, "commit", "-q", "-m", "draft", date="2023-07-08T12:00:00Z")
    done = sphinx_build("html", out, "-d", str(tmp_path / "doctrees"), root=repo)
    assert done.returncode == 0, done.stderr
    assert "Last updated on Jul 08, 2023" in (out / "draft.html").read_text()


def test_file_names_git_would_quote_get_their_dates(repo):
    (repo / 'say "hi".rst').write_text("Hi\n==\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "quoted", date="2024-01-02T12:00:00Z")
    assert commit_dates(repo)['say "hi".rst'] == 1704196800
