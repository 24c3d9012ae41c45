"""The log-in example's promises that its transcript does not show.

log-in.rst promises that a user keeps at most MAX_PER_USER (5) sessions, a sixth log-in ending
the oldest, and that a hostile form (a field twice, a user name that is not UTF-8, a cookie of
garbage) gets a 4xx, never a traceback. This test logs in over HTTPS as the page's command
sets it up, with the example's own CA, and keeps the cookies by hand.
"""

from __future__ import annotations

import http.client
import re
import ssl
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import quote_from_bytes, urlencode

import pytest

import runner

EXAMPLES = runner.collect()
PASSWORD = "correct horse battery staple"  # what the page's command gives alice
MAX_PER_USER = 5


def example(file: str):
    return next(e for e in EXAMPLES if e.files[0] == f"guide/examples/{file}")


class Browser:
    """Just enough of one: a cookie jar of its own, over HTTPS, one request a connection."""

    def __init__(self, run):
        self.port = run.ports["{port}"]
        self.tls = ssl.create_default_context(cafile=str(run.workdir / "ca.pem"))
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, cookies=None):
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.tls,
                                                 timeout=15)
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        jar = self.cookies if cookies is None else cookies
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, text

    def log_in(self, user="alice", password=PASSWORD):
        _, form = self.request("GET", "/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        fields = urlencode({"csrf": token, "user": user, "password": password})
        return self.request("POST", "/login", fields)


@pytest.mark.xdist_group("hostile")
def test_a_sixth_log_in_ends_the_oldest_session():
    served = example("log-in/login.py")
    with runner.running(served) as run:
        browsers = [Browser(run) for _ in range(MAX_PER_USER + 1)]
        for browser in browsers:
            status, _ = browser.log_in()
            assert status == 303, f"{served.where}: a log-in answered {status}"
        answers = [browser.request("GET", "/")[0] for browser in browsers]
        run.no_new_traceback(served.where, "while logging in six times")
    assert answers == [303] + [200] * MAX_PER_USER, (
        f"{served.where}: after {MAX_PER_USER + 1} log-ins of one user, / answered {answers} "
        f"to their sessions: the oldest should be gone, and only it")


@pytest.mark.xdist_group("hostile")
def test_hostile_forms_get_a_4xx_and_no_traceback():
    served = example("log-in/login.py")
    with runner.running(served) as run:
        browser = Browser(run)
        _, form = browser.request("GET", "/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        hostile = {
            "a field twice": f"csrf={token}&user=alice&user=bob&password=x",
            "a user name that is not UTF-8": f"csrf={token}&user=%FF%FE&password=x",
            "a token twice": f"csrf={token}&csrf={token}&user=alice&password=x",
            "no fields at all": "",
        }
        answers = {why: browser.request("POST", "/login", body or None)[0]
                   for why, body in hostile.items()}
        garbage = {"__Host-session": "\u00ff" * 40, "__Host-form": "x" * 4000}
        answers["a cookie of garbage"] = browser.request("GET", "/", cookies=garbage)[0]
        # A pair of its own making, cookie and field alike, and a wrong password: the
        # form shown again must not carry it (non-ASCII, or HTML that breaks out).
        # The field is the cookie's bytes, percent-encoded: %FF is the cookie's one byte.
        for why, token in (("a token not ASCII", "\u00ff"),
                           ("a token of HTML", '"><script>x</script>')):
            field = quote_from_bytes(token.encode("latin-1"))
            fields = f"csrf={field}&user=alice&password=x"
            status, page = browser.request("POST", "/login", fields,
                                           cookies={"__Host-form": token})
            answers[why] = "<script>" if "<script>" in page else status
        run.no_new_traceback(served.where, "while posting hostile forms")
    expected = {"a field twice": 400, "a user name that is not UTF-8": 400,
                "a token twice": 403, "no fields at all": 403, "a cookie of garbage": 303,
                "a token not ASCII": 403, "a token of HTML": 403}
    assert answers == expected, f"{served.where}: hostile requests got {answers}"


@pytest.mark.xdist_group("hostile")
def test_guesses_sent_together_are_throttled_too():
    """Six wrong passwords for one name at once: three hashes, then 429, not six."""
    served = example("log-in/login.py")
    with runner.running(served) as run:
        browser = Browser(run)
        _, form = browser.request("GET", "/login")
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        fields = urlencode({"csrf": token, "user": "alice", "password": "guess"})
        with ThreadPoolExecutor(6) as pool:
            answers = sorted(pool.map(
                lambda _: browser.request("POST", "/login", fields)[0], range(6)))
        run.no_new_traceback(served.where, "while guessing six times at once")
    assert answers == [403] * 3 + [429] * 3, (
        f"{served.where}: six wrong passwords sent together got {answers}: the throttle "
        f"allows 3 failures for a name, and must count those still hashing")
