"""Print the events of a JSON log file, as twist --log-format=json writes it, one a
line: level, namespace, message.

Each record starts with an ASCII record separator (\\x1e), so json.loads() of a line
fails; eventsFromJSONLogFile() reads the records, and formatEvent() the message.
"""

import sys

from twisted.logger import eventsFromJSONLogFile, formatEvent

with open(sys.argv[1], encoding="utf-8") as log_file:
    for event in eventsFromJSONLogFile(log_file):
        print(event["log_level"].name, event["log_namespace"], formatEvent(event))
