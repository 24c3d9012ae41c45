"""An XML-RPC service with twisted.web.xmlrpc, at /RPC2."""

import sys

from twisted.internet import endpoints, reactor, task
from twisted.web import xmlrpc
from twisted.web.resource import Resource
from twisted.web.server import Site


class Calculator(xmlrpc.XMLRPC):
    """Each xmlrpc_<name> method is a procedure that clients can call as <name>."""

    def xmlrpc_add(self, a, b):
        """Return the sum of two numbers."""
        return a + b

    def xmlrpc_divide(self, a, b):
        """Return a divided by b."""
        if b == 0:
            raise xmlrpc.Fault(1, "division by zero")
        return a / b

    def xmlrpc_echo(self, text):
        """Return the text unchanged."""
        return text

    async def xmlrpc_slow_add(self, a, b):
        """Like add, but the answer takes a while.

        A method may wait without blocking.
        """
        await task.deferLater(reactor, 0.1)
        return a + b


calculator = Calculator()
xmlrpc.addIntrospection(calculator)
root = Resource()
root.putChild(b"RPC2", calculator)
site = Site(root)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
