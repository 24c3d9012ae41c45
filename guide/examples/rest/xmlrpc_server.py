"""An XML-RPC service with twisted.web.xmlrpc, at /RPC2."""

import functools
import inspect
import math
import sys

from twisted.internet import defer, endpoints, reactor, task
from twisted.web import xmlrpc
from twisted.web.resource import Resource
from twisted.web.server import Site

from body_limit import BodyLimitedRequest

Number = int | float
LIMITS = "XML-RPC's 32-bit ints and finite doubles"


def carried(value):
    """Whether value is within LIMITS (a value that is not a number is)."""
    if isinstance(value, float):
        return math.isfinite(value)
    return not isinstance(value, int) or -(2**31) <= value < 2**31


class Calculator(xmlrpc.XMLRPC):
    """Each xmlrpc_<name> method is a procedure that clients can call as <name>."""

    def lookupProcedure(self, procedurePath):
        # None for a call without a <methodName>; system.methodHelp(1) asks for 1.
        if not isinstance(procedurePath, str):
            raise xmlrpc.Fault(self.NOT_FOUND, "a procedure's name is a string")
        # Twisted calls a method with whatever the client sent, and logs a
        # traceback when that does not fit: check the call against the signature.
        procedure = super().lookupProcedure(procedurePath)
        signature = inspect.signature(procedure)

        def fits(result):
            if not carried(result):
                raise xmlrpc.Fault(3, f"{procedurePath}: the result is beyond {LIMITS}")
            return result

        @functools.wraps(procedure)
        def checked(*args):
            try:
                arguments = signature.bind(*args).arguments
            except TypeError as error:
                raise xmlrpc.Fault(2, f"{procedurePath}: {error}") from None
            for name, value in arguments.items():
                wanted = signature.parameters[name].annotation
                if wanted is not signature.empty and not isinstance(value, wanted):
                    raise xmlrpc.Fault(2, f"{procedurePath}: {name} must be {wanted}")
                if not carried(value):
                    raise xmlrpc.Fault(2, f"{procedurePath}: {name} is beyond {LIMITS}")
            return defer.maybeDeferred(procedure, *args).addCallback(fits)

        return checked

    def xmlrpc_add(self, a: Number, b: Number):
        """Return the sum of two numbers."""
        return a + b

    def xmlrpc_divide(self, a: Number, b: Number):
        """Return a divided by b."""
        if b == 0:
            raise xmlrpc.Fault(1, "division by zero")
        return a / b

    def xmlrpc_echo(self, text: str):
        """Return the text unchanged."""
        return text

    async def xmlrpc_slow_add(self, a: Number, b: Number):
        """Like add, but the answer takes a while.

        A method may wait without blocking.
        """
        await task.deferLater(reactor, 0.1)
        return a + b


calculator = Calculator()
xmlrpc.addIntrospection(calculator)
root = Resource()
root.putChild(b"RPC2", calculator)
site = Site(root, requestFactory=BodyLimitedRequest)

endpoint = endpoints.serverFromString(reactor, f"tcp:{sys.argv[1]}:interface=127.0.0.1")
endpoint.listen(site)
reactor.run()
