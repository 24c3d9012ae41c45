"""Say something in the chat and print what it sends back.

python say.py CHAT_PORT NAME TEXT...
"""

import socket
import sys


def say(port, name, *texts):
    with socket.create_connection(("127.0.0.1", int(port)), timeout=10) as chat:
        lines = (name, *texts, "/quit")
        chat.sendall("".join(f"{line}\r\n" for line in lines).encode())
        # Read until the chat closes the connection.
        return chat.makefile(encoding="utf-8").read()


if __name__ == "__main__":
    print(say(*sys.argv[1:]), end="")
