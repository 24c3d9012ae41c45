"""A JSON REST API with plain twisted.web: a collection of notes, kept in memory.

    GET  /notes      list the notes
    POST /notes      add one from a JSON body such as {"title": "Buy milk"}
    GET  /notes/<id> fetch one

A body over 64 kB gets 413 (body_limit.py); bad JSON, or a title over MAX_TITLE
characters, gets 400; a note past MAX_NOTES gets 507. Pages of the origins that
cors.py allows may call it from a browser.
"""

import json
import sys

from twisted.internet import endpoints, reactor
from twisted.web.error import UnsupportedMethod
from twisted.web.resource import Resource
from twisted.web.server import Site

import cors
from body_limit import BodyLimitedRequest

MAX_TITLE = 200  # characters
MAX_NOTES = 1000  # kept in memory: GET /notes answers with all of them


def respond(request, code, body):
    """Answer with ``body`` as JSON and the status ``code``."""
    request.setResponseCode(code)
    request.setHeader(b"Content-Type", b"application/json")
    # Browsers must not guess another type (and run a stored <script>, say).
    request.setHeader(b"X-Content-Type-Options", b"nosniff")
    cors.allow_origin(request)
    return json.dumps(body).encode("utf-8") + b"\n"


class JSONResource(Resource):
    def render(self, request):
        try:
            return super().render(request)
        except UnsupportedMethod as error:
            # Without this, twisted.web answers with an HTML page: 405 for POST,
            # 501 for methods it does not know, such as DELETE.
            request.setHeader(b"Allow", b", ".join(error.allowedMethods))
            return respond(request, 405, {"error": "method not allowed"})

    def render_OPTIONS(self, request):
        # A browser's preflight: may a page of another origin make this call?
        refused = cors.preflight(request)
        if refused:
            return respond(request, 403, {"error": refused})
        request.setResponseCode(204)
        return b""


class NoteNotFound(Resource):
    isLeaf = True

    def render(self, request):
        return respond(request, 404, {"error": "no such note"})


class Note(JSONResource):
    isLeaf = True

    def __init__(self, note):
        super().__init__()
        self.note = note

    def render_GET(self, request):
        return respond(request, 200, self.note)


class Notes(JSONResource):
    def __init__(self):
        super().__init__()
        self.notes = {}

    def getChild(self, name, request):
        if name == b"":  # /notes/ is /notes
            return self
        try:
            return Note(self.notes[int(name)])
        except (ValueError, KeyError):
            return NoteNotFound()

    def render_GET(self, request):
        return respond(request, 200, list(self.notes.values()))

    def render_POST(self, request):
        # Only JSON: a browser sends a form or text/plain cross-origin unasked, and
        # JSON only after a preflight that cors.py answers.
        media_type = request.getHeader(b"Content-Type") or b""
        if media_type.split(b";")[0].strip().lower() != b"application/json":
            return respond(request, 415, {"error": "the body must be application/json"})
        try:
            body = json.load(request.content)
        except ValueError:
            return respond(request, 400, {"error": "the body is not valid JSON"})
        except RecursionError:  # [[[[...]]]], nested deeper than Python recurses
            return respond(request, 400, {"error": "the JSON is nested too deeply"})
        if not isinstance(body, dict) or not isinstance(body.get("title"), str):
            return respond(request, 400, {"error": "a note needs a title, as a string"})
        if len(body["title"]) > MAX_TITLE:
            error = f"a title is at most {MAX_TITLE} characters"
            return respond(request, 400, {"error": error})
        if len(self.notes) >= MAX_NOTES:
            # The request is fine; the server has no room: a 5xx, not a 4xx.
            error = f"there are {MAX_NOTES} notes, as many as this server keeps"
            return respond(request, 507, {"error": error})
        note = {"id": len(self.notes) + 1, "title": body["title"]}
        self.notes[note["id"]] = note
        request.setHeader(b"Location", b"/notes/%d" % note["id"])
        return respond(request, 201, note)


root = Resource()
root.putChild(b"notes", Notes())
site = Site(root, requestFactory=BodyLimitedRequest)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
