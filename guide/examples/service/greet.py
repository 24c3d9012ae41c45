"""Greet whoever the name parameter names, in plain text: at most MAX_NAME
characters, from the query string or a form.

Run it three ways: twist web --class=greet.Greeting, the service.tac file, or the
plugin in twisted/plugins/greet_plugin.py, which gives twist and twistd the
command "greet" and uses this module's Options and makeService.
"""

from twisted.application import strports
from twisted.python import usage
from twisted.web.resource import Resource
from twisted.web.server import Site

from body_limit import BodyLimitedRequest

MAX_NAME = 40  # characters


class Greeting(Resource):
    isLeaf = True
    greeted = 0

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain; charset=utf-8")
        # request.args holds the query string's values, then a form body's.
        name = request.args.get(b"name", [b"world"])[-1]
        try:
            name = name.decode("utf-8")
        except UnicodeDecodeError:
            name = None
        if not name or len(name) > MAX_NAME or not name.isprintable():
            request.setResponseCode(400)
            return f"a name is 1 to {MAX_NAME} printable characters\n".encode()
        self.greeted += 1
        return f"Hello, {name}!\n".encode()

    render_POST = render_GET


def make_site(root):
    # BodyLimitedRequest refuses a body over 64 kB before reading it.
    return Site(root, requestFactory=BodyLimitedRequest)


class Options(usage.Options):
    optParameters = [
        ["listen", None, "tcp:8080:interface=127.0.0.1", "Where to listen."],
    ]


def makeService(options):
    return strports.service(options["listen"], make_site(Greeting()))
