"""A small wiki: Klein routes, twisted.web.template pages, SQLite through adbapi.

Run it as ``python wiki.py 8080``; it keeps its pages in wiki.sqlite3 in the current
folder.
"""

import re
import sys

from klein import Klein
from twisted.internet import defer, endpoints, task
from twisted.web import pages
from twisted.web.server import Site

from store import PageStore
from views import EditPage, IndexPage, PageView

PAGE_NAME = re.compile(r"[A-Za-z0-9-]{1,64}")
NOT_A_NAME = pages.notFound(
    "No such page", "Page names are letters, digits and hyphens."
)


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
        title = request.args.get(b"title", [b""])[0].decode("utf-8").strip() or name
        body = request.args.get(b"body", [b""])[0].decode("utf-8").replace("\r\n", "\n")
        await self.store.save(name, title, body)
        # 303 See Other: the browser follows it with a GET, so reloading does not post
        # twice.
        request.setResponseCode(303)
        request.setHeader("Location", f"/page/{name}")
        return b""


async def main(reactor, port):
    store = PageStore("wiki.sqlite3")
    await store.create()
    endpoint = endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1")
    await endpoint.listen(Site(Wiki(store).app.resource()))
    await defer.Deferred()  # serve until the process is stopped


if __name__ == "__main__":
    task.react(main, sys.argv[1:])
