"""Send one message of SIZE bytes to /ws, as a page would, and print how it ends.

python send_ws.py WEB_PORT SIZE
"""

import socket
import sys

from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Request, TextMessage

port, size = int(sys.argv[1]), int(sys.argv[2])
ws = WSConnection(ConnectionType.CLIENT)
with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
    sock.sendall(ws.send(Request(host=f"127.0.0.1:{port}", target="/ws")))
    events = []
    while not any(isinstance(e, AcceptConnection) for e in events):
        ws.receive_data(sock.recv(65536))
        events = list(ws.events())
    try:
        sock.sendall(ws.send(TextMessage("x" * size)))
    except ConnectionError:
        pass  # the server closed before it had all: what it said is still to be read
    while True:
        ws.receive_data(sock.recv(65536) or None)
        for event in ws.events():
            if isinstance(event, TextMessage):
                print(event.data[:60])
            elif isinstance(event, CloseConnection):
                print(f"closed: {event.code}")
                sys.exit()
