"""A pytest plugin: a test run that leaves a process behind fails, naming it, and ends it.

Every process the run starts carries GUIDE_TEST_RUN in its environment (see processes.py), also
those of the test workers and whatever they start; and every test process is a subreaper, so that
an orphan, marked or not, becomes its child. Once the run is over, none of either may be left.
"""

from __future__ import annotations

import os
import uuid

import pytest

import processes

MARK = "GUIDE_TEST_RUN"
GRACE = 5.0  # seconds for the test workers to exit once the run is over


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # the controller, before it starts any worker
        os.environ[MARK] = uuid.uuid4().hex
    processes.become_subreaper()


@pytest.hookimpl(trylast=True)  # after pytest-xdist has stopped its workers
def pytest_sessionfinish(session):
    if hasattr(session.config, "workerinput") or MARK not in os.environ:
        return
    mark = f"{MARK}={os.environ[MARK]}"
    left = processes.leftovers(mark, GRACE)
    if not left:
        return
    described = [processes.describe(pid) for pid in left]
    processes.end(left, GRACE)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line("These processes outlived the test run (now ended): " + "; ".join(described),
                            red=True, bold=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
