"""Call the XML-RPC service with Python's own client, xmlrpc.client.

Usage: python xmlrpc_client.py PORT
"""

import sys
from xmlrpc.client import Fault, ProtocolError, ServerProxy

server = ServerProxy(f"http://127.0.0.1:{sys.argv[1]}/RPC2")

print("add(2, 3) =", server.add(2, 3))
print("slow_add(2, 3) =", server.slow_add(2, 3))
methods = server.system.listMethods()
print("methods:", ", ".join(m for m in methods if not m.startswith("system.")))
print("introspection:", ", ".join(m for m in methods if m.startswith("system.")))
calls = [
    lambda: server.divide(1, 0),
    lambda: server.launch_rockets(),
    lambda: server.add("2", 3),
    lambda: server.add(2**31 - 1, 1),  # more than an XML-RPC int holds
    lambda: server.system.methodHelp(1),
    lambda: server.echo("x" * 100_000),  # over the server's 64 kB
]
for call in calls:
    try:
        call()
    except Fault as fault:
        print(f"Fault {fault.faultCode}: {fault.faultString}")
    except ProtocolError as error:  # an HTTP error, not an XML-RPC one
        print("ProtocolError", error.errcode, error.errmsg)
# Markup and quotes are only text to XML-RPC: they travel escaped and arrive unchanged.
print("echo:", server.echo("<script>alert('hi')</script> & '; DROP TABLE notes;--"))
