"""The notes API's tests, for trial: python -m twisted.trial test_notes_trial"""

import treq
from treq.testing import StubTreq
from twisted.internet import reactor
from twisted.internet.task import Clock
from twisted.trial.unittest import SynchronousTestCase, TestCase
from twisted.web.client import HTTPConnectionPool

from notes_app import LIFETIME, MAX_BODY, make_root, make_site

URL = "http://127.0.0.1/notes"  # StubTreq connects to no host: any name works
JSON = {b"Content-Type": [b"application/json"]}


class NotesTests(SynchronousTestCase):
    def setUp(self):
        self.clock = Clock()
        self.treq = StubTreq(make_root(self.clock))

    def post(self, body):
        return self.successResultOf(self.treq.post(URL, data=body, headers=JSON))

    def test_add_then_get(self):
        response = self.post(b'{"title": "Buy milk"}')
        self.assertEqual(response.code, 201)
        self.assertEqual(
            self.successResultOf(response.json()), {"id": 1, "title": "Buy milk"}
        )
        response = self.successResultOf(self.treq.get(URL + "/1"))
        self.assertEqual(response.code, 200)

    def test_forgotten_after_its_lifetime(self):
        self.post(b'{"title": "Buy milk"}')
        self.clock.advance(LIFETIME - 1)
        self.assertEqual(self.successResultOf(self.treq.get(URL + "/1")).code, 200)
        self.clock.advance(1)
        self.assertEqual(self.successResultOf(self.treq.get(URL + "/1")).code, 404)

    def test_body_over_the_limit(self):
        response = self.post(b'{"title": "%s"}' % (b"x" * MAX_BODY))
        self.assertEqual(response.code, 413)

    def test_bad_json(self):
        for body in [b"{", b"[" * 4000, b'{"title": 42}', b'"Buy milk"']:
            self.assertEqual(self.post(body).code, 400, body[:20])

    def test_other_methods_get_html(self):
        response = self.successResultOf(self.treq.get(URL))
        self.assertEqual(response.code, 405)
        # twisted.web's own error page, which is HTML: not JSON.
        self.failureResultOf(response.json(), ValueError)


class RealSocketTests(TestCase):
    """What StubTreq cannot test: the Site, with its request factory, on a socket."""

    def setUp(self):
        self.port = reactor.listenTCP(0, make_site(Clock()), interface="127.0.0.1")
        self.addCleanup(self.port.stopListening)
        # A new connection for each request, closed after it: none left open.
        self.pool = HTTPConnectionPool(reactor, persistent=False)

    async def test_site_refuses_a_big_body_unread(self):
        url = f"http://127.0.0.1:{self.port.getHost().port}/notes"
        body = b"x" * (MAX_BODY + 1)
        response = await treq.post(url, data=body, headers=JSON, pool=self.pool)
        self.assertEqual(response.code, 413)
        text = await response.text()
        self.assertEqual(text, f"the request body is over {MAX_BODY} bytes\n")
