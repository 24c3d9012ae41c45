"""Call the XML-RPC service from Twisted code.

treq carries the request and xmlrpc.client encodes it. Twisted's own
twisted.web.xmlrpc.Proxy is built on a deprecated class; this does not block the
reactor and uses nothing deprecated.

Usage: python xmlrpc_treq_client.py PORT
"""

import sys
from xmlrpc.client import Fault, dumps, loads

import treq
from twisted.internet import task


async def call(url, method, *args):
    body = dumps(args, method).encode()
    response = await treq.post(url, body, headers={"Content-Type": ["text/xml"]})
    # loads raises Fault if the service answered with one.
    (result,), _ = loads(await response.content())
    return result


async def main(reactor, port):
    url = f"http://127.0.0.1:{port}/RPC2"
    print("slow_add(2, 3) =", await call(url, "slow_add", 2, 3))
    try:
        await call(url, "divide", 1, 0)
    except Fault as fault:
        print(f"Fault {fault.faultCode}: {fault.faultString}")


task.react(main, [sys.argv[1]])
