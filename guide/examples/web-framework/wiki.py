"""A small wiki: Klein routes, twisted.web.template pages, a database through adbapi.

Run it as ``python wiki.py 8080``; it keeps its pages in wiki.sqlite3 in the current
folder. ``python wiki.py 8080 postgresql://USER@HOST:PORT/DATABASE`` keeps them in
PostgreSQL.
"""

import re
import sys
from urllib.parse import unquote_to_bytes

from klein import Klein
from twisted.internet import defer, endpoints, task
from twisted.web import pages
from twisted.web.server import Site

from body_limit import BodyLimitedRequest
from store import open_store
from views import EditPage, IndexPage, PageView

PAGE_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")
NOT_A_NAME = pages.notFound(
    "No such page", "Page names are letters, digits and hyphens."
)
MAX_TITLE, MAX_TEXT = 200, 20_000  # characters
TOO_LONG = pages.errorPage(
    413, "Too long", f"A title is at most {MAX_TITLE} characters, a page {MAX_TEXT}."
)
NOT_TEXT = pages.errorPage(
    400, "Not text", "The form must be UTF-8 text, without NUL characters."
)


class FormRequest(BodyLimitedRequest):
    # A form holding the longest page: up to 12 bytes a character (4 in UTF-8,
    # each sent as %XX).
    max_body = 256 * 1024

    def process(self):
        # Klein hands the host name and the path to Werkzeug as UTF-8 text, and
        # Werkzeug encodes the name with IDNA: a name that DNS cannot hold (a..b,
        # a label over 63 letters) or bytes that are not UTF-8 would end in a
        # traceback. Refuse them here, before Klein sees them.
        try:
            self.getRequestHostname().decode("utf-8").encode("idna")
            unquote_to_bytes(self.path).decode("utf-8")
        except UnicodeError:
            self.setResponseCode(400)
            self.setHeader(b"Content-Type", b"text/plain")
            self.write(b"The host is not a host name, or the path is not UTF-8.\n")
            self.finish()
            return
        super().process()


def field(request, name):
    return request.args.get(name, [b""])[0].decode("utf-8")


class Wiki:
    app = Klein()

    def __init__(self, store):
        self.store = store

    @app.route("/", methods=["GET"])
    async def index(self, request):
        return IndexPage(await self.store.titles())

    @app.route("/page/<name>", methods=["GET"])
    async def view(self, request, name):
        if not PAGE_NAME.fullmatch(name):
            return NOT_A_NAME
        page = await self.store.get(name)
        if page is None:
            request.setResponseCode(404)
            body = "There is no such page yet: follow the edit link to write it."
            return PageView(name, name, body)
        return PageView(name, *page)

    @app.route("/page/<name>/edit", methods=["GET"])
    async def edit(self, request, name):
        if not PAGE_NAME.fullmatch(name):
            return NOT_A_NAME
        title, body = await self.store.get(name) or (name, "")
        return EditPage(name, title, body)

    @app.route("/page/<name>/edit", methods=["POST"])
    async def save(self, request, name):
        if not PAGE_NAME.fullmatch(name):
            return NOT_A_NAME
        try:
            title = field(request, b"title").strip() or name
            body = field(request, b"body").replace("\r\n", "\n")
        except UnicodeDecodeError:
            return NOT_TEXT
        if "\0" in title + body:  # which PostgreSQL's TEXT cannot hold
            return NOT_TEXT
        if len(title) > MAX_TITLE or len(body) > MAX_TEXT:
            return TOO_LONG
        await self.store.save(name, title, body)
        # 303 See Other: the browser follows it with a GET, so reloading does not post
        # twice.
        request.setResponseCode(303)
        request.setHeader("Location", f"/page/{name}")
        return b""


async def main(reactor, port, database="wiki.sqlite3"):
    store = open_store(database)
    await store.create()
    endpoint = endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1")
    site = Site(Wiki(store).app.resource(), requestFactory=FormRequest)
    await endpoint.listen(site)
    await defer.Deferred()  # serve until the process is stopped


if __name__ == "__main__":
    task.react(main, sys.argv[1:])
