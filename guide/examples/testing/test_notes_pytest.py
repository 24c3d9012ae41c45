"""The Klein app's tests, for pytest: python -m pytest test_notes_pytest.py"""

import pytest
from treq.testing import StubTreq
from twisted.internet.task import Clock
from twisted.python.failure import Failure

from notes_app import LIFETIME, MAX_BODY
from notes_klein import make_app

URL = "http://127.0.0.1/notes"
JSON = {b"Content-Type": [b"application/json"]}


def result_of(deferred):
    """What trial's successResultOf does: the result, or fail the test."""
    results = []
    deferred.addBoth(results.append)
    assert results, f"{deferred!r} has not fired yet"
    if isinstance(results[0], Failure):
        results[0].raiseException()
    return results[0]


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(clock):
    return StubTreq(make_app(clock).resource())


def post(client, body):
    return result_of(client.post(URL, data=body, headers=JSON))


def test_add_then_get(client):
    response = post(client, b'{"title": "Buy milk"}')
    assert response.code == 201
    assert result_of(response.json()) == {"id": 1, "title": "Buy milk"}
    assert result_of(client.get(URL + "/1")).code == 200


def test_forgotten_after_its_lifetime(client, clock):
    post(client, b'{"title": "Buy milk"}')
    clock.advance(LIFETIME - 1)
    assert result_of(client.get(URL + "/1")).code == 200
    clock.advance(1)
    assert result_of(client.get(URL + "/1")).code == 404


def test_body_over_the_limit(client):
    assert post(client, b'{"title": "%s"}' % (b"x" * MAX_BODY)).code == 413


@pytest.mark.parametrize("body", [b"{", b"[" * 4000, b'{"title": 42}'])
def test_bad_json(client, body):
    assert post(client, body).code == 400
