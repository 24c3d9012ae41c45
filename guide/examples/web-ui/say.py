"""Say something in the chat and print what it sends back: python say.py CHAT_PORT NAME TEXT..."""

import socket
import sys


def say(port, name, *texts):
    with socket.create_connection(("127.0.0.1", int(port)), timeout=10) as chat:
        chat.sendall("".join(f"{line}\r\n" for line in (name, *texts, "/quit")).encode())
        return chat.makefile(encoding="utf-8").read()  # until the chat closes the connection


if __name__ == "__main__":
    print(say(*sys.argv[1:]), end="")
