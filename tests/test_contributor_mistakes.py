"""A contributor's likely mistakes: each one fails the check they run, naming the file and the line.

Each test copies the repository to a temporary folder, makes one mistake there, runs the check a
contributor runs (the site build of ``tox -e docs``, the example runner of the tests, or the
commands of ``tox -e lint``) and asserts that it fails with a message that says where. The
mistakes go into pages that are finished, so that these tests do not depend on pages still being
written; the real tree is never written to, and each test checks that it holds none of them.
"""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import runner
from conftest import ROOT, sphinx_build

#: What a copy leaves out when there is no git to ask: version control, virtualenvs, builds, caches.
NOT_COPIED = re.compile(r"(^|/)(\.git|\.tox|\.venv[^/]*|_build|__pycache__|\.pytest_cache|\.ruff_cache)(/|$)")


def project_files() -> list[str]:
    """The files a clone holds, plus new ones not yet committed; nothing git ignores."""
    if (ROOT / ".git").exists() and shutil.which("git"):
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                cwd=ROOT, capture_output=True, check=True).stdout.decode()
        names = listed.split("\0")
    else:
        names = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file()]
    return sorted(n for n in names if n and not NOT_COPIED.search(n) and (ROOT / n).is_file())


FILES = project_files()


@dataclass
class Copy:
    """A throw-away copy of the repository, and the mistakes made in it."""

    root: Path
    made: dict[str, str] = field(default_factory=dict)  # file: what it holds once the mistake is made

    def path(self, name: str) -> Path:
        path = (self.root / name).resolve()
        assert path.is_relative_to(self.root.resolve()), f"{name} is outside the copy"
        return path

    def append(self, name: str, text: str) -> int:
        """Add ``text`` at the end of a file, after a blank line; return the line it starts on."""
        path = self.path(name)
        old = path.read_text(encoding="utf-8")
        old = old if old.endswith("\n") else old + "\n"
        self.write(name, old + "\n" + text)
        return old.count("\n") + 2

    def replace(self, name: str, old: str, new: str) -> int:
        """Replace the one ``old`` in a file by ``new``; return the line the change starts on."""
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name} no longer holds {old!r} once"
        self.write(name, text.replace(old, new))
        return text[: text.index(old)].count("\n") + 1

    def write(self, name: str, text: str) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.made[name] = text

    def file(self, name: str) -> str:
        """How a message names the file: Sphinx gives absolute paths."""
        return str(self.root / name)


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "repo"
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, root / name)
    made = Copy(root)
    yield made
    for name, text in made.made.items():
        real = ROOT / name
        assert not real.is_file() or real.read_text(encoding="utf-8") != text, f"the mistake reached {real}"


def build(copy: Copy, tmp_path: Path) -> str:
    """The site build of ``tox -e docs``, on the copy; assert that it fails, return what it said."""
    done = sphinx_build("dummy", tmp_path / "out", root=copy.root)
    assert done.returncode != 0, f"the build passed:\n{done.stderr}"
    return done.stderr


# -- The site build ------------------------------------------------------------------------------
# Each mistake: (where it goes, what it is, what the build says about it). "{file}" and "{line}"
# stand for the file as the build names it and the line the mistake starts on; "+N" is N lines on.

GLOSSARY = "guide/glossary.rst"
PAGE = "guide/wsgi-container.rst"
RUNNABLE = """\
.. runnable:: {path}
   :command: {command}

   $ curl -s http://127.0.0.1:{{port}}/
   Hello, world!
"""
SERVE_HELLO = "python -m twisted web --listen tcp:{port}:interface=127.0.0.1 --wsgi hello.application"

BUILD_MISTAKES = {
    "broken-ref": (GLOSSARY, "See :ref:`glossary-of-everything`.\n",
                   "{file}:{line}: WARNING: undefined label: 'glossary-of-everything'"),
    "unknown-term": (GLOSSARY, "It runs on a :term:`flux capacitor`.\n",
                     "{file}:{line}: WARNING: term not in glossary: 'flux capacitor'"),
    "unknown-directive": (GLOSSARY, ".. code-blocks:: python\n\n   print('hello')\n",
                          '{file}:{line}: ERROR: Unknown directive type "code-blocks".'),
    "unknown-role": (GLOSSARY, "Stop it with :kdb:`Control-C`.\n",
                     '{file}:{line}: ERROR: Unknown interpreted text role "kdb".'),
    "short-title-underline": (GLOSSARY, "A section of its own\n-----\n\nText.\n",
                              "{file}:{line+1}: WARNING: Title underline too short."),
    "bad-indentation": (GLOSSARY, ".. note::\n\n   The first line of the note,\n  and a line indented less.\n",
                        "{file}:{line+3}: WARNING: Block quote ends without a blank line; unexpected unindent."),
    "duplicate-label": ("index.rst", ".. _packages:\n\nMore packages\n-------------\n\nText.\n",
                        "{file}:{line+3}: WARNING: duplicate label packages, other instance in "
                        + "{root}/guide/packages.rst"),
    "literalinclude-of-a-missing-file": (PAGE, ".. literalinclude:: examples/wsgi-container/helo.py\n",
                                         "{file}:{line}: WARNING: Include file '{root}/guide/examples/"
                                         "wsgi-container/helo.py' not found or reading it failed"),
    "runnable-of-a-missing-file": (PAGE, RUNNABLE.format(path="examples/wsgi-container/helo.py", command=SERVE_HELLO),
                                   "{file}:{line}: ERROR: runnable: no such example file "
                                   "'guide/examples/wsgi-container/helo.py': the path "
                                   "'examples/wsgi-container/helo.py' is relative to the page's folder; "
                                   "create the file there or correct the path"),
    "runnable-without-a-port": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py",
                                                      command="python -m twisted web --wsgi hello.application"),
                                "{file}:{line}: ERROR: runnable: the command 'python -m twisted web --wsgi "
                                "hello.application' has no port placeholder"),
    "runnable-output-before-its-command": (
        PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO).replace(
            "   $ curl", "   Hello first!\n   $ curl"),
        "{file}:{line}: ERROR: runnable: line {line+3} of the transcript comes before its first '$ ' "
        "command: 'Hello first!'; start the transcript with '$ ' and the command a reader types"),
    "link-to-localhost": (GLOSSARY, "To see it, open\nhttp://localhost:8080/ in your browser.\n",
                          "{file}:{line+1}: WARNING: a link to http://localhost:8080/ points at the reader's "
                          "own machine, where nothing runs while they read: show the address as code in the "
                          "example instead (``http://127.0.0.1:8080/``), and do not link it [localhost.link]"),
    "localhost-in-running-text": (GLOSSARY, "The server answers on\nlocalhost only.\n",
                                  "{file}:{line+1}: WARNING: 'localhost' in running text: an address the "
                                  "reader types is code"),
}


def expand(message: str, copy: Copy, name: str, line: int) -> str:
    message = re.sub(r"\{line\+(\d+)\}", lambda m: str(line + int(m.group(1))), message)
    return message.replace("{line}", str(line)).replace("{file}", copy.file(name)).replace("{root}", str(copy.root))


@pytest.mark.parametrize("mistake", BUILD_MISTAKES)
def test_the_build_names_file_and_line(copy, tmp_path, mistake):
    name, text, message = BUILD_MISTAKES[mistake]
    line = copy.append(name, text)
    said = build(copy, tmp_path)
    assert expand(message, copy, name, line) in said


def test_a_page_in_no_toctree(copy, tmp_path):
    copy.write("guide/forgotten.rst", ".. _forgotten:\n\nI want to be found\n==================\n\nText.\n")
    said = build(copy, tmp_path)
    assert f"{copy.file('guide/forgotten.rst')}: WARNING: document isn't included in any toctree" in said


# -- The example runner --------------------------------------------------------------------------

HELLO = "guide/examples/wsgi-container/hello.py"


def run_hello(copy: Copy) -> str:
    """Run the page's first example of hello.py as the tests do, in the copy; return why it failed."""
    examples = [e for e in runner.collect(copy.root) if e.files == (HELLO,) and e.servers == (SERVE_HELLO,)]
    assert examples, f"{PAGE} no longer shows hello.py served with {SERVE_HELLO!r}"
    with pytest.raises(runner.ExampleFailed) as failed:
        runner.check(examples[0], copy.root)
    message = str(failed.value)
    assert message.startswith(f"{examples[0].where}: the example {HELLO}: "), message
    return message


def test_an_example_with_a_syntax_error(copy):
    line = copy.replace(HELLO, "def application(environ, start_response):", "def application(environ, start_response)")
    message = run_hello(copy)
    assert "exited with status 1 before listening" in message
    assert f'File "{HELLO}", line {line}' in message and "SyntaxError" in message


def test_an_example_whose_output_differs_from_the_page(copy):
    copy.replace(HELLO, 'b"Hello, world!\\n"', 'b"Hello, Twisted!\\n"')
    message = run_hello(copy)
    assert "'$ curl -s http://127.0.0.1:{port}/' printed something else than the page shows under it" in message
    assert "Expected:\n    Hello, world!\nGot:\n    Hello, Twisted!\n" in message


@pytest.fixture
def short_timeouts(monkeypatch):
    """The runner's bounds, shortened so that a hang fails in seconds; the defaults stay as they are."""
    monkeypatch.setattr(runner, "START_TIMEOUT", 3.0)
    monkeypatch.setattr(runner, "STEP_TIMEOUT", 2.0)
    monkeypatch.setattr(runner, "STOP_TIMEOUT", 1.0)


def test_an_example_that_never_answers(copy, short_timeouts):
    copy.replace(HELLO, "def application(environ, start_response):\n",
                 "def application(environ, start_response):\n    import time\n\n    time.sleep(600)\n")
    started = time.monotonic()
    message = run_hello(copy)
    assert "'$ curl -s http://127.0.0.1:{port}/' did not finish within 2 s" in message
    assert time.monotonic() - started < 2 + 1 + 10  # the step's bound, the stop's, and some slack


def test_an_example_that_never_listens(copy, short_timeouts):
    copy.replace(HELLO, '"""\n', '"""\nimport time\n\ntime.sleep(600)\n')
    started = time.monotonic()
    message = run_hello(copy)
    assert f"{SERVE_HELLO!r} did not accept connections within 3 s" in message
    assert time.monotonic() - started < 3 + 1 + 10


def test_an_example_that_needs_a_file_its_page_does_not_offer(copy):
    """The runner gives an example only what its page offers for download, as a reader has it."""
    line = copy.replace("guide/live-updates.rst", " examples/web-ui/webui.py", "")
    examples = [e for e in runner.collect(copy.root) if e.page == "guide/live-updates.rst" and e.line < line]
    with pytest.raises(runner.ExampleFailed) as failed:
        runner.check(examples[-1], copy.root)
    assert str(failed.value).startswith(f"{examples[-1].where}: the example "), failed.value
    assert "No module named 'webui'" in str(failed.value)


# -- The lint ------------------------------------------------------------------------------------

def lint_commands() -> list[list[str]]:
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(ROOT / "tox.ini")
    return [shlex.split(line) for line in tox["testenv:lint"]["commands"].splitlines() if line.strip()]


def lint(copy: Copy) -> str:
    """Every command of ``tox -e lint``, run in the copy; assert that one fails, return what they said."""
    tools = Path(sys.executable).parent
    for command in lint_commands():
        if not shutil.which(command[0], path=str(tools)):
            pytest.skip(f"{command[0]} is not installed here: install requirements-dev.txt")
    env = {**os.environ, "PATH": os.pathsep.join([str(tools), os.environ.get("PATH", "")])}
    said, failed = [], False
    for command in lint_commands():
        done = subprocess.run(command, cwd=copy.root, env=env, capture_output=True, text=True)
        said.append(done.stdout + done.stderr)
        failed = failed or done.returncode != 0
    assert failed, "the lint passed:\n" + "".join(said)
    return "".join(said)


def test_a_misspelled_word(copy):
    line = copy.append(GLOSSARY, "The server recieves the request.\n")  # codespell:ignore
    assert f"{GLOSSARY}:{line}: recieves ==> receives" in lint(copy)  # codespell:ignore


def test_a_role_without_backquotes(copy):
    line = copy.append(GLOSSARY, "See :ref:packages for the rest.\n")
    assert f"{GLOSSARY}:{line}: role with no backticks: ' :ref:packages '" in lint(copy)


def test_an_unused_import_in_an_example(copy):
    copy.replace(HELLO, '"""\n', '"""\nimport os\n')
    said = lint(copy)
    assert f"{HELLO}:2:8" in said and "F401" in said


# -- What a contributor starts from --------------------------------------------------------------

APP = '''\
"""A page's first example."""

import sys

from twisted.internet import endpoints, reactor
from twisted.web.resource import Resource
from twisted.web.server import Site
from twisted.web.static import Data

root = Resource()
root.putChild(b"", Data(b"Hello, world!\\n", "text/plain"))
site = Site(root)
endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
'''


def test_a_page_made_from_the_skeleton_builds_and_its_example_runs(copy, tmp_path):
    skeleton = (copy.root / "_templates/scenario-page.rst").read_text(encoding="utf-8")
    copy.write("guide/my-scenario.rst", skeleton.replace("your-page", "my-scenario"))
    copy.write("guide/examples/my-scenario/app.py", APP)
    copy.replace("index.rst", "   guide/web-framework\n", "   guide/web-framework\n   guide/my-scenario\n")
    done = sphinx_build("dummy", tmp_path / "out", root=copy.root)
    page = copy.file("guide/my-scenario.rst")
    assert page not in done.stderr, done.stderr
    examples = [e for e in runner.collect(copy.root) if e.page == "guide/my-scenario.rst"]
    assert len(examples) == 1
    runner.check(examples[0], copy.root)


def test_the_pre_commit_hooks_pin_what_requirements_dev_pins():
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    pinned = set(re.findall(r"^([\w-]+==\S+)", (ROOT / "requirements-dev.txt").read_text(encoding="utf-8"), re.M))
    hooked = set(re.findall(r'"([\w-]+==[^"]+)"', hooks))
    assert hooked, "no pinned hook in .pre-commit-config.yaml"
    assert hooked <= pinned, f"pre-commit pins {hooked - pinned}, requirements-dev.txt pins {pinned}"
