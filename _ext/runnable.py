"""The ``runnable`` directive: an example program, the command that runs it, and what it prints.

A page writes each fact once::

    .. runnable:: examples/wsgi-container/hello.py
       :command: python -m twisted web --listen tcp:{port}:interface=127.0.0.1 --wsgi hello.application

       $ curl -s http://127.0.0.1:{port}/
       Hello, world!

Readers see the file (with a download link), the command, and the transcript, with ``{port}``
shown as 8080. The test-suite (``tests/runner.py``) collects the same :class:`Example` objects
from a Sphinx build, starts the command on a free port, runs each ``$`` line of the transcript
and compares what it prints with the lines under it (``...`` matches anything, as in doctest).

An example with no ``:command:`` is its transcript alone: a test-suite the reader runs, or a client
of a server another example starts. The runner runs its steps in a copy of its folder, as for any
other, and the page shows one console block instead of two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

#: What a reader sees in place of each port placeholder; the runner picks free ports instead.
PORTS = {"{port}": 8080, "{port2}": 8081, "{port3}": 8082}
PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PORTS))
PROMPT = "$ "
WIDTH = 88  # the widest line of a command or transcript, as the examples' files are (ruff.toml)

#: An address a transcript or command must not hold: the runner gives each example free ports through the
#: placeholders, and ``localhost`` may resolve to ::1 first, where the examples do not listen.
FIXED_ADDRESS = re.compile(r"\blocalhost\b|(?:127\.0\.0\.1|\[::1\]|0\.0\.0\.0):\d+|\btcp:\d+|--port[= ]\d+", re.I)

LANGUAGES = {".py": "python", ".html": "html", ".xml": "xml", ".json": "json", ".sql": "sql",
             ".txt": "text", ".ini": "ini", ".conf": "nginx", ".js": "javascript"}


@dataclass(frozen=True)
class Step:
    """One ``$`` line of a transcript and the output shown under it."""

    command: str
    expected: str
    line: int = 0  # of the page, where the ``$`` line is


@dataclass(frozen=True)
class Example:
    """Everything a page says about one runnable example; paths are relative to the project root."""

    page: str
    line: int
    files: tuple[str, ...]
    servers: tuple[str, ...]
    steps: tuple[Step, ...]
    deprecated: str = ""
    uses: tuple[str, ...] = ()  # files of the same folder that another page shows (:uses:)
    ports_in: tuple[str, ...] = ()  # files that name the reader's ports, which the runner fills (:ports-in:)
    twisted: str = ""  # the oldest Twisted it runs on (:twisted:), when not every tested one
    offered: tuple[str, ...] = ()  # every file its page shows or offers (see examples())

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.files[0]).parent)

    @property
    def modules(self) -> tuple[str, ...]:
        """The Python modules of its page, whose deprecation warnings the runner makes errors."""
        return ("__main__",) + tuple(PurePosixPath(f).stem for f in self.available if f.endswith(".py"))

    @property
    def available(self) -> tuple[str, ...]:
        """What a reader of the page has: all the page offers, or, before examples() ran, this example's files."""
        return self.offered or self.files + self.uses

    def step_where(self, step: Step) -> str:
        return f"{self.page}:{step.line or self.line}"


def examples(env) -> list[Example]:
    """Every example the pages hold, in page order, each knowing all that its page offers for download."""
    found = []
    for on_page in getattr(env, "runnable_examples", {}).values():
        offered = tuple(sorted({f for e in on_page for f in e.files + e.uses}))
        found += [replace(e, offered=offered) for e in on_page]
    return sorted(found, key=lambda e: (e.page, e.line))


def for_reader(text: str) -> str:
    """Show each port placeholder as the port a reader would use."""
    return PLACEHOLDER.sub(lambda m: str(PORTS[m.group()]), text)


def fill(text: str, ports: dict[str, int]) -> str:
    """Put the runner's ports in place of the placeholders."""
    return PLACEHOLDER.sub(lambda m: str(ports[m.group()]), text)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


READER_PORT = re.compile(r"(?<![\d.])(" + "|".join(str(p) for p in PORTS.values()) + r")(?!\d)")


def reader_ports(text: str) -> list[str]:
    """The placeholders whose reader's port a file names itself (8080 is {port}), in order, once each."""
    names = {str(port): name for name, port in PORTS.items()}
    return list(dict.fromkeys(names[m.group()] for m in READER_PORT.finditer(text)))


def fill_reader_ports(text: str, ports: dict[str, int]) -> str:
    """Put the runner's ports in place of the reader's in a file of :ports-in:."""
    names = {str(port): name for name, port in PORTS.items()}
    return READER_PORT.sub(lambda m: str(ports[names[m.group()]]), text)


def parse_transcript(lines: list[str], first_line: int = 1, copied: re.Pattern | None = None) -> tuple[Step, ...]:
    """Split a console transcript into steps; raise ValueError naming the offending line.

    ``first_line`` is the number the first line has in the page, so that the message names it.
    ``copied`` matches the start of a line the copy button copies (its prompts): no output line
    may start so.
    """
    steps: list[tuple[str, list[str], int]] = []
    continued = False  # the command line before ended with a backslash: this line goes on with it
    for number, line in enumerate(lines, first_line):
        if continued:
            command, out, start = steps[-1]
            steps[-1] = (f"{command}\n{line.strip()}", out, start)
            continued = line.rstrip().endswith("\\")
        elif line.startswith(PROMPT):
            steps.append((line[len(PROMPT):].strip(), [], number))
            continued = line.rstrip().endswith("\\")
        elif not steps:
            if line.strip():
                raise ValueError(f"line {number} of the transcript comes before its first '{PROMPT}' command: "
                                 f"{line!r}; start the transcript with '{PROMPT}' and the command a reader types")
        else:
            if copied and (prompt := copied.match(line)):
                raise ValueError(f"line {number} of the transcript is output that starts with "
                                 f"{prompt.group()!r}, which the copy button takes for a prompt (conf.py's "
                                 f"copybutton_prompt_text) and copies as a command: begin the line with "
                                 f"something else ('...' can match later in the line)")
            steps[-1][1].append(line.rstrip())
    if not steps:
        raise ValueError(f"the transcript has no '{PROMPT}' command to run: under the options, after a blank line, "
                         f"write '{PROMPT}' and what a reader types (curl ...), then what it prints")
    for command, out, number in steps:
        if [o.strip() for o in out if o.strip()] == ["..."]:
            raise ValueError(f"line {number} of the transcript, '{PROMPT}{command}', shows only '...' under it, which "
                             f"matches anything, an error page too: show what success looks like (the status line, "
                             f"the first line of the answer), with '...' only for what changes from run to run")
    return tuple(Step(cmd, "\n".join(out).strip("\n") + "\n", line) for cmd, out, line in steps)


def _joined(lines: list[str]) -> list[str]:
    """The lines, with each that ends with a backslash joined to the next by a backslash and a newline."""
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith("\\"):
            joined[-1] += "\n" + line
        else:
            joined.append(line)
    return joined


class RunnableDirective(SphinxDirective):
    """Render an example for readers and record it for the test-suite."""

    required_arguments = 1
    optional_arguments = 10  # further files of the same example, shown after the first
    has_content = True
    option_spec = {
        "command": directives.unchanged_required,
        "deprecated": directives.unchanged_required,
        "uses": directives.unchanged_required,  # files another page shows, which this example needs too
        # files of the example that name the reader's ports (8080, 8081, 8082) themselves, as a server's
        # configuration does (nginx.conf); the runner fills them as it fills the placeholders
        "ports-in": directives.unchanged_required,
        # the oldest Twisted the example runs on, when that is newer than the oldest the site tests: the page
        # says so, and a test run with an older Twisted skips the example
        "twisted": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        source, line = self.get_source_info()
        docdir = PurePosixPath(self.env.docname).parent

        def existing(argument: str) -> str:
            relative = str(docdir / argument)
            if not (Path(self.env.srcdir) / relative).is_file():
                raise self.error(f"runnable: no such example file {relative!r}: the path {argument!r} is relative to "
                                 f"the page's folder; create the file there or correct the path")
            return relative

        files = [existing(argument) for argument in self.arguments]
        uses = [existing(argument) for argument in self.options.get("uses", "").split()]
        folder = PurePosixPath(files[0]).parent
        for used in uses:
            if PurePosixPath(used).parent != folder:
                raise self.error(f"runnable: :uses: {used!r} is not in {str(folder)!r}, the folder of the example, "
                                 f"where the reader puts it and the command runs: use a file of that folder, or "
                                 f"give the example a copy of its own")
        ports_in = [existing(argument) for argument in self.options.get("ports-in", "").split()]
        for named in ports_in:
            if named not in files + uses:
                raise self.error(f"runnable: :ports-in: {named!r} is not a file of the example: name it as an "
                                 f"argument of the directive (or in :uses:), so that the reader sees it")
            if not reader_ports(Path(self.env.srcdir, named).read_text(encoding="utf-8")):
                raise self.error(f"runnable: :ports-in: {named!r} names none of the reader's ports "
                                 f"({', '.join(map(str, PORTS.values()))}), which the runner fills in its copy")
        # One command a line; a line that ends with a backslash goes on on the next, as in a shell. An example
        # with no :command: (a test-suite, a client) is its transcript alone, run in the example's folder.
        lines = [c.strip() for c in self.options.get("command", "").splitlines()]
        servers = tuple(c for c in _joined(lines) if c)
        if "command" in self.options and not servers:
            raise self.error("runnable: the :command: option is empty: give the command that starts the example, "
                             "with {port} where it listens (:command: python app.py {port}), or leave the option "
                             "out for an example that is its transcript alone")
        for server in servers:
            if not placeholders(server) and not any(PurePosixPath(f).name in server for f in ports_in):
                raise self.error(f"runnable: the command {server!r} has no port placeholder "
                                 f"({', '.join(PORTS)}), nor names a :ports-in: file; the test runner needs one "
                                 f"to pick a free port")
        try:
            steps = parse_transcript(list(self.content), self.content.offset(0) + 1 if self.content else line,
                                     self.copied_prompts())
        except ValueError as err:
            raise self.error(f"runnable: {err}") from None

        twisted = self.options.get("twisted", "")
        if twisted and not re.fullmatch(r"\d+\.\d+\.\d+", twisted):
            raise self.error(f"runnable: :twisted: {twisted!r} is not a release of Twisted: write the oldest "
                             f"version the example runs on, as 26.10.0")
        self.check_addresses()
        page = str(Path(source).resolve().relative_to(Path(self.env.srcdir).resolve()))
        example = Example(page, line, tuple(files), servers, steps, self.options.get("deprecated", ""), tuple(uses),
                          ports_in=tuple(ports_in), twisted=twisted)
        self.check_widths(example)
        self.env.runnable_examples.setdefault(self.env.docname, []).append(example)
        return self.render(example)

    def copied_prompts(self) -> re.Pattern | None:
        """What the copy button takes for a prompt at the start of a line (sphinx-copybutton's settings)."""
        prompts = getattr(self.env.config, "copybutton_prompt_text", "")
        if not prompts:
            return None
        return re.compile(prompts if getattr(self.env.config, "copybutton_prompt_is_regexp", False)
                          else re.escape(prompts))

    def check_addresses(self) -> None:
        """Warn at each line of the command or the transcript that names a fixed port or ``localhost``."""
        for number, text in enumerate(self.block_text.splitlines(), self.lineno):
            found = FIXED_ADDRESS.search(text)
            if found:
                logger.warning(f"runnable: {found.group()!r} in a command or transcript: write 127.0.0.1 for the "
                               f"host and {{port}} (or {{port2}}, {{port3}}) for the port, which the page shows as "
                               f"8080 and the test-suite fills with a free one",
                               location=(self.env.docname, number), type="runnable", subtype="address")

    def check_widths(self, example: Example) -> None:
        """Warn at each line of a command (of :command: or the transcript) wider than a reader's column.

        What a command prints is the program's to choose, and is left as it is."""
        pieces = {piece for server in example.servers for piece in server.split("\n")}
        commands = {step.line + n for step in example.steps for n in range(step.command.count("\n") + 1)}
        first = example.steps[0].line if example.steps else 0
        # The transcript as the page shows it: its lines with their own indentation, a continued
        # command's included, without the directive's.
        transcript = {self.content.offset(i) + 1: line.rstrip() for i, line in enumerate(self.content)}
        for number, text in enumerate(self.block_text.splitlines(), self.lineno):
            shown = for_reader(text.strip())
            if number < first and shown.removeprefix(":command:").strip() in map(for_reader, pieces):
                # a server command, which the page shows after a prompt (continued lines, indented)
                shown = (PROMPT if shown.startswith(":command:") else " " * 7) + shown.removeprefix(":command:").strip()
            elif number in commands:
                shown = for_reader(transcript.get(number, text.strip()))
            else:
                continue
            if len(shown) > WIDTH:
                logger.warning(f"runnable: this command is {len(shown)} characters wide as the reader sees it, "
                               f"more than {WIDTH}: it would scroll sideways on the page and be cut in the "
                               f"PDF; end the line with a backslash and go on on the next",
                               location=(self.env.docname, number), type="runnable", subtype="width")

    def render(self, example: Example) -> list[nodes.Node]:
        names = [PurePosixPath(f).name for f in example.files]
        rst: list[str] = []
        if example.deprecated:
            rst += [".. warning:: This example uses a deprecated API. " + example.deprecated, ""]
        if example.twisted:
            rst += [f".. note:: This example needs Twisted {example.twisted} or newer.", ""]
        for argument, name in zip(self.arguments, names, strict=True):
            language = LANGUAGES.get(PurePosixPath(name).suffix, "text")
            rst += [f".. literalinclude:: {argument}", f"   :caption: {name}", f"   :language: {language}", "",
                    ".. only:: html and not epub", "", f"   :download:`Download {name} <{argument}>`", ""]
        if example.uses:
            used = self.options["uses"].split()
            above = {f for e in self.env.runnable_examples.get(self.env.docname, []) for f in e.files}
            where = "shown above" if set(example.uses) <= above else "which another page shows"
            rst += ["It also needs " + ", ".join(f"``{PurePosixPath(u).name}``" for u in used)
                    + f", {where}, in the same folder.", "",
                    ".. only:: html and not epub", "",
                    "   " + " · ".join(f":download:`Download {PurePosixPath(u).name} <{u}>`" for u in used), ""]
        where = f"from the folder that holds ``{names[0]}``"
        if not example.servers:
            rst += [f"Run it {where}; this is what you should see:", ""]
        elif len(example.servers) == 1:
            rst += [f"Run it {where}:", ""]
        else:
            rst += [f"Run these {where}, each in a terminal of its own, in this order:", ""]
        if example.servers:
            rst += [".. code-block:: console", ""] + [f"   {PROMPT}{line}" if not n else f"       {line}"
                                                     for s in example.servers
                                                     for n, line in enumerate(for_reader(s).split("\n"))] + [""]
            rst += ["Then, in another terminal, this is what you should see:", ""]
        rst += [".. code-block:: console", ""]
        rst += ["   " + for_reader(line) if line.strip() else "" for line in self.content]
        rst += [""]

        container = nodes.container(classes=["runnable"])
        source, line = self.get_source_info()
        self.state.nested_parse(StringList(rst, items=[(source, line)] * len(rst)), self.content_offset, container)
        return [container]


def _purge(app, env, docname):
    getattr(env, "runnable_examples", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    for docname in docnames:
        if docname in other.runnable_examples:
            env.runnable_examples[docname] = other.runnable_examples[docname]


def _init(app, env, *args):
    if not hasattr(env, "runnable_examples"):
        env.runnable_examples = {}


def setup(app):
    app.add_directive("runnable", RunnableDirective)
    app.connect("env-before-read-docs", _init)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
