"""Send the files of uploads/ with a producer, FileSender: it reads the next 16 kB
only when the client has taken the last, so memory stays flat however big the
file and however slow the client. Twisted's idle timeout does not watch a
response, so WatchedSender drops a client that takes nothing for too long.
"""

import os
from urllib.parse import quote

from twisted.internet import reactor
from twisted.logger import Logger
from twisted.protocols.basic import FileSender
from twisted.web.pages import notFound
from twisted.web.resource import Resource
from twisted.web.server import NOT_DONE_YET

from upload import UPLOADS, safe_name

log = Logger()


class Files(Resource):
    """/files/<name>: a file of uploads/, if it has a name an upload could get."""

    def __init__(self, stall):
        super().__init__()
        self.stall = stall

    def getChild(self, name, request):
        try:
            name = name.decode("utf-8")
        except UnicodeDecodeError:
            return notFound()
        path = UPLOADS / name
        # safe_name refuses "", "..", a leading dot (files still arriving) and "/".
        if name != safe_name(name) or path.is_symlink() or not path.is_file():
            return notFound()
        return Download(path, self.stall)


class Download(Resource):
    isLeaf = True

    def __init__(self, path, stall):
        super().__init__()
        self.path = path
        self.stall = stall

    def render_GET(self, request):
        file = self.path.open("rb")
        request.setHeader(b"content-length", b"%d" % os.fstat(file.fileno()).st_size)
        # Never let a browser render an upload as a page of this site.
        request.setHeader(b"content-type", b"application/octet-stream")
        request.setHeader(b"x-content-type-options", b"nosniff")
        filename = quote(self.path.name)
        request.setHeader(
            b"content-disposition", f"attachment; filename*=UTF-8''{filename}"
        )
        if request.method == b"HEAD":
            file.close()
            return b""
        sender = WatchedSender(request, self.stall)
        sent = sender.beginFileTransfer(file, request)
        sent.addCallbacks(lambda _: request.finish(), lambda _: None)  # or it went away
        sent.addBoth(lambda _: file.close())
        return NOT_DONE_YET


class WatchedSender(FileSender):
    """A FileSender that drops a client that takes nothing for `stall` seconds."""

    def __init__(self, request, stall):
        self.stall = stall
        self.request = request
        self.watch = reactor.callLater(stall, self.drop)

    def drop(self):
        log.info(
            "dropped {peer}: it took nothing for {stall} s",
            peer=self.request.getClientAddress(),
            stall=self.stall,
        )
        self.request.channel.transport.abortConnection()

    def resumeProducing(self):
        self.watch.reset(self.stall)
        super().resumeProducing()
        if self.file is None:  # all sent
            self.watch.cancel()

    def stopProducing(self):  # the client went away
        if self.watch.active():
            self.watch.cancel()
        super().stopProducing()
