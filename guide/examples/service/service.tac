# Two services in one process, sharing one Greeting: the site on $PORT (8080 if
# unset) and a status page on $STATUS_PORT (8081). Run it with
#   PYTHONPATH=. twistd -n -y service.tac
import os

from twisted.application import service, strports
from twisted.web.resource import Resource
from twisted.web.server import Site

from greet import Greeting, make_site


class Status(Resource):
    isLeaf = True

    def __init__(self, greeting):
        super().__init__()
        self.greeting = greeting

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain; charset=utf-8")
        return f"{self.greeting.greeted} greeted so far\n".encode()


def on_loopback(variable, default):
    return f"tcp:{int(os.environ.get(variable, default))}:interface=127.0.0.1"


greeting = Greeting()
# twistd runs this file and takes what it names "application".
application = service.Application("greet")
web = strports.service(on_loopback("PORT", 8080), make_site(greeting))
web.setServiceParent(application)
status = strports.service(on_loopback("STATUS_PORT", 8081), Site(Status(greeting)))
status.setServiceParent(application)
