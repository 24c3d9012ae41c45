"""How far a client may fall behind before it is dropped: MAX_BEHIND.

A Backlog is registered as the push producer of one client's connection
(request.registerProducer). Twisted calls its pauseProducing once more than 64 kB
wait in the transport's buffer for that client, and resumeProducing once they have
gone. In between, the Backlog counts what is still written; past MAX_BEHIND, the
client is too far behind, and its caller drops it instead of buffering for it.
"""

from twisted.internet.interfaces import IPushProducer
from zope.interface import implementer

MAX_BEHIND = 256 * 1024  # bytes written after Twisted asked to pause: 64 messages


@implementer(IPushProducer)
class Backlog:
    def __init__(self):
        self.behind = None  # bytes written since pauseProducing; None while not paused

    def pauseProducing(self):
        if self.behind is None:  # Twisted calls it at each write while it waits
            self.behind = 0

    def resumeProducing(self):
        self.behind = None

    def stopProducing(self):
        pass

    def too_far(self, size):
        """Count ``size`` bytes about to be written; True once past MAX_BEHIND."""
        if self.behind is None:
            return False
        self.behind += size
        return self.behind > MAX_BEHIND
