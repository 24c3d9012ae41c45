"""Call the XML-RPC service from Twisted code: treq carries the request, xmlrpc.client encodes it.

Twisted's own twisted.web.xmlrpc.Proxy is built on a deprecated class; this does not block the
reactor and uses nothing deprecated. Usage: python xmlrpc_treq_client.py PORT
"""

import sys
from xmlrpc.client import Fault, dumps, loads

import treq
from twisted.internet import task


async def call(url, method, *args):
    response = await treq.post(url, dumps(args, method).encode(), headers={"Content-Type": ["text/xml"]})
    (result,), _ = loads(await response.content())  # raises Fault if the service answered with one
    return result


async def main(reactor, port):
    url = f"http://127.0.0.1:{port}/RPC2"
    print("slow_add(2, 3) =", await call(url, "slow_add", 2, 3))
    try:
        await call(url, "divide", 1, 0)
    except Fault as fault:
        print(f"Fault {fault.faultCode}: {fault.faultString}")


task.react(main, [sys.argv[1]])
