"""The web UI with live updates: python live.py WEB_PORT CHAT_PORT

webui.py's status page, plus /events (Server-Sent Events) and /ws (a WebSocket), and
the two pages that use them. It needs chat.py, webui.py and status.xml from the web UI
page.
"""

import sys

from twisted.internet.task import react
from twisted.python.filepath import FilePath
from twisted.web.server import Site
from twisted.web.static import File

from chat import Chat
from chatsocket import ChatSocketResource
from eventstream import EventStream
from messagelimit import CountWebSocketBytes
from webui import serve, web_ui

HERE = FilePath(__file__).parent()


async def main(reactor, web_port, chat_port):
    chat = Chat()
    root = web_ui(chat)
    root.putChild(b"events", EventStream(chat))
    # The addresses a browser may show for this site: its pages' Origin.
    origins = {f"http://127.0.0.1:{web_port}", f"http://localhost:{web_port}"}
    root.putChild(b"ws", ChatSocketResource(chat, origins))
    root.putChild(b"monitor.html", File(HERE.child("monitor.html").path))
    root.putChild(b"console.html", File(HERE.child("console.html").path))
    await serve(reactor, chat, CountWebSocketBytes(Site(root)), web_port, chat_port)


react(main, sys.argv[1:])
