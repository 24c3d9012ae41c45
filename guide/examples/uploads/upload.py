"""Take file uploads (multipart/form-data) as they arrive: each file goes to disk
as its bytes come in, and no body is held whole in memory.

UploadRequest feeds the body to multipart's PushMultipartParser chunk by chunk,
as Twisted reads it, and writes each file to a hidden temporary file in uploads/.
The Upload resource keeps them under safe names once the whole body is in and
valid. A request that breaks a limit, is not valid multipart, goes to another
resource, or whose client goes away, leaves no file behind.
"""

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from multipart import MultipartError, ParserLimitReached, PushMultipartParser
from twisted.web.resource import Resource

from body_limit import BodyLimitedRequest

UPLOADS = Path(__file__).resolve().parent / "uploads"
MB = 1024 * 1024
MAX_BODY = int(os.environ.get("MAX_BODY_MB", 20)) * MB  # the whole request
MAX_FILE = int(os.environ.get("MAX_FILE_MB", 10)) * MB  # each file in it
MAX_PARTS = 20  # files and fields together
MAX_FIELD = 1024  # bytes, for each field that is not a file
MAX_NAME = 100  # characters in a saved file's name
MAX_NAME_BYTES = 200  # and its bytes in UTF-8: most file systems allow 255


def fit(stem, tail):
    """stem + tail, the stem cut to keep MAX_NAME characters and MAX_NAME_BYTES."""
    stem = stem[: MAX_NAME - len(tail)]
    while len((stem + tail).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem.rstrip(". ") or "upload") + tail


def safe_name(name):
    """The name a file is saved under: the last part of a path, without control
    characters or a leading dot, other characters than letters, digits, "._- "
    made "_", at most MAX_NAME characters and MAX_NAME_BYTES bytes; "upload" when
    nothing is left."""
    name = unicodedata.normalize("NFC", re.split(r"[/\\]", name)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r"[^\w.\- ]", "_", name).strip(". ")
    stem, dot, suffix = name.rpartition(".")
    if not stem or len(suffix) > 10:
        stem, dot, suffix = name, "", ""
    return fit(stem, dot + suffix)


def keep(temporary, name):
    """Give the finished file its safe name, never one that is taken: report.pdf,
    then report-1.pdf, report-2.pdf, ..., cut to a name that safe_name keeps."""
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    for n in count():
        kept = fit(stem, f"-{n}{dot}{suffix}") if n else name
        try:
            os.link(temporary, UPLOADS / kept)  # unlike a rename, fails if taken
        except FileExistsError:
            continue
        os.unlink(temporary)
        return kept


class TooBig(Exception):
    """A file or a field over its limit."""


@dataclass
class Part:
    name: str  # the form field's
    filename: str | None  # as the client sent it; None for a field that is not a file
    size: int = 0
    path: Path | None = None  # where a file is written while it arrives
    value: bytearray = field(default_factory=bytearray)  # a field's


class UploadRequest(BodyLimitedRequest):
    """A request whose multipart/form-data body is parsed while it arrives. Once
    it is in, request.parts lists its files and fields."""

    max_body = MAX_BODY
    media_types = (b"multipart/form-data",)
    body_time = 120  # seconds: 20 MiB in that time is about 1.4 Mbit/s
    parser = None
    parts = ()
    writing = None  # the file of the part that is arriving

    def gotLength(self, length):
        super().gotLength(length)  # refuses a body too big, or of another type
        if self.refused or length == 0:
            return
        self.parts = []
        self.notifyFinish().addBoth(lambda _: self.discard())  # however it ends
        content_type = self.requestHeaders.getRawHeaders(b"content-type")[0]
        boundary = re.search(rb'boundary="?([^";]{1,70})', content_type, re.I)
        if boundary is None:
            self.refuse(400, "a multipart/form-data body needs a boundary")
            return
        self.parser = PushMultipartParser(
            boundary.group(1), max_segment_count=MAX_PARTS
        )

    def handleContentChunk(self, data):
        self.received += len(data)
        if self.refused:
            return  # what a refused client still sends: dropped
        if self.received > self.max_body:
            self.refuse()
            return
        try:
            for event in self.parser.parse(data):
                self.parsed(event)
        except TooBig as error:
            self.refuse(413, str(error))
        except ParserLimitReached as error:
            self.refuse(413, f"a limit of the parts was reached: {error}")
        except MultipartError as error:
            self.refuse(400, f"the body is not valid multipart/form-data: {error}")

    def parsed(self, event):
        """A part's headers, a piece of its content, or its end (None)."""
        if event is None:
            if self.writing is not None:
                self.writing.close()
                self.writing = None
        elif isinstance(event, bytes):
            part = self.parts[-1]
            part.size += len(event)
            if part.filename is None:
                if part.size > MAX_FIELD:
                    raise TooBig(f"the field {part.name!r} is over {MAX_FIELD} bytes")
                part.value += event
            elif part.size > MAX_FILE:
                raise TooBig(f"the file {part.filename!r} is over {MAX_FILE} bytes")
            else:
                self.writing.write(event)
        else:
            part = Part(event.name, event.filename)
            if part.filename is not None:
                fd, path = tempfile.mkstemp(prefix=".partial-", dir=UPLOADS)
                part.path, self.writing = Path(path), os.fdopen(fd, "wb")
            self.parts.append(part)

    def requestReceived(self, command, path, version):
        if self.parser is not None and not self.refused:
            try:
                self.parser.close()  # the body must end where multipart says
            except MultipartError as error:
                self.refuse(400, f"the body is not valid multipart/form-data: {error}")
        super().requestReceived(command, path, version)

    def refuse(self, code=413, why=None):
        self.discard()
        super().refuse(code, why)

    def discard(self):
        """Remove what the request wrote and no resource kept."""
        if self.writing is not None:
            self.writing.close()
            self.writing = None
        for part in self.parts:
            if part.path is not None:
                part.path.unlink(missing_ok=True)


class Upload(Resource):
    """POST files here: they are kept under safe names, and listed."""

    isLeaf = True

    def render_POST(self, request):
        lines = []
        for part in request.parts:
            if part.filename == "" and not part.size:
                continue  # a browser's file input left empty: no file
            if part.filename is None:
                value = part.value.decode("utf-8", "replace")
                lines.append(f"field {part.name}: {value!r}")
            else:
                kept = keep(part.path, safe_name(part.filename))
                lines.append(f"saved {kept} ({part.size} bytes)")
        request.setHeader(b"content-type", b"text/plain; charset=utf-8")
        return "".join(line + "\n" for line in lines).encode()
