"""A notes JSON API with plain twisted.web, written to be tested.

    POST /notes      add a note from a JSON body such as {"title": "Buy milk"}
    GET  /notes/<id> fetch one; each note is forgotten LIFETIME seconds after

A body over MAX_BODY bytes gets 413; bad JSON, or a title that is not a string
of at most MAX_TITLE characters, 400; a note past MAX_NOTES 507. What keeps time
(the reactor, or a fake clock in the tests) is a parameter, not a global.
"""

import json

from twisted.web.resource import Resource
from twisted.web.server import Site

from body_limit import BodyLimitedRequest

MAX_BODY = 4096  # bytes
MAX_TITLE = 200  # characters
MAX_NOTES = 1000
LIFETIME = 3600  # seconds


class NoteStore:
    def __init__(self, clock):
        self.clock = clock
        self.notes = {}
        self.last_id = 0

    def add(self, title):
        """The new note, or None when the store is full."""
        if len(self.notes) >= MAX_NOTES:
            return None
        self.last_id += 1
        note = {"id": self.last_id, "title": title}
        self.notes[note["id"]] = note
        self.clock.callLater(LIFETIME, self.notes.pop, note["id"], None)
        return note

    def get(self, note_id):
        try:
            return self.notes.get(int(note_id))
        except ValueError:  # not a number
            return None


def answer(request, code, body):
    request.setResponseCode(code)
    request.setHeader(b"Content-Type", b"application/json")
    return json.dumps(body).encode("utf-8") + b"\n"


def add_note(store, request):
    """POST /notes, for both apps: check the body, store the note, answer."""
    # A Site with NotesRequest refuses a bigger body before reading it; this
    # holds for any Site, such as the one StubTreq makes in the tests.
    data = request.content.read(MAX_BODY + 1)
    if len(data) > MAX_BODY:
        return answer(request, 413, {"error": f"the body is over {MAX_BODY} bytes"})
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):
        return answer(request, 400, {"error": "the body is not valid JSON"})
    title = body.get("title") if isinstance(body, dict) else None
    if not isinstance(title, str) or len(title) > MAX_TITLE:
        error = f"a note needs a title: a string of at most {MAX_TITLE} characters"
        return answer(request, 400, {"error": error})
    note = store.add(title)
    if note is None:
        return answer(request, 507, {"error": f"this server keeps {MAX_NOTES} notes"})
    return answer(request, 201, note)


def get_note(store, request, note_id):
    note = store.get(note_id)
    if note is None:
        return answer(request, 404, {"error": "no such note"})
    return answer(request, 200, note)


class Note(Resource):
    isLeaf = True

    def __init__(self, store, note_id):
        super().__init__()
        self.store = store
        self.note_id = note_id

    def render_GET(self, request):
        return get_note(self.store, request, self.note_id)


class Notes(Resource):
    def __init__(self, store):
        super().__init__()
        self.store = store

    def getChild(self, name, request):
        return Note(self.store, name)

    def render_POST(self, request):
        return add_note(self.store, request)


def make_root(clock):
    root = Resource()
    root.putChild(b"notes", Notes(NoteStore(clock)))
    return root


class NotesRequest(BodyLimitedRequest):
    max_body = MAX_BODY


def make_site(clock):
    return Site(make_root(clock), requestFactory=NotesRequest)
