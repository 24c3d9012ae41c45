"""A site that takes uploads and sends them back: python uploads_site.py PORT

POST files (multipart/form-data) to /upload; GET them from /files/<name>; / is a
form for a browser. The files go to uploads/, next to this file. Environment
variables change the limits: MAX_BODY_MB and MAX_FILE_MB (upload.py), IDLE_TIMEOUT,
the seconds a client may keep a connection idle, and STALL_TIMEOUT, those a client
may take nothing of a download.
"""

import os
import sys

from twisted.internet import endpoints, reactor
from twisted.logger import globalLogBeginner, textFileLogObserver
from twisted.web.resource import Resource
from twisted.web.server import Site
from twisted.web.static import Data

from download import Files
from upload import UPLOADS, Upload, UploadRequest

IDLE_TIMEOUT = int(os.environ.get("IDLE_TIMEOUT", 60))  # Twisted's default
STALL_TIMEOUT = int(os.environ.get("STALL_TIMEOUT", 60))

FORM = b"""<!DOCTYPE html>
<title>Upload</title>
<form method="post" action="/upload" enctype="multipart/form-data">
  <input type="file" name="file" multiple> <input name="note">
  <button>Upload</button>
</form>
"""

root = Resource()
root.putChild(b"", Data(FORM, "text/html; charset=utf-8"))
root.putChild(b"upload", Upload())
root.putChild(b"files", Files(stall=STALL_TIMEOUT))
site = Site(
    root,
    requestFactory=UploadRequest,
    timeout=IDLE_TIMEOUT,
    parsePOSTFormSubmission=False,  # UploadRequest parses; Twisted must not
)
UPLOADS.mkdir(exist_ok=True)

globalLogBeginner.beginLoggingTo([textFileLogObserver(sys.stdout)])
port = sys.argv[1] if len(sys.argv) > 1 else "8080"
endpoints.serverFromString(reactor, f"tcp:{port}:interface=127.0.0.1").listen(site)
reactor.run()
