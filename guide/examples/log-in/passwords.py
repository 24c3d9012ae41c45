"""Passwords hashed with scrypt, kept in users.json in this folder, and checked
with a limit on failed attempts. Add a user (it asks for the password, or reads
one line from standard input):

    python passwords.py alice

users.json holds each user's hash, never the password.
"""

import base64
import getpass
import hashlib
import hmac
import json
import os
import re
import secrets
import sys
import time
from pathlib import Path

from twisted.internet.defer import DeferredSemaphore
from twisted.internet.threads import deferToThread

USERS = Path(__file__).resolve().parent / "users.json"
NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")  # what a user name may be
MAX_PASSWORD = 1024  # bytes; a longer password is refused, not hashed
# scrypt's cost: the minimum of OWASP's Password Storage Cheat Sheet. One hash
# takes 128 MiB (128 * N * R bytes) and a few tenths of a second of a core.
N, R, P = 2**17, 8, 1

WINDOW = 15 * 60  # seconds over which failed log-ins are counted
MAX_FAILURES_PER_NAME = 3  # then that name is refused until WINDOW passes
MAX_FAILURES_PER_ADDRESS = 20  # the same for one client address, any names
MAX_TRACKED = 10_000  # names and addresses remembered; the oldest go first
MAX_HASHING = 2  # hashes at once (128 MiB each): one per core
MAX_WAITING = 20  # log-ins queued behind them; more are refused as busy


class TooManyFailures(Exception):
    """Too many failed log-ins for this name or address: try again later."""


class Busy(Exception):
    """Too many log-ins are waiting for a hash."""


def b64(data):
    return base64.b64encode(data).decode("ascii")


def scrypt(password, salt, n, r, p):
    # hashlib refuses more than 32 MiB unless maxmem allows it; this is what
    # OpenSSL needs for these parameters.
    return hashlib.scrypt(
        password, salt=salt, n=n, r=r, p=p, maxmem=128 * r * (n + p + 2), dklen=32
    )


def hash_password(password):
    """The string to store for password (bytes): parameters, salt and key."""
    salt = secrets.token_bytes(16)
    key = scrypt(password, salt, N, R, P)
    return f"scrypt${N}${R}${P}${b64(salt)}${b64(key)}"


def verify_password(password, stored):
    _, n, r, p, salt, key = stored.split("$")
    got = scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    return hmac.compare_digest(got, base64.b64decode(key))


# An unknown name is checked against this, which no password matches, so that it
# takes as long as a known one: the time does not tell which names exist.
NOBODY = f"scrypt${N}${R}${P}${b64(os.urandom(16))}${b64(os.urandom(32))}"


class Verifier:
    """Check a name and a password, in a thread, with failures counted."""

    def __init__(self, users):
        self.users = users  # name -> stored hash
        self.failures = {}  # ("name", name) or ("address", address) -> times
        self.hashing = DeferredSemaphore(MAX_HASHING)

    def recent(self, key, now):
        return [t for t in self.failures.get(key, []) if now - t < WINDOW]

    async def check(self, name, password, address=None):
        """True if password (bytes) is name's, or raise TooManyFailures or Busy."""
        now = time.monotonic()
        keys = [(("name", name), MAX_FAILURES_PER_NAME)]
        if address is not None:
            keys.append((("address", address), MAX_FAILURES_PER_ADDRESS))
        for key, limit in keys:
            if len(self.recent(key, now)) >= limit:
                raise TooManyFailures()
        if len(self.hashing.waiting) >= MAX_WAITING:
            raise Busy()
        # Counted as a failure before the hash, not after it: log-ins sent together
        # would otherwise all pass the check above while the first ones hash.
        for key, limit in keys:
            self.failures[key] = (self.recent(key, now) + [now])[-limit:]
        while len(self.failures) > MAX_TRACKED:
            del self.failures[next(iter(self.failures))]
        stored = self.users.get(name, NOBODY)
        right = await self.hashing.run(deferToThread, verify_password, password, stored)
        if right:
            for key, _ in keys:
                self.failures.pop(key, None)
        return right


def load_users():
    return json.loads(USERS.read_text()) if USERS.exists() else {}


def main():
    name = sys.argv[1] if len(sys.argv) == 2 else ""
    if not NAME.fullmatch(name):
        sys.exit("usage: python passwords.py NAME (letters, digits, _ . -; 1 to 64)")
    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {name}: ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    password = password.encode("utf-8")
    if not 8 <= len(password) <= MAX_PASSWORD:
        sys.exit(f"a password has 8 to {MAX_PASSWORD} bytes")
    users = load_users()
    users[name] = hash_password(password)
    # Only the owner may read the hashes: each one can be attacked offline.
    fd = os.open(USERS, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        json.dump(users, file, indent=1)


if __name__ == "__main__":
    main()
