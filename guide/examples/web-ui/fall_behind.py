"""Open PATH (/events or /ws) and never read it while COUNT messages of 4 kB are said
in the chat; then see what the server did.

python fall_behind.py WEB_PORT CHAT_PORT PATH COUNT
"""

import socket
import sys

from say import say

OPEN = {
    "/events": "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "/ws": "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
    "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
}

web_port, chat_port, path, count = sys.argv[1:]
reader = socket.socket()
reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a slow phone, say
reader.connect(("127.0.0.1", int(web_port)))
reader.sendall(OPEN[path].encode())
reader.recv(1024)  # the response's headers: the server has the client now
say(chat_port, "alice", *["x" * 4000] * int(count))
reader.settimeout(2)
received = b""
try:
    while data := reader.recv(65536):
        received += data
    how = "dropped"
except ConnectionResetError:
    how = "dropped"
except TimeoutError:
    how = "still open"
messages = received.count(b'"text": ')
print(f"{path}: {how} after {messages} of {count} messages")
