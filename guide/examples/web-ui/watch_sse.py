"""Listen on /events while saying something in the chat.

python watch_sse.py WEB_PORT CHAT_PORT NAME TEXT...
"""

import sys
from http.client import HTTPConnection

from say import say

web_port, chat_port, name, *texts = sys.argv[1:]
connection = HTTPConnection("127.0.0.1", int(web_port), timeout=10)
connection.request("GET", "/events")
# The stream is open: what is said from now on is pushed to it.
stream = connection.getresponse()
say(chat_port, name, *texts)
events = (line.decode() for line in stream if line.startswith(b"data: "))
for _ in texts:
    print(next(events), end="")
