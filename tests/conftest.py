import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(Path(__file__).parent), str(ROOT / "tools")]

from sphinx_options import sphinx_options  # noqa: E402


def sphinx_build(builder: str, outdir: Path, *extra: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    """The build the README and tox run: nitpicky, warnings are errors, all of them reported."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *sphinx_options(), "-q", "-b", builder,
         str(root), str(outdir), *extra],
        capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def html(tmp_path_factory) -> Path:
    """The HTML site, built once per test session."""
    out = tmp_path_factory.mktemp("html")
    done = sphinx_build("html", out)
    assert done.returncode == 0, f"the site does not build:\n{done.stderr}"
    return out
