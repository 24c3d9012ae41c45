"""The same three tests as SynchronousTestCase methods, as trial runs them."""

from treq.testing import StubTreq
from twisted.internet.task import Clock
from twisted.trial.unittest import SynchronousTestCase

from notes_app import make_root

URL = "http://127.0.0.1/notes/1"


class Traps(SynchronousTestCase):
    def check_found(self, response):
        self.assertEqual(response.code, 200)

    def test_returns_a_deferred(self):
        return StubTreq(make_root(Clock())).get(URL).addCallback(self.check_found)

    async def test_is_async(self):
        self.check_found(await StubTreq(make_root(Clock())).get(URL))

    def test_drops_the_deferred(self):
        StubTreq(make_root(Clock())).get(URL).addCallback(self.check_found)
