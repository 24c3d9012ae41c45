"""Each :twisted: claim of the site holds for the Twisted of this environment (tox runs it with both).

An API added in release X is there from X on and missing before it; one removed in X is missing
from X on; one deprecated in X warns from X on, and not before. Each claim is tried in a fresh
Python, so that a module another test imported cannot hide its import's warning.
"""

import json
import subprocess
import sys

import pytest
from packaging.version import Version

import reader_venv
from sphinx_build import read_pages
from version_claims import claims

CLAIMS = claims(read_pages())
TWISTED = Version(reader_venv.twisted_under_test())

#: Resolve a dotted name: the longest module that imports, then attributes; say whether it exists and
#: whether a DeprecationWarning came on the way (a module's import, or a deprecated name's access).
PROBE = """
import importlib, json, sys, warnings
name = sys.argv[1]
parts = name.split(".")
found, warned = None, False
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for end in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:end]))
        except ImportError:
            continue
        for part in parts[end:]:
            found = getattr(found, part, None)
        break
    warned = any(issubclass(w.category, DeprecationWarning) for w in caught)
# twisted.python.deprecate marks what it deprecates: a function, or a class through its __init__.
warned = warned or any(hasattr(f, "deprecatedVersion") for f in (found, getattr(found, "__init__", None)))
print(json.dumps({"exists": found is not None, "warned": warned}))
"""


def probe(name: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, name], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_site_makes_claims_that_tell_the_tested_versions_apart():
    versions = {Version(c.version) for c in CLAIMS}
    assert len(CLAIMS) > 10 and any(v > Version("25.5.0") for v in versions), CLAIMS


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.where}:{c.kind}:{c.name}")
def test_a_version_claim_holds_for_the_twisted_under_test(claim):
    found = probe(claim.name)
    since = TWISTED >= Version(claim.version)
    said = f"{claim.where}: the page says {claim.name} was {claim.kind} in Twisted {claim.version}, but with {TWISTED}"
    if claim.kind == "added":
        assert found["exists"] == since, f"{said} it {'is missing' if since else 'is there already'}"
    elif claim.kind == "removed":
        assert found["exists"] != since, f"{said} it {'is still there' if since else 'is missing already'}"
    else:
        assert found["exists"], f"{said} there is no such name"
        assert found["warned"] == since, f"{said} it {'does not warn' if since else 'warns already'}"
