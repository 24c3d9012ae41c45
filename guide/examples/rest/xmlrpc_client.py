"""Call the XML-RPC service with Python's own client, xmlrpc.client.

Usage: python xmlrpc_client.py PORT
"""

import sys
from xmlrpc.client import Fault, ServerProxy

server = ServerProxy(f"http://127.0.0.1:{sys.argv[1]}/RPC2")

print("add(2, 3) =", server.add(2, 3))
print("slow_add(2, 3) =", server.slow_add(2, 3))
print("methods:", ", ".join(server.system.listMethods()))
for call in (lambda: server.divide(1, 0), lambda: server.launch_rockets()):
    try:
        call()
    except Fault as fault:
        print(f"Fault {fault.faultCode}: {fault.faultString}")
# Markup and quotes are only text to XML-RPC: they travel escaped and arrive unchanged.
print("echo:", server.echo("<script>alert('hi')</script> & '; DROP TABLE notes;--"))
