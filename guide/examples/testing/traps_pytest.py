"""Three tests that must fail, as pytest runs them: there is no note 1."""

from treq.testing import StubTreq
from twisted.internet.task import Clock

from notes_app import make_root

URL = "http://127.0.0.1/notes/1"


def check_found(response):
    assert response.code == 200


def test_returns_a_deferred():
    return StubTreq(make_root(Clock())).get(URL).addCallback(check_found)


async def test_is_async():
    check_found(await StubTreq(make_root(Clock())).get(URL))


def test_drops_the_deferred():
    StubTreq(make_root(Clock())).get(URL).addCallback(check_found)
