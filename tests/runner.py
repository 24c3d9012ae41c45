"""Run the examples the way their pages say: start the command, run the transcript, compare, stop.

The facts come from the ``runnable`` directive itself (``_ext/runnable.py``) through a Sphinx
build, so a page cannot show a command, request or output that this runner does not use.
"""

from __future__ import annotations

import doctest
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))

from runnable import PORTS, Example, Step, fill, placeholders  # noqa: E402

START_TIMEOUT = 20.0  # seconds for a command to accept connections
STEP_TIMEOUT = 15.0  # seconds for one transcript command to finish
STOP_TIMEOUT = 5.0  # seconds between SIGTERM and SIGKILL
CHECKER = doctest.OutputChecker()
OPTIONS = doctest.ELLIPSIS


class ExampleFailed(AssertionError):
    """An example did not do what its page says; the message names the page and line."""


def collect(srcdir: Path = ROOT) -> list[Example]:
    """Read every page with Sphinx (no output written) and return the examples the pages hold."""
    from sphinx.application import Sphinx

    with tempfile.TemporaryDirectory() as tmp:
        app = Sphinx(str(srcdir), str(srcdir), tmp, f"{tmp}/doctrees", "dummy",
                     status=None, warning=io.StringIO(), freshenv=True)
        app.build()
        found = getattr(app.env, "runnable_examples", {})
    examples = []
    for on_page in found.values():  # a reader of the page can download these, and only these
        offered = tuple(sorted({f for e in on_page for f in e.files + e.uses}))
        examples += [replace(e, offered=offered) for e in on_page]
    return sorted(examples, key=lambda e: (e.page, e.line))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(example: Example) -> dict[str, str]:
    """The reader's shell: this Python's scripts first on PATH, no PYTHONPATH of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if not example.deprecated:
        # A deprecated API called from the example's own code is an error; Twisted's own
        # internal warnings are not the example's to fix.
        env["PYTHONWARNINGS"] = ",".join(f"error::DeprecationWarning:{m}" for m in example.modules)
    return env


class Run:
    """One example's processes, in a private copy of its folder."""

    def __init__(self, example: Example, workdir: Path):
        self.example = example
        self.workdir = workdir
        self.env = environment(example)
        self.ports = {name: free_port() for name in PORTS}
        self.processes: list[tuple[subprocess.Popen, Path]] = []

    def fail(self, message: str) -> ExampleFailed:
        """The failure, headed by the page and line, with each command's output under it.

        The example runs in a temporary copy of its folder; tracebacks name the files as they are
        in the repository instead, so that ``File "guide/examples/.../app.py", line 4`` is
        where to look.
        """
        logs = "\n".join(f"--- output of: {p.args}\n{log.read_text(errors='replace')[-4000:]}"
                         for p, log in self.processes)
        text = f"{self.example.where}: the example {', '.join(self.example.files)}: {message}\n{logs}"
        for copy in {str(self.workdir.resolve()), str(self.workdir)}:
            text = text.replace(copy, self.example.folder)
        return ExampleFailed(text)

    def start(self, command: str) -> None:
        log = self.workdir / f".server-{len(self.processes)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(fill(command, self.ports), shell=True, cwd=self.workdir, env=self.env,
                                       stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        self.processes.append((process, log))
        deadline = time.monotonic() + START_TIMEOUT
        for name in placeholders(command):
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

    def step(self, step: Step) -> None:
        command = fill(step.command, self.ports)
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
                            f"request.finish())? The server's output is below") from None
        if client.returncode != 0:
            raise self.fail(f"'$ {step.command}' exited with status {client.returncode}: each command of the "
                            f"transcript must succeed, as it does for the reader (curl's 7 is 'could not connect', "
                            f"28 'timed out').\nstdout:\n{got}\nstderr:\n{errors}")
        expected = fill(step.expected, self.ports)  # the page shows {port} in output as 8080 too
        if not CHECKER.check_output(expected, got, OPTIONS):
            difference = CHECKER.output_difference(doctest.Example(command, expected), got, OPTIONS)
            raise self.fail(f"'$ {step.command}' printed something else than the page shows under it. Fix "
                            f"the example, or the output on the page ('...' there matches anything).\n"
                            f"{difference}stderr:\n{errors}")

    def stop(self) -> None:
        for process, _ in reversed(self.processes):
            _stop(process)


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
    nothing else of its folder; always stop them, also on failure."""
    with tempfile.TemporaryDirectory(prefix="example-") as tmp:
        workdir = Path(tmp) / "example"
        for file in example.available:
            if not Path(file).is_relative_to(example.folder):
                continue  # another example of the page, in a folder of its own
            copy = workdir / Path(file).relative_to(example.folder)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / file, copy)
        run = Run(example, workdir)
        try:
            for command in example.servers:
                run.start(command)
            yield run
        finally:
            run.stop()


def check(example: Example, root: Path = ROOT) -> None:
    """Do what the page says and compare with what it shows; raise ExampleFailed if they differ."""
    with running(example, root) as run:
        for step in example.steps:
            run.step(step)
