"""Run the examples the way their pages say: start the command, run the transcript, compare, stop.

The facts come from the ``runnable`` directive itself (``_ext/runnable.py``) through a Sphinx
build, so a page cannot show a command, request or output that this runner does not use.

Beyond what the transcript prints, a run fails an example that a reader should not copy: one that
listens on more than loopback, logs a traceback while its transcript runs, leaves a process behind
(a daemon, a helper in a session of its own), calls itself ``:deprecated:`` but warns of nothing,
or needs a package that ``guide/examples/requirements.txt`` does not give (it runs in an
environment made from that file alone: ``reader_venv.py``).

A server a reader runs as themselves, not as root, runs so here: when the tests run as root (a
container, CI), a server command that starts a system program (nginx, PostgreSQL's, which refuses
root) runs as ``nobody``, in a folder that user owns. Commands that start a Python program, even through
another (``systemd-socket-activate ... twist``), stay root's: the Python of the reader's environment may
live in root's home, where ``nobody`` cannot reach it. A reader on Debian
puts PostgreSQL's programs on their PATH as the pages say; the run does the same.
"""

from __future__ import annotations

import doctest
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from packaging.version import Version

import processes
import reader_venv
from need import missing
from runnable import PORTS, Example, Step, examples, fill, fill_reader_ports, placeholders, reader_ports
from sphinx_build import ROOT, read_pages

START_TIMEOUT = 20.0  # seconds for a command to accept connections
STEP_TIMEOUT = 15.0  # seconds for one transcript command to finish
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL
SETTLE = 0.1  # seconds for a server to write what it logs after the last answer
CHECKER = doctest.OutputChecker()
OPTIONS = doctest.ELLIPSIS
#: What a server prints when a request met an error it did not handle: the 500 a '...' would hide. Twisted's
#: own commands log JSON when their output is not a terminal, and a Failure is its "log_failure" there.
TRACEBACK = re.compile(r'Traceback \(most recent call last\)|Unhandled Error|Unhandled error in Deferred'
                       r'|"log_failure": ')
DEPRECATION = re.compile(r"DeprecationWarning: (.*)")
DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+")
MARK = "GUIDE_EXAMPLE_RUN"  # in the environment of everything one run starts (see processes.py)
#: Whom a system program runs as when the tests run as root: a reader is not root.
READER = {"user": 65534, "group": 65534, "extra_groups": []} if os.geteuid() == 0 else {}
PYTHON_PROGRAMS = {"python", "python3", "twist", "twistd", "trial"}  # the reader's environment's own
#: Where Debian keeps PostgreSQL's initdb and postgres, off PATH; the newest version's folder.
POSTGRESQL_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                        if p.parent.name.isdigit() else 0)[-1:]


class ExampleFailed(AssertionError):
    """An example did not do what its page says; the message names the page and line."""


def collect(srcdir: Path = ROOT) -> list[Example]:
    """The examples the pages hold, in page order."""
    return examples(read_pages(srcdir))


def programs(command: str) -> set[str]:
    """The programs a shell command starts: the first word of each of its commands, after any NAME=value."""
    words = [[w for w in part.split() if not re.fullmatch(r"\w+=\S*", w)][:1]
             for part in re.split(r"&&|\|\||;|\|", command.replace("\\\n", " "))]
    return {w[0] for w in words if w}


def system_only(command: str) -> bool:
    """The command starts system programs only: no Python program of the reader's environment, not even
    as another's argument (``systemd-socket-activate -l 8080 twist web ...``)."""
    return not set(command.replace("\\\n", " ").split()) & PYTHON_PROGRAMS


def not_installed(example: Example) -> str:
    """Why the example cannot run here, with what to do: a program its commands start is not installed (the
    line that installs it), or the Twisted under test is older than its page says it needs; "" when it can."""
    under_test = reader_venv.twisted_under_test()
    if example.twisted and Version(under_test) < Version(example.twisted):
        return (f"{example.where}: the page says the example needs Twisted {example.twisted} or newer (:twisted:), "
                f"and this run tests {under_test}")
    path = os.pathsep.join([os.environ.get("PATH", ""), *map(str, POSTGRESQL_BIN)])
    needed = set().union(*map(programs, example.servers)) - PYTHON_PROGRAMS
    return missing(*sorted(p for p in needed if not shutil.which(p, path=path)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(example: Example, scripts: Path, mark: str, home: Path) -> dict[str, str]:
    """The reader's shell: their environment's scripts first on PATH, not ours; no PYTHONPATH of ours;
    a home folder of its own, which must stay empty."""
    ours = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != ours]
    env["PATH"] = os.pathsep.join([str(scripts), *path, *map(str, POSTGRESQL_BIN)])
    env["VIRTUAL_ENV"] = str(scripts.parent)
    env["HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env[MARK] = mark
    # A deprecated API called from the example's own code is an error, :deprecated: or not; Twisted's
    # own internal warnings are not the example's to fix, but are printed for :deprecated: to be checked.
    ours = [f"error::DeprecationWarning:{m}" for m in example.modules]
    env["PYTHONWARNINGS"] = ",".join(["default::DeprecationWarning"] * bool(example.deprecated) + ours)
    return env


class Run:
    """One example's processes, in a private copy of its folder."""

    def __init__(self, example: Example, workdir: Path, root: Path = ROOT):
        self.example = example
        self.workdir = workdir
        self.root = root
        self.home = workdir.parent / "home"
        self.home.mkdir()
        self.mark = f"{MARK}={uuid.uuid4().hex}"
        self.env = environment(example, reader_venv.scripts(root), self.mark.split("=", 1)[1], self.home)
        self.known = processes.children(os.getpid())  # ours before the example's: not the example's to end
        self.ports = {name: free_port() for name in PORTS}
        for file in example.ports_in:
            copy = workdir / Path(file).relative_to(example.folder)
            copy.write_text(fill_reader_ports(copy.read_text(encoding="utf-8"), self.ports), encoding="utf-8")
        if READER:  # the example's folder and home are the reader's own
            for path in [workdir.parent, *workdir.parent.rglob("*")]:
                os.chown(path, READER["user"], READER["group"])
        self.processes: list[tuple[subprocess.Popen, Path]] = []
        self.read = 0  # how much of the servers' output has been checked for tracebacks
        self.said: list[str] = []  # what the transcript's commands wrote to stderr

    def fail(self, message: str, where: str = "") -> ExampleFailed:
        """The failure, headed by the page and line, with each command's output under it.

        The example runs in a temporary copy of its folder; tracebacks name the files as they are
        in the repository instead, so that ``File "guide/examples/.../app.py", line 4`` is
        where to look.
        """
        logs = "\n".join(f"--- output of: {p.args}\n{log.read_text(errors='replace')[-4000:]}"
                         for p, log in self.processes)
        text = f"{where or self.example.where}: the example {', '.join(self.example.files)}: {message}\n{logs}"
        for copy in {str(self.workdir.resolve()), str(self.workdir)}:
            text = text.replace(copy, self.example.folder)
        failed = ExampleFailed(text)
        failed.mark = self.mark  # what the processes of this run carry: none may be left
        return failed

    def start(self, command: str) -> None:
        log = self.workdir / f".server-{len(self.processes)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(fill(command, self.ports), shell=True, cwd=self.workdir, env=self.env,
                                       stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True, **(READER if system_only(command) else {}))
        self.processes.append((process, log))
        deadline = time.monotonic() + START_TIMEOUT
        for name in self.listens(command):
            while not _accepts(self.ports[name]):
                if process.poll() is not None:
                    raise self.fail(f"{command!r} exited with status {process.returncode} before listening. "
                                    f"Its output is below; the command, run from {self.example.folder}, "
                                    f"does the same")
                if time.monotonic() > deadline:
                    raise self.fail(f"{command!r} did not accept connections within {START_TIMEOUT:g} s. "
                                    f"Does it listen where the command says, on 127.0.0.1 and the "
                                    f"{name} it is given? Its output is below")
                time.sleep(0.05)
        if process.poll() is not None:
            raise self.fail(f"{command!r} exited with status {process.returncode} once it listened: "
                            f"did it go into the background (twistd without -n)? The tests, and a "
                            f"reader, stop it with Control-C: run it in the foreground")

    def listens(self, command: str) -> list[str]:
        """The placeholders of the ports a server command listens on: those it names, or those of the
        :ports-in: files it reads (the ports a server's configuration names)."""
        named = [f for f in self.example.ports_in if Path(f).name in command]
        return placeholders(command) or [p for f in named  # the file as the page shows it, not the filled copy
                                         for p in reader_ports((self.root / f).read_text(encoding="utf-8"))]

    def resident_memory(self) -> int:
        """The resident memory of every process of the run, in bytes (Linux's /proc/PID/status)."""
        mine = set(processes.marked(self.mark)) | processes.working_in(self.workdir)
        return sum(processes.resident_memory(pid) for pid in mine)

    def only_where_it_is_told(self) -> None:
        """Each listening socket of the example's processes is on 127.0.0.1 or ::1, as the house rule says,
        and on a port its command gives it: a port written in the code collides with the reader's own."""
        mine = set(processes.marked(self.mark)) | processes.working_in(self.workdir)
        listening = processes.listening(sorted(mine))
        exposed = [(a, p) for a, p in listening if not processes.is_loopback(a)]
        if exposed:
            shown = ", ".join(f"{a}:{p}" for a, p in exposed)
            raise self.fail(f"it listens on {shown}, which other machines can reach: a reader who runs it "
                            f"on a laptop in a café shares it with the café. Listen on 127.0.0.1 only "
                            f"(tcp:PORT:interface=127.0.0.1, or listenTCP(port, site, interface='127.0.0.1'))")
        given = {self.ports[name] for command in self.example.servers for name in self.listens(command)}
        fixed = sorted({p for _, p in listening} - given)
        if fixed:
            raise self.fail(f"it listens on port {', '.join(map(str, fixed))}, which its command does not give "
                            f"it: take every port from the command line ({{port}}, {{port2}}, {{port3}} on the "
                            f"page), so that two examples, or the reader's own server, do not collide")

    def no_new_traceback(self, where: str, during: str) -> None:
        """Fail if the servers logged an unhandled error since the last look."""
        output = "".join(log.read_text(errors="replace") for _, log in self.processes)
        new, self.read = output[self.read:], len(output)
        if TRACEBACK.search(new):
            raise self.fail(f"the server logged an unhandled error {during}; a reader's server must answer "
                            f"bad input with a 4xx, not a traceback. Its output is below", where)

    def step(self, step: Step) -> None:
        command = fill(step.command, self.ports)
        where = self.example.step_where(step)
        client = subprocess.Popen(command, shell=True, cwd=self.workdir, env=self.env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            got, errors = client.communicate(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _stop(client)  # the whole process group: a pipeline's other commands too
            client.communicate()
            raise self.fail(f"'$ {step.command}' did not finish within {STEP_TIMEOUT:g} s: the example may never "
                            f"have answered it. Does every request get a response (a Deferred that fires, a "
                            f"request.finish())? The server's output is below", where) from None
        self.said.append(errors)
        if client.returncode != 0:
            raise self.fail(f"'$ {step.command}' exited with status {client.returncode}: each command of the "
                            f"transcript must succeed, as it does for the reader (curl's 7 is 'could not connect', "
                            f"28 'timed out').\nstdout:\n{got}\nstderr:\n{errors}", where)
        expected = fill(step.expected, self.ports)  # the page shows {port} in output as 8080 too
        if not CHECKER.check_output(expected, got, OPTIONS):
            difference = CHECKER.output_difference(doctest.Example(command, expected), got, OPTIONS)
            raise self.fail(f"'$ {step.command}' printed something else than the page shows under it. Fix "
                            f"the example, or the output on the page ('...' there matches anything).\n"
                            f"{difference}stderr:\n{errors}", where)
        self.no_new_traceback(where, f"while '$ {step.command}' ran")

    def warned_of_deprecation(self) -> None:
        """An example marked ``:deprecated:`` must warn of the API its page names there.

        Twisted warns of its own internals in every run (``_UnsafeNoResource`` in twisted.web.static),
        so a warning alone proves nothing: what each warning names first (Twisted's "X was deprecated in
        Twisted V; please use Y") is held against the text.
        """
        output = "".join(log.read_text(errors="replace") for _, log in self.processes) + "".join(self.said)
        warned = {found[0] for message in DEPRECATION.findall(output) if (found := DOTTED.findall(message))}
        if not any(name in self.example.deprecated for name in warned):
            raise self.fail(f"its page marks it :deprecated: ({self.example.deprecated!r}), but it warned of "
                            f"nothing that text names (it warned of: {', '.join(sorted(warned)) or 'nothing'}). "
                            f"Name the deprecated API there, or remove :deprecated: if it calls none")

    def stop(self) -> list[str]:
        """Stop every process the run started, wherever it went; return those that outlived their command."""
        for process, _ in reversed(self.processes):
            _stop(process)
        left = processes.leftovers(self.mark, folder=self.workdir, known=self.known)
        described = [processes.describe(pid) for pid in left]
        processes.end(left, STOP_TIMEOUT)
        processes.reap(self.known)
        return described

    def wrote_home(self) -> list[str]:
        """What the example wrote to its home folder, which a reader's would keep after it stopped."""
        return sorted(str(p.relative_to(self.home)) for p in self.home.rglob("*"))


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group, then SIGKILL it if it does not go within the bound."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        process.wait()
        return
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@contextmanager
def running(example: Example, root: Path = ROOT):
    """Start the example's commands in a folder that holds what its page offers for download, and
    nothing else of its folder; always stop them, also on failure, and fail if any outlived them."""
    with tempfile.TemporaryDirectory(prefix="example-") as tmp:
        workdir = Path(tmp) / "example"
        for file in example.available:
            if not Path(file).is_relative_to(example.folder):
                continue  # another example of the page, in a folder of its own
            copy = workdir / Path(file).relative_to(example.folder)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / file, copy)
        run = Run(example, workdir, root)
        failure = None
        try:
            for command in example.servers:
                run.start(command)
            run.only_where_it_is_told()
            run.no_new_traceback(example.where, "as it started")
            yield run
        except ExampleFailed as failed:
            failure = failed
        finally:
            left = run.stop()
        if left:
            raise run.fail("it left these running after its commands were stopped: " + "; ".join(left)
                           + ". A reader's Control-C would not stop them either: start nothing in the "
                           "background (twistd needs -n), and no helper in a session of its own "
                           "(setsid, start_new_session)") from failure
        if failure:
            raise failure
        if wrote := run.wrote_home():
            raise run.fail(f"it wrote {', '.join(wrote)} in the home folder (~), which would stay in the reader's "
                           f"after they stop it: an example keeps its files in its own folder")


def check(example: Example, root: Path = ROOT) -> None:
    """Do what the page says and compare with what it shows; raise ExampleFailed if they differ."""
    with running(example, root) as run:
        for step in example.steps:
            run.step(step)
        time.sleep(SETTLE)
        run.no_new_traceback(example.step_where(example.steps[-1]), "once the transcript had run")
        run.only_where_it_is_told()
        if example.deprecated:
            run.warned_of_deprecation()
