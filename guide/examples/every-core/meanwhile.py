"""Hold one worker of workers.py with /work?seconds=3, and meanwhile ask for /.

    python meanwhile.py PORT
"""

import http.client
import re
import sys

port = int(sys.argv[1])
work = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
work.request("GET", "/work?seconds=3")  # sent: its answer is read below
while True:
    # A connection that the busy worker took before it started to work waits
    # until it is done: give up on it after a second, and ask again on a new one.
    other = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        other.request("GET", "/")
        meanwhile = other.getresponse().read().decode()
        break
    except TimeoutError:
        other.close()
done = work.getresponse().read().decode()
print("/work?seconds=3:", done, end="")
print("/ meanwhile:     ", meanwhile, end="")
pids = {re.search(r"pid (\d+)", text).group(1) for text in (done, meanwhile)}
print(f"{len(pids)} different workers answered")
