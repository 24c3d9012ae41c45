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
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

import home_table
import no_leftovers
import processes
import reader_venv
import runner
from scenarios import scenario_pages
from sphinx_build import ROOT, SiteDoesNotRead, read_conf, read_pages, sphinx_build

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
    "a-version-claim-the-tests-cannot-check": (GLOSSARY, "Since :twisted:`25.5.0`.\n",
                                               "{file}:{line}: ERROR: twisted: '25.5.0' is not a claim the tests "
                                               "can check"),
    "last-release-of-a-package-the-data-file-lacks": (GLOSSARY, "Klein, :last-release:`klien`.\n",
                                                      "{file}:{line}: ERROR: last-release: packages.toml has no "
                                                      "release of 'klien'"),
    "a-package-data-file-that-does-not-parse": ("guide/packages.toml", "[broken\n",
                                                "{file}:{line}: WARNING: Expected ']' at the end of a table "
                                                "declaration"),
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
                                "hello.application' has no port placeholder ({port}, {port2}, {port3}), nor "
                                "names a :ports-in: file"),
    "ports-in-a-file-not-shown": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO)
                                  .replace("   :command:", "   :ports-in: examples/wsgi-container/greeting.py\n"
                                           "   :command:"),
                                  "{file}:{line}: ERROR: runnable: :ports-in: 'guide/examples/wsgi-container/"
                                  "greeting.py' is not a file of the example: name it as an argument of the "
                                  "directive (or in :uses:), so that the reader sees it"),
    "ports-in-a-file-that-names-no-port": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py",
                                                                 command=SERVE_HELLO)
                                           .replace("   :command:", "   :ports-in: examples/wsgi-container/hello.py"
                                                    "\n   :command:"),
                                           "{file}:{line}: ERROR: runnable: :ports-in: 'guide/examples/"
                                           "wsgi-container/hello.py' names none of the reader's ports (8080, "
                                           "8081, 8082), which the runner fills in its copy"),
    "command-wider-than-a-column": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO)
                                    .replace("$ curl -s ", "$ curl -s --retry 3 --retry-delay 1 --max-time 10 "
                                             "--user-agent guide "),
                                    "{file}:{line+3}: WARNING: runnable: this command is 91 characters wide as "
                                    "the reader sees it, more than 88: it would scroll sideways on the page and "
                                    "be cut in the PDF; end the line with a backslash and go on on the next"),
    "continued-command-wider-than-a-column": (
        PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO).replace(
            "   $ curl -s http://127.0.0.1:{port}/\n",
            "   $ curl -s \\\n       -H 'X: " + "y" * 55 + "' http://127.0.0.1:{port}/\n"),
        "{file}:{line+4}: WARNING: runnable: this command is 90 characters wide as the reader sees it"),
    "runnable-twisted-not-a-version": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py",
                                                             command=SERVE_HELLO)
                                       .replace("   :command:", "   :twisted: newest\n   :command:"),
                                       "{file}:{line}: ERROR: runnable: :twisted: 'newest' is not a release of "
                                       "Twisted: write the oldest version the example runs on, as 26.10.0"),
    "runnable-output-the-copy-button-copies": (
        PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO).replace(
            "   Hello, world!", "   ... world!"),
        "{file}:{line}: ERROR: runnable: line {line+4} of the transcript is output that starts with '... ', "
        "which the copy button takes for a prompt"),
    "runnable-output-before-its-command": (
        PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO).replace(
            "   $ curl", "   Hello first!\n   $ curl"),
        "{file}:{line}: ERROR: runnable: line {line+3} of the transcript comes before its first '$ ' "
        "command: 'Hello first!'; start the transcript with '$ ' and the command a reader types"),
    "localhost-in-a-transcript": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py", command=SERVE_HELLO)
                                  .replace("$ curl -s http://127.0.0.1:", "$ curl -s http://localhost:"),
                                  "{file}:{line+3}: WARNING: runnable: 'localhost' in a command or transcript: "
                                  "write 127.0.0.1 for the host and {port}"),
    "fixed-port-in-a-command": (PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py",
                                                      command=SERVE_HELLO.replace("{port}", "8080", 1)
                                                      + " # {port}"),
                                "{file}:{line+1}: WARNING: runnable: 'tcp:8080' in a command or transcript"),
    "image-from-another-host": (GLOSSARY, ".. image:: https://img.shields.io/badge/twisted-26.10-blue.svg\n",
                                "{file}:{line}: WARNING: the image https://img.shields.io/badge/twisted-26.10-blue.svg "
                                "is loaded from another host"),
    "link-to-localhost": (GLOSSARY, "To see it, open\nhttp://localhost:8080/ in your browser.\n",
                          "{file}:{line+1}: WARNING: a link to http://localhost:8080/ points at the reader's "
                          "own machine, where nothing runs while they read: show the address as code in the "
                          "example instead (``http://127.0.0.1:8080/``), and do not link it [localhost.link]"),
    "localhost-in-running-text": (GLOSSARY, "The server answers on\nlocalhost only.\n",
                                  "{file}:{line+1}: WARNING: 'localhost' in running text: an address the "
                                  "reader types is code"),
    "python-block-that-does-not-parse": (GLOSSARY, ".. code-block:: python\n\n   def application(environ, start)\n"
                                         "       return []\n",
                                         "{file}:{line+2}: WARNING: this python code block does not parse as Python "
                                         "(expected ':'): a reader who copies it gets the same error"),
    "json-block-that-does-not-parse": (GLOSSARY, '.. code-block:: json\n\n   {\n     "title": "Hello",\n   }\n',
                                       "{file}:{line+4}: WARNING: this json code block does not parse as JSON "
                                       "(Expecting property name enclosed in double quotes)"),
    "xml-block-that-does-not-parse": (GLOSSARY, '.. code-block:: xml\n   :caption: page.xml\n\n'
                                      '   <html xmlns:t="http://twistedmatrix.com/ns/twisted.web.template/0.1">\n'
                                      '   <p t:render="title">Title</html>\n',
                                      "{file}:{line+4}: WARNING: this xml code block does not parse as XML "
                                      "(mismatched tag)"),
    "xml-block-without-its-namespace": (GLOSSARY, '.. code-block:: xml\n\n   <p t:render="title">Title</p>\n',
                                        "{file}:{line+2}: WARNING: this xml code block does not parse as XML "
                                        "(unbound prefix)"),
    "ini-block-that-does-not-parse": (GLOSSARY, ".. code-block:: ini\n\n   [tox]\n   env_list = docs\n"
                                      "   the line that lost its equals sign\n",
                                      "{file}:{line+4}: WARNING: this ini code block does not parse as INI "
                                      "('the line that lost its equals sign' is neither a [section] header nor "
                                      "a 'key = value' line)"),
    "capitalised-python-block-that-does-not-parse": (GLOSSARY, ".. code-block:: Python\n\n   def application()\n"
                                                     "       return []\n",
                                                     "{file}:{line+2}: WARNING: this Python code block does not "
                                                     "parse as Python (expected ':')"),
    "pycon-block-that-does-not-parse": (GLOSSARY, ".. code-block:: pycon\n\n   >>> def answer():\n"
                                        "   ...     return 42\n   ...\n   >>> answer()\n   42\n   >>> answer(\n",
                                        "{file}:{line+7}: WARNING: this pycon code block does not parse as Python "
                                        "('(' was never closed)"),
    "literal-block-under-highlight-python-that-does-not-parse": (
        GLOSSARY, ".. highlight:: python\n\nThe application::\n\n   def application()\n       return []\n",
        "{file}:{line+4}: WARNING: this '::' block (in python, as the '.. highlight:: python' above it says) "
        "does not parse as Python (expected ':')"),
    "note-typed-with-one-colon": (GLOSSARY, ".. note: gone\n",
                                  "{file}:{line}: WARNING: '.. note: gone' is a comment, not a note directive: with "
                                  "one colon, the page leaves it out, and all that is indented under it; write "
                                  "'.. note::'"),
    "code-block-typed-with-one-colon": (GLOSSARY, ".. code-block: python\n\n   print('hello')\n",
                                        "{file}:{line}: WARNING: '.. code-block: python' is a comment, not a "
                                        "code-block directive"),
    "raw-html-that-loads-from-another-host": (GLOSSARY, '.. raw:: html\n\n   <p>Our logo:</p>\n'
                                              '   <img src="https://example.com/logo.png" alt="">\n',
                                              "{file}:{line+3}: WARNING: the raw HTML loads "
                                              "https://example.com/logo.png from another host (<img src>): "
                                              "every page loads only what this site serves"),
    "raw-html-link-to-no-page": (GLOSSARY, '.. raw:: html\n\n   <a href="wsgi-containers.html">WSGI</a>\n',
                                 "{file}:{line+2}: WARNING: the raw HTML links to wsgi-containers.html, but the "
                                 "guide has no page 'guide/wsgi-containers'"),
    "raw-html-link-to-no-id": (GLOSSARY, '.. raw:: html\n\n   <a href="packages.html#klein-and-more">Klein</a>\n',
                               "{file}:{line+2}: WARNING: the raw HTML links to packages.html#klein-and-more, but "
                               "the page 'guide/packages' has no id 'klein-and-more'"),
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


def hello_example(copy: Copy) -> runner.Example:
    """The page's first example of hello.py, read from the copy."""
    examples = [e for e in runner.collect(copy.root) if e.files == (HELLO,) and e.servers == (SERVE_HELLO,)]
    assert examples, f"{PAGE} no longer shows hello.py served with {SERVE_HELLO!r}"
    return examples[0]


def run_hello(copy: Copy, step: int | None = None, example: runner.Example | None = None) -> str:
    """Run the page's first example of hello.py as the tests do, in the copy; return why it failed.

    The failure names the example's line, or that of its transcript's ``step`` (counted from 0).
    """
    example = example or hello_example(copy)
    with pytest.raises(runner.ExampleFailed) as failed:
        runner.check(example, copy.root)
    message = str(failed.value)
    where = example.where if step is None else example.step_where(example.steps[step])
    assert message.startswith(f"{where}: the example {HELLO}: "), message
    return message


def test_an_example_that_needs_a_program_not_installed_names_the_line_that_installs_it():
    example = runner.collect()[0]
    needs = replace(example, servers=("PGDATA=db no-such-server -p {port} && python app.py {port2}",))
    assert runner.not_installed(needs).startswith("not installed: no-such-server. On Debian or Ubuntu, "
                                                  "install them with: sudo apt-get install")
    assert runner.not_installed(example) == ""


def test_an_example_that_needs_a_newer_twisted_is_skipped_on_an_older_one_naming_its_page():
    example = runner.collect()[0]
    under_test = reader_venv.twisted_under_test()
    newer = f"{int(under_test.split('.')[0]) + 1}.1.0"
    assert runner.not_installed(replace(example, twisted=newer)) == (
        f"{example.where}: the page says the example needs Twisted {newer} or newer (:twisted:), and this run "
        f"tests {under_test}")
    assert runner.not_installed(replace(example, twisted=under_test)) == ""


def test_a_command_that_starts_python_through_another_program_runs_as_the_tests_user():
    """Only system programs run as ``nobody`` (a reader's Python may live where that user cannot reach)."""
    assert runner.system_only("initdb -D db && postgres -D db -p {port}")
    assert not runner.system_only("systemd-socket-activate -l 127.0.0.1:{port} \\\n    twist web --path .")
    assert not runner.system_only("PYTHONPATH=. twistd -n web --listen tcp:{port}")


def test_an_example_with_a_syntax_error(copy):
    line = copy.replace(HELLO, "def application(environ, start_response):", "def application(environ, start_response)")
    message = run_hello(copy)
    assert "exited with status 1 before listening" in message
    assert f'File "{HELLO}", line {line}' in message and "SyntaxError" in message


def test_an_example_whose_output_differs_from_the_page(copy):
    copy.replace(HELLO, 'b"Hello, world!\\n"', 'b"Hello, Twisted!\\n"')
    message = run_hello(copy, step=0)
    assert "'$ curl -s http://127.0.0.1:{port}/' printed something else than the page shows under it" in message
    assert "Expected:\n    Hello, world!\nGot:\n    Hello, Twisted!\n" in message


@pytest.fixture
def short_timeouts(monkeypatch):
    """The runner's bounds, shortened so that a hang fails in seconds; the defaults stay as they are."""
    monkeypatch.setattr(runner, "START_TIMEOUT", 3.0)
    monkeypatch.setattr(runner, "STEP_TIMEOUT", 2.0)
    monkeypatch.setattr(runner, "STOP_TIMEOUT", 1.0)


def test_an_example_that_never_answers(copy, short_timeouts, monkeypatch):
    monkeypatch.setattr(runner, "START_TIMEOUT", 20.0)  # it must start, on a busy machine too
    copy.replace(HELLO, "def application(environ, start_response):\n",
                 "def application(environ, start_response):\n    import time\n\n    time.sleep(600)\n")
    example = hello_example(copy)  # reading the pages is not the run's time
    started = time.monotonic()
    message = run_hello(copy, step=0, example=example)
    assert "'$ curl -s http://127.0.0.1:{port}/' did not finish within 2 s" in message
    assert time.monotonic() - started < 20 + 2 + 1 + 10  # the start's bound, the step's, the stop's, slack


def test_an_example_that_never_listens(copy, short_timeouts):
    copy.replace(HELLO, '"""\n', '"""\nimport time\n\ntime.sleep(600)\n')
    example = hello_example(copy)
    started = time.monotonic()
    message = run_hello(copy, example=example)
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


TEST_HELLO = """\
from twisted.trial.unittest import SynchronousTestCase

from hello import application


class HelloTests(SynchronousTestCase):
    def test_greets(self):
        body = b"".join(application({}, lambda status, headers: None))
        self.assertEqual(body, b"Hello, world!\\n")
"""
TEST_HELLO_RUNNABLE = """\
.. runnable:: examples/wsgi-container/test_hello.py

   $ python -m twisted.trial test_hello 2>&1 | tail -n 1
   PASSED (successes=1)
"""


@pytest.mark.parametrize("broken", [False, True], ids=["passes", "a-test-fails"])
def test_an_example_with_no_server_runs_its_transcript_and_a_failing_test_fails_it(copy, broken):
    """An example with no :command: (a test-suite the reader runs) is its transcript alone, still run."""
    copy.write("guide/examples/wsgi-container/test_hello.py",
               TEST_HELLO.replace("Hello, world!", "Hello, Twisted!") if broken else TEST_HELLO)
    line = copy.append(PAGE, TEST_HELLO_RUNNABLE)
    [example] = [e for e in runner.collect(copy.root) if e.files == ("guide/examples/wsgi-container/test_hello.py",)]
    assert (example.where, example.servers) == (f"{PAGE}:{line}", ())
    if not broken:
        runner.check(example, copy.root)
        return
    with pytest.raises(runner.ExampleFailed) as failed:
        runner.check(example, copy.root)
    assert str(failed.value).startswith(f"{PAGE}:{line + 2}: the example "), failed.value
    assert "FAILED (failures=1)" in str(failed.value) and "printed something else" in str(failed.value)


# -- What an example must not do ----------------------------------------------------------------
# Each of these prints what its page shows, so only the runner's other checks can catch it.

# As the runner holds it: the page breaks it over two lines, with a backslash.
SERVE_WITH_TWISTD = "PYTHONPATH=. twistd -n web --listen tcp:{port}:interface=127.0.0.1 \\\n--wsgi hello.application"


NEEDS_PROC = pytest.mark.skipif(not processes.available(), reason="the runner finds an example's processes, "
                                "and where they listen, in Linux's /proc")


def run_failing(copy: Copy, page: str, server: str) -> tuple[runner.Example, str]:
    """Run the example of ``page`` started by ``server`` in the copy; return it and why it failed."""
    examples = [e for e in runner.collect(copy.root) if e.page == page and e.servers == (server,)]
    assert examples, f"{page} no longer has an example started with {server!r}"
    with pytest.raises(runner.ExampleFailed) as failed:
        runner.check(examples[0], copy.root)
    assert not processes.marked(failed.value.mark), "the runner left the example's processes running"
    return examples[0], str(failed.value)


@NEEDS_PROC
def test_an_example_that_listens_on_every_interface(copy):
    line = copy.replace(PAGE, SERVE_HELLO, SERVE_HELLO.replace(":interface=127.0.0.1", ""))
    _, message = run_failing(copy, PAGE, SERVE_HELLO.replace(":interface=127.0.0.1", ""))
    assert message.startswith(f"{PAGE}:{line - 1}: the example {HELLO}: it listens on 0.0.0.0:"), message


@NEEDS_PROC
def test_twistd_without_n_leaves_a_daemon(copy):
    copy.replace(PAGE, "PYTHONPATH=. twistd -n web", "PYTHONPATH=. twistd web")
    _, message = run_failing(copy, PAGE, SERVE_WITH_TWISTD.replace(" -n", ""))
    assert "it left these running after its commands were stopped: process " in message, message
    assert "twistd" in message


@NEEDS_PROC
@pytest.mark.parametrize("how", ["start_new_session=True", "env={}, start_new_session=True"],
                         ids=["in-a-session-of-its-own", "and-without-the-run-s-environment"])
def test_an_example_that_starts_a_helper_and_leaves_it(copy, how):
    """A helper that sheds the run's mark with its environment is still found: an orphan of the run,
    working in its folder."""
    helper = f"import time; time.sleep(600)  # {how}"
    copy.replace(HELLO, '"""\n', f'"""\nimport subprocess\nimport sys\n\nsubprocess.Popen([sys.executable, '
                 f'"-c", {helper!r}], {how})\n')
    example, message = run_failing(copy, PAGE, SERVE_HELLO)
    assert message.startswith(f"{example.where}: the example {HELLO}: it left these running"), message
    assert helper in message
    named = [int(pid) for pid in re.findall(r"process (\d+)", message)]
    assert named and not any(processes.alive(pid) for pid in named), "the helper is still running"


SERVE = "guide/examples/wsgi-container/serve.py"


@NEEDS_PROC
def test_an_example_that_listens_on_a_port_of_its_own(copy):
    copy.replace(SERVE, "reactor.run()\n", 'endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")'
                 ".listen(site)\nreactor.run()\n")
    example, message = run_failing(copy, PAGE, "python serve.py {port}")
    assert message.startswith(f"{example.where}: the example {', '.join(example.files)}: it listens on port "), message
    assert "which its command does not give it" in message


def test_an_example_that_writes_in_the_home_folder(copy):
    copy.replace(HELLO, '"""\n', '"""\nfrom pathlib import Path\n\nPath.home().joinpath(".visits").write_text("1")\n')
    example, message = run_failing(copy, PAGE, SERVE_HELLO)
    assert message.startswith(f"{example.where}: the example {HELLO}: it wrote .visits in the home folder"), message


def test_a_transcript_step_that_shows_only_an_ellipsis(copy, tmp_path):
    step = "   $ curl -s http://127.0.0.1:{port}/any/path/at/all\n"
    line = copy.replace(PAGE, step + "   Hello, world!\n", step + "   ...\n")
    hello = next(e for e in runner.collect() if e.servers == (SERVE_HELLO,))  # the page's, where the copy's is
    said = build(copy, tmp_path)
    assert (f"{copy.file(PAGE)}:{hello.line}: ERROR: runnable: line {line} of the transcript, '$ curl -s "
            "http://127.0.0.1:{port}/any/path/at/all', shows only '...' under it") in said, said


def test_uses_of_a_file_in_another_folder(copy, tmp_path):
    line = copy.replace(PAGE, f"   :command: {SERVE_HELLO}\n", f"   :uses: examples/rest/notes.py\n"
                        f"   :command: {SERVE_HELLO}\n")
    said = build(copy, tmp_path)
    assert (f"{copy.file(PAGE)}:{line - 1}: ERROR: runnable: :uses: 'guide/examples/rest/notes.py' is not in "
            "'guide/examples/wsgi-container', the folder of the example") in said, said


def test_a_server_error_hidden_by_an_ellipsis(copy):
    """A 500 page matches '...': the traceback the server logs does not pass."""
    step = "   $ curl -s http://127.0.0.1:{port}/any/path/at/all\n"
    line = copy.replace(PAGE, step + "   Hello, world!\n", step.replace("-s", "-si") + "   HTTP/1.1 ...\n   ...\n")
    copy.replace(HELLO, "    start_response(", '    if environ["PATH_INFO"] != "/":\n'
                 '        raise LookupError(environ["PATH_INFO"])\n    start_response(')
    _, message = run_failing(copy, PAGE, SERVE_HELLO)
    assert message.startswith(f"{PAGE}:{line}: the example {HELLO}: the server logged an unhandled error "
                              "while '$ curl -si http://127.0.0.1:{port}/any/path/at/all' ran"), message


XMLRPC_DEPRECATED = ("   :deprecated: Importing twisted.web.xmlrpc warns since Twisted 24.7.0, because its client "
                     "class, Proxy, is built on the deprecated twisted.web.http.HTTPClient. The server class used "
                     "here, XMLRPC, is not deprecated.\n")


def test_deprecated_copied_onto_an_example_that_calls_nothing_deprecated(copy):
    line = copy.replace(PAGE, f"   :command: {SERVE_HELLO}\n", f"   :command: {SERVE_HELLO}\n{XMLRPC_DEPRECATED}")
    _, message = run_failing(copy, PAGE, SERVE_HELLO)
    assert message.startswith(f"{PAGE}:{line - 1}: the example {HELLO}: its page marks it :deprecated: "), message
    assert "but it warned of nothing that text names (it warned of: twisted.web.resource._Unsafe" in message


def test_deprecated_does_not_let_the_example_itself_call_a_deprecated_api(copy):
    """:deprecated: excuses the warnings of what the example imports, not a deprecated call of its own."""
    xmlrpc = "guide/examples/rest/xmlrpc_server.py"
    copy.replace(xmlrpc, "from twisted.web import xmlrpc\n", "from twisted.web import resource, xmlrpc\n")
    line = copy.replace(xmlrpc, "class Calculator(", "resource.NoResource()  # deprecated since Twisted 22.10.0\n"
                        "\n\nclass Calculator(")
    _, message = run_failing(copy, "guide/rest-and-web-services.rst", "python xmlrpc_server.py {port}")
    assert "exited with status 1 before listening" in message
    assert f'File "{xmlrpc}", line {line}' in message and "DeprecationWarning: twisted.web.resource" in message


def test_an_example_that_needs_a_package_its_requirements_do_not_give(copy):
    """PyYAML is in the test environment (pre-commit needs it), not in guide/examples/requirements.txt."""
    __import__("yaml")  # else this test would prove nothing
    line = copy.replace(HELLO, '"""\n', '"""\nimport yaml\n')
    _, message = run_failing(copy, PAGE, SERVE_HELLO)
    assert "exited with status 1 before listening" in message
    assert f'File "{HELLO}", line {line + 1}' in message and "No module named 'yaml'" in message


def test_reading_the_examples_stops_at_a_broken_runnable(copy):
    """A runnable that does not parse must fail the example tests, not vanish from them."""
    line = copy.append(PAGE, RUNNABLE.format(path="examples/wsgi-container/hello.py",
                                             command="python -m twisted web --wsgi hello.application"))
    with pytest.raises(SiteDoesNotRead) as failed:
        runner.collect(copy.root)
    assert f"{copy.file(PAGE)}:{line}: ERROR: runnable: the command" in str(failed.value)


@NEEDS_PROC
def test_a_test_run_that_leaves_a_process_behind(tmp_path):
    """Whatever a test starts, in a session of its own or not, ends with the run, which then fails."""
    helper = f"import time; time.sleep(600)  # {tmp_path.name}"
    (tmp_path / "test_helper.py").write_text(
        "import subprocess, sys\n\n\ndef test_starts_a_helper():\n"
        f"    subprocess.Popen([sys.executable, '-c', {helper!r}], start_new_session=True)\n")
    env = {k: v for k, v in os.environ.items() if k != no_leftovers.MARK}  # a run of its own, not part of this
    env["PYTHONPATH"] = str(ROOT / "tests")
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no_leftovers", "-p", "no:cacheprovider",
                           str(tmp_path)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert "These processes outlived the test run (now ended): process " in done.stdout
    assert helper in done.stdout
    still = [p for p in Path("/proc").glob("[0-9]*") if helper.encode() in _read(p / "cmdline")]
    assert not still, "the helper is still running"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


# -- The lint ------------------------------------------------------------------------------------

def lint_commands() -> list[list[str]]:
    """The commands of ``tox -e lint``: ``pre-commit run --all-files``, the hooks of .pre-commit-config.yaml."""
    tox = configparser.ConfigParser(interpolation=None)
    tox.read(ROOT / "tox.ini")
    return [shlex.split(line) for line in tox["testenv:lint"]["commands"].splitlines() if line.strip()]


def lint(copy: Copy) -> str:
    """``tox -e lint``, run in the copy; assert that it fails, return what it said.

    pre-commit lints the files git knows, and the copy is no clone: it becomes a repository of its
    own first, with every file added (nothing is committed). The hooks call the tools installed
    next to this Python, as tox's PATH has them.
    """
    tools = Path(sys.executable).parent
    for command in lint_commands():
        if not shutil.which(command[0], path=str(tools)):
            pytest.skip(f"{command[0]} is not installed here: install requirements-dev.txt")
    if not shutil.which("git"):
        pytest.skip("pre-commit needs git")
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    env.update(PATH=os.pathsep.join([str(tools), os.environ.get("PATH", "")]),
               PRE_COMMIT_HOME=str(copy.root.parent / "pre-commit-home"))
    for git in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(git, cwd=copy.root, env=env, capture_output=True, check=True)
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


def test_code_in_single_backquotes(copy):
    """Without a default role (conf.py sets none), `twistd` renders in italics, not as code."""
    line = copy.append(GLOSSARY, "Run `twistd` with -n.\n")
    assert f"{GLOSSARY}:{line}: default role used (hint: for inline literals, use double backticks)" in lint(copy)


def test_an_unused_import_in_an_example(copy):
    copy.replace(HELLO, '"""\n', '"""\nimport os\n')
    said = lint(copy)
    assert f"{HELLO}:2:8" in said and "F401" in said


def test_sql_built_with_an_f_string(copy):
    store = "guide/examples/web-framework/store.py"
    line = copy.replace(store, 'self.sql("SELECT title, body FROM pages WHERE name = ?"), (name,)',
                        'f"SELECT title, body FROM pages WHERE name = \'{name}\'"')
    said = lint(copy)
    assert f"{store}:{line}:" in said and "S608 Possible SQL injection vector" in said, said


def test_a_file_over_the_size_limit(copy):
    """A screenshot of 5.8 MB: the lint names it, and the limit, which CONTRIBUTING.rst states too."""
    limit = re.search(r"--maxkb=(\d+)", (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))[1]
    assert f"{limit} KB" in (ROOT / "CONTRIBUTING.rst").read_text(encoding="utf-8"), "CONTRIBUTING.rst says otherwise"
    copy.path("_static/screenshot.png").write_bytes(os.urandom(5_800_000))
    said = lint(copy)
    assert re.search(rf"^_static/screenshot\.png \(\d+ KB\) exceeds {limit} KB\.$", said, re.M), said


def example_line_limit() -> int:
    """How long a line of the examples may be, as CONTRIBUTING.rst states it (88)."""
    rule = re.search(r"Lines of the examples are at most (\d+) characters",
                     (ROOT / "CONTRIBUTING.rst").read_text(encoding="utf-8"))
    return int(rule[1])


def add_a_line_that_fits_and_one_that_does_not(copy: Copy, name: str, before: str, after: str = "") -> tuple[int, int]:
    """Append to an example a line of exactly the limit, then one a character longer; return their lines."""
    limit = example_line_limit()
    lines = [before + ("a line to wrap " * limit)[: length - len(before) - len(after) - 1] + "." + after
             for length in (limit, limit + 1)]
    first = copy.append(name, "".join(line + "\n" for line in lines))
    return first, first + 1


def test_an_example_python_line_too_long_to_copy(copy):
    """ruff holds the examples to the limit (guide/examples/ruff.toml), not to the 120 of our own Python."""
    limit = example_line_limit()
    fits, too_long = add_a_line_that_fits_and_one_that_does_not(copy, HELLO, "# ")
    said = lint(copy)
    assert f"{HELLO}:{too_long}:{limit + 1}" in said and f"E501 Line too long ({limit + 1} > {limit})" in said, said
    assert f"{HELLO}:{fits}:" not in said, said


def test_an_example_python_line_that_ruff_lets_through_as_a_url(copy):
    """ruff's E501 ignores a line that ends in a URL; the hook example-line-length does not."""
    limit = example_line_limit()
    start = 'url = "http://'
    too_long = copy.append(HELLO, start + "x" * (limit + 1 - len(start) - 1) + '"\n')
    said = lint(copy)
    assert f"{HELLO}:{too_long}:{start}" in said, said


@pytest.mark.parametrize(("example", "before", "after"), [
    ("guide/examples/web-framework/page.xml", "<p>", "</p>"),
    ("guide/examples/web-ui/console.html", "<p>", "</p>"),
    ("guide/examples/reverse-proxy/nginx.conf", "# ", ""),
])
def test_an_example_line_too_long_to_copy(copy, example, before, after):
    """The hook example-line-length of .pre-commit-config.yaml holds every other example file to it."""
    fits, too_long = add_a_line_that_fits_and_one_that_does_not(copy, example, before, after)
    said = lint(copy)
    assert f"{example}:{too_long}:{before}a line to wrap" in said, said
    assert f"{example}:{fits}:" not in said, said


def test_the_lint_reports_every_finding_at_once(copy):
    line = copy.append(GLOSSARY, "The server recieves the request.\n")  # codespell:ignore
    copy.replace(HELLO, '"""\n', '"""\nimport os\n')
    said = lint(copy)
    assert f"{GLOSSARY}:{line}: recieves" in said and f"{HELLO}:2:8" in said, said  # codespell:ignore


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


CHART = "_static/decision-chart.svg"  # conf.py's scenarios_chart
SKELETON = "_templates/scenario-page.rst"
PLACEHOLDER = re.compile(r"\[([^\[\]]*\s[^\[\]]*)\]")


def add_scenario(copy: Copy, after: str, filled: bool = True) -> str:
    """Do what CONTRIBUTING's "Add a scenario page" says, for guide/my-scenario.rst; return the page.

    ``filled`` writes the text each [placeholder] of the skeleton asks for: here, its own words.
    """
    page = copy.path(SKELETON).read_text(encoding="utf-8").replace("your-page", "my-scenario")
    if filled:
        page = PLACEHOLDER.sub(r"\1", page)
    copy.write("guide/my-scenario.rst", page)
    copy.write("guide/examples/my-scenario/app.py", APP)
    copy.replace("index.rst", f"   {after}\n", f"   {after}\n   guide/my-scenario\n")
    add_to_the_chart(copy, "guide/my-scenario")
    return page


def add_to_the_chart(copy: Copy, page: str) -> None:
    """Give the decision chart an answer that links the page, as a new scenario needs."""
    copy.replace(CHART, "</svg>", f'  <a href="{page}.html" class="answer"><text>{page}</text></a>\n</svg>')


def test_a_page_made_from_the_skeleton_builds_and_its_example_runs(copy, tmp_path):
    add_scenario(copy, after="guide/web-framework")
    done = sphinx_build("dummy", tmp_path / "out", root=copy.root)
    page = copy.file("guide/my-scenario.rst")
    assert page not in done.stderr, done.stderr
    examples = [e for e in runner.collect(copy.root) if e.page == "guide/my-scenario.rst"]
    assert len(examples) == 1
    runner.check(examples[0], copy.root)


def test_a_placeholder_left_from_the_skeleton(copy, tmp_path):
    page = add_scenario(copy, after="guide/web-framework", filled=False)
    said = build(copy, tmp_path)
    line = page.splitlines().index("This page is for you if [who: what they have, what they want to do]. It "
                                   "assumes you know") + 1
    assert (f"{copy.file('guide/my-scenario.rst')}:{line}: WARNING: '[who: what they have, what they want to "
            "do]' is a placeholder of the page's skeleton: write the text it asks for in its place") in said, said


# -- The page weight -----------------------------------------------------------------------------

def first_views_of(copy: Copy, tmp_path: Path) -> list:
    """The copy built as ``tox -e docs`` builds it, and the first view of each page (tests/page_weight.py)."""
    from page_weight import first_views

    done = sphinx_build("html", tmp_path / "html", root=copy.root)
    assert (tmp_path / "html" / GLOSSARY).with_suffix(".html").is_file(), done.stderr
    return first_views(copy.root, tmp_path / "html")


def test_a_page_that_loads_too_much(copy, tmp_path):
    """A picture of 40 kB gzip: its page pays more than the limit besides its HTML."""
    import base64
    import random

    from page_weight import LIMIT, over_the_limit

    noise = base64.b64encode(random.Random(11).randbytes(40_000)).decode()  # gzip cannot shrink it much
    copy.write("guide/diagram.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><!-- {noise} --></svg>\n')
    copy.append(GLOSSARY, ".. image:: diagram.svg\n   :alt: How the pieces fit.\n")
    over = over_the_limit(first_views_of(copy, tmp_path))
    assert len(over) == 1 and over[0].startswith(f"{GLOSSARY}: its page loads "), over
    assert f"over the limit of {LIMIT.kb:g} kB; the most: _images/diagram.svg " in over[0]


def test_a_font_from_another_origin(copy, tmp_path):
    from page_weight import from_other_origins

    font = "https://fonts.googleapis.com/css2?family=Inter"
    copy.append("conf.py", f"html_css_files = [{font!r}]\n")
    foreign = from_other_origins(first_views_of(copy, tmp_path))
    assert f"{GLOSSARY}: its page loads {font} (from guide/glossary.html) from another origin" in foreign
    assert f"index.rst: its page loads {font} (from index.html) from another origin" in foreign


# -- The scenario list ---------------------------------------------------------------------------
# The scenario toctrees of index.rst are the one list (_ext/scenarios.py): the home page's table is
# made from the pages in it, the tests read it, and the decision chart is checked against it.

# Each: (the file, what it held, what it holds once the mistake is made, what the build says).
SCENARIO_MISTAKES = {
    "scenario-page-without-use-today": (
        PAGE, ":use-today: Twisted Web's WSGI container: ``python -m twisted web --wsgi module.app``\n", "",
        "{file}:1: WARNING: scenarios: the scenario page has no :use-today:"),
    "follow-on-page-without-read-as": (
        "guide/live-updates.rst", ":read-as: live updates\n\n", "",
        "{file}:1: WARNING: scenarios: the page has no :read-as: at its top: it follows on from "
        "guide/web-ui-for-a-twisted-app"),
    "scenario-title-without-i-want": (
        "guide/web-framework.rst", "I want a web framework\n", "A web framework\n",
        "{file}:{line}: WARNING: scenarios: a scenario page's title starts with \"I want \""),
    "chart-without-a-scenario": (
        CHART, 'href="guide/web-framework.html"', 'href="guide/packages.html"',
        "{file}:{line}: WARNING: scenarios: the chart links 'guide/packages.html', which is not a scenario page"),
}


@pytest.mark.parametrize("mistake", SCENARIO_MISTAKES)
def test_the_scenario_list_names_file_and_line(copy, tmp_path, mistake):
    name, old, new, message = SCENARIO_MISTAKES[mistake]
    line = copy.replace(name, old, new)
    said = build(copy, tmp_path)
    assert expand(message, copy, name, line) in said, said


def test_a_chart_that_leaves_out_a_scenario_names_the_chart(copy, tmp_path):
    copy.replace(CHART, 'href="guide/web-framework.html"', 'href="guide/getting-help.html"')
    said = build(copy, tmp_path)
    assert f"{copy.file(CHART)}:1: WARNING: scenarios: the chart links no guide/web-framework.html" in said, said


def test_a_page_added_to_the_scenarios_toctree_is_a_row_of_the_home_table(copy, tmp_path):
    """With nothing else to edit but the chart: the table and the tests' list come from the page."""
    page = add_scenario(copy, after="guide/rest-and-web-services")
    done = sphinx_build("html", tmp_path / "html", root=copy.root)
    assert done.returncode == 0, done.stderr
    listed = list(scenario_pages(read_pages(copy.root)))
    assert listed[2:4] == ["guide/rest-and-web-services", "guide/my-scenario"], listed
    row = home_table.rows(tmp_path / "html" / "index.html")[3]
    title = re.search(r"^I want (.*)\n===", page, re.M).group(1)
    fields = [re.search(rf"^:{name}: (.*)", page, re.M).group(1) for name in ("use-today", "sheet-said")]
    assert [cell.replace("\u2019", "'") for cell in row.cells[:3]] == [title, *fields], row  # Sphinx's smart quotes
    assert row.links[-1] == ["guide/my-scenario.html"], row


# -- Checks on what pages show -------------------------------------------------------------------
# Code blocks (_ext/code_blocks.py) and raw HTML (_ext/raw_html.py) written in a page are in
# BUILD_MISTAKES; here are the files pages show, the decision chart and the PDF's fonts.


def chart_directive(copy: Copy) -> str:
    """Where the home page includes the chart, as the build names it: the raw directive's file and line."""
    lines = copy.path("index.rst").read_text(encoding="utf-8").splitlines()
    option = next(number for number, line in enumerate(lines, 1) if line.strip() == f":file: {CHART}")
    return f"{copy.file('index.rst')}:{option - 1}"


def test_an_example_file_that_no_page_shows(copy, tmp_path):
    copy.write("guide/examples/wsgi-container/goodbye.py", 'print("Goodbye!")\n')
    copy.write("guide/examples/wsgi-container/__pycache__/hello.cpython-311.pyc", "what Python leaves\n")
    said = build(copy, tmp_path)
    assert (f"{copy.file('guide/examples/wsgi-container/goodbye.py')}:1: WARNING: no page shows this example "
            "file, so no reader finds it and the tests never run it") in said
    assert "__pycache__" not in said


def test_a_file_listed_as_not_shown_that_is_not_there(copy, tmp_path):
    line = copy.replace("conf.py", '"guide/examples/ruff.toml":', '"guide/examples/ruf.toml":')
    said = build(copy, tmp_path)
    assert (f"{copy.file('conf.py')}:{line}: WARNING: conf.py's example_files_not_shown lists "
            "guide/examples/ruf.toml, but there is no such file: take it off the list") in said
    assert f"{copy.file('guide/examples/ruff.toml')}:1: WARNING: no page shows this example file" in said


def test_an_xml_template_that_does_not_parse(copy, tmp_path):
    template = "guide/examples/web-framework/page.xml"
    line = copy.replace(template, "Edit this page</a>", "Edit this page</b>")
    said = build(copy, tmp_path)
    assert (f"{copy.file(template)}:{line}: WARNING: this file does not parse as XML (mismatched tag), "
            f"and {copy.file('guide/web-framework.rst')}:") in said


def test_the_decision_chart_loads_a_stylesheet_from_another_host(copy, tmp_path):
    line = copy.replace(CHART, "  <style>\n", '  <style>\n    @import url("https://fonts.example.com/chart.css");\n')
    said = build(copy, tmp_path)
    assert (f"{chart_directive(copy)}: WARNING: the raw HTML loads https://fonts.example.com/chart.css from "
            f"another host (<style>, line {line + 1} of {CHART}, which this raw directive includes)") in said


def test_the_decision_chart_links_to_a_page_that_is_not_there(copy, tmp_path):
    line = copy.replace(CHART, 'href="guide/web-framework.html"', 'href="guide/web-frameworks.html"')
    said = build(copy, tmp_path)
    assert (f"{chart_directive(copy)}: WARNING: the raw HTML links to guide/web-frameworks.html (line {line} of "
            f"{CHART}, which this raw directive includes), but the guide has no page 'guide/web-frameworks'") in said


# Each: what goes at the end of the glossary, the line of it the warning names, and the warning. The
# fonts are conf.py's: the GNU FreeFont of Debian's fonts-freefont-otf for the text, and the DejaVu
# Sans Mono of fonts-dejavu-core for code.
GLYPH_MISTAKES = {
    "in-running-text": ("Each answer is marked ⓘ.\n", 0,
                        "'ⓘ' (U+24D8 CIRCLED LATIN SMALL LETTER I) has no glyph in FreeSerif.otf, the font the "
                        "PDF sets this serif text in: XeLaTeX would print nothing in its place"),
    "in-bold-text": ("A **✗** marks what no longer works.\n", 0,  # FreeSerif has it, its bold does not
                     "'✗' (U+2717 BALLOT X) has no glyph in FreeSerifBold.otf"),
    "in-a-heading": ("The pick of the packages ★\n--------------------------\n\nText.\n", 0,
                     "'★' (U+2605 BLACK STAR) has no glyph in FreeSansBold.otf, the font the PDF sets this "
                     "sans text in"),
    "in-a-code-block": (".. code-block:: text\n\n   ⓘ failed\n", 2,
                        "'ⓘ' (U+24D8 CIRCLED LATIN SMALL LETTER I) has no glyph in DejaVuSansMono.ttf, "
                        "the font the PDF sets this mono text in"),
}


@pytest.mark.parametrize("mistake", GLYPH_MISTAKES)
def test_a_character_the_pdf_fonts_lack(copy, tmp_path, mistake):
    from need import missing

    text, lines_on, message = GLYPH_MISTAKES[mistake]
    font = re.search(r"in (\S+\.(?:otf|ttf))", message).group(1)
    conf = read_conf()
    conf.add("pdf_glyphs_font_folders", [], "env", ())  # _ext/pdf_glyphs.py's setting, as it adds it
    paths = [f"{folder}/{font}" for folder in conf.pdf_glyphs_font_folders]
    if not any(Path(path).is_file() for path in paths):
        pytest.skip(f"the PDF's fonts are needed to check its characters: {missing(*paths)}")
    line = copy.append(GLOSSARY, text)
    done = sphinx_build("latex", tmp_path / "latex", root=copy.root)
    assert done.returncode != 0, f"the LaTeX build passed:\n{done.stderr}"
    assert f"{copy.file(GLOSSARY)}:{line + lines_on}: WARNING: {message}" in done.stderr


# -- What every page carries inline --------------------------------------------------------------
# _templates/page.html puts _static/custom.css inside each page's <style>: page_weight.py counts it
# as a file (not as the page's own HTML) and follows its loads as a stylesheet's.
CUSTOM_CSS = "_static/custom.css"


def test_a_data_font_inline_in_every_page_is_too_heavy(copy, tmp_path):
    """A font of 60 kB as a data: URL in custom.css: every page pays for it, in no request."""
    import base64
    import random

    from page_weight import over_the_limit

    font = base64.b64encode(random.Random(11).randbytes(60_000)).decode()  # gzip cannot shrink it much
    copy.append(CUSTOM_CSS, f"@font-face {{ font-family: Inter; src: url(data:font/woff2;base64,{font}); }}\n"
                            "body { font-family: Inter; }\n")
    views = first_views_of(copy, tmp_path)
    over = over_the_limit(views)
    assert len(over) == len([v for v in views if v.source]), over
    glossary = next(line for line in over if line.startswith(f"{GLOSSARY}: its page loads "))
    assert "kB gzip besides its own HTML, over the limit of 25 kB; the most: inline <style> " in glossary, glossary


def test_an_inline_import_from_another_origin(copy, tmp_path):
    from page_weight import from_other_origins

    font = "https://fonts.googleapis.com/css2?family=Inter"
    css = copy.path(CUSTOM_CSS).read_text(encoding="utf-8")
    copy.write(CUSTOM_CSS, f'@import url("{font}");\n' + css)
    foreign = from_other_origins(first_views_of(copy, tmp_path))
    assert f"{GLOSSARY}: its page loads {font} (from an inline <style> of guide/glossary.html) from another origin" \
        in foreign, foreign
    assert f"index.rst: its page loads {font} (from an inline <style> of index.html) from another origin" in foreign


def test_a_style_attribute_that_loads_from_another_origin(copy, tmp_path):
    from page_weight import from_other_origins

    picture = "https://example.com/banner.png"
    copy.append(GLOSSARY, f'.. raw:: html\n\n   <div style="background: url({picture})"></div>\n')
    foreign = from_other_origins(first_views_of(copy, tmp_path))
    assert foreign == [f"{GLOSSARY}: its page loads {picture} (from a style attribute of guide/glossary.html) "
                       "from another origin"], foreign
