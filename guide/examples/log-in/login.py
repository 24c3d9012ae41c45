"""A log-in form over HTTPS: scrypt passwords, sessions kept on the server, a CSRF
token in every form, and limits on everything a client sends.

    python make_certs.py && python passwords.py alice && python login.py PORT
"""

import hmac
import re
import secrets
import sys
import time
from dataclasses import dataclass
from html import escape

from twisted.internet import endpoints, reactor, task
from twisted.internet.defer import Deferred
from twisted.logger import Logger
from twisted.web import resource, server

from body_limit import BodyLimitedRequest
from passwords import MAX_PASSWORD, NAME, Busy, TooManyFailures, Verifier, load_users

# "__Host-": browsers keep such a cookie only if it is Secure, for Path=/ and no
# Domain, so no other site (a subdomain, plain HTTP) can set one of this name.
SESSION_COOKIE = b"__Host-session"
FORM_COOKIE = b"__Host-form"  # the log-in form's CSRF token, before any session
FORM_LIFETIME = 10 * 60  # seconds the log-in form stays valid
IDLE = 15 * 60  # a session unused for this long ends
ABSOLUTE = 8 * 60 * 60  # and every session ends this long after the log-in
MAX_SESSIONS = 10_000  # on the server, all users together
MAX_PER_USER = 5  # a user's sixth log-in ends their oldest session
TOKEN = re.compile(rb"[A-Za-z0-9_-]{43}")  # what secrets.token_urlsafe(32) gives

log = Logger()


class FormRequest(BodyLimitedRequest):
    max_body = 4096  # bytes: a log-in form is a few dozen
    media_types = (b"application/x-www-form-urlencoded",)


@dataclass
class Session:
    user: str
    csrf: str
    created: float
    seen: float


class Sessions:
    """Every session, by its id, in this process's memory."""

    def __init__(self):
        self.by_id = {}

    def new(self, user):
        self.sweep()
        mine = [key for key, s in self.by_id.items() if s.user == user]
        while len(mine) >= MAX_PER_USER:
            del self.by_id[mine.pop(0)]  # the oldest first: dicts keep their order
        if len(self.by_id) >= MAX_SESSIONS:
            return None
        key = secrets.token_urlsafe(32)
        now = time.monotonic()
        self.by_id[key] = Session(user, secrets.token_urlsafe(32), now, now)
        return key

    def get(self, key):
        session = self.by_id.get(key)
        if session is None:
            return None
        if self.expired(session, time.monotonic()):
            del self.by_id[key]
            return None
        session.seen = time.monotonic()
        return session

    def expired(self, session, now):
        return now - session.seen > IDLE or now - session.created > ABSOLUTE

    def sweep(self):
        now = time.monotonic()
        for key in [k for k, s in self.by_id.items() if self.expired(s, now)]:
            del self.by_id[key]


class BadForm(Exception):
    pass


def field(request, name, limit):
    values = request.args.get(name, [])
    if len(values) != 1 or len(values[0]) > limit:
        raise BadForm(f"{name.decode()} must be sent once, at most {limit} bytes")
    return values[0]


def csrf_ok(request, expected):
    """Whether the form's one csrf field is the token expected (bytes or None)."""
    # The form's cookie is the client's to write: only a token's 43 characters,
    # never bytes that are not ASCII or that would break out of the form's HTML.
    tokens = request.args.get(b"csrf", [])
    return (
        expected is not None
        and TOKEN.fullmatch(expected) is not None
        and len(tokens) == 1
        and hmac.compare_digest(tokens[0], expected)
    )


def forged(request):
    return page(request, 403, "<p>This form did not come from this site.</p>")


def cookie(request, name, value, max_age=None):
    # SameSite=Lax: sent when a link from another site opens this one, not with
    # its forms, images or scripts. Secure: over HTTPS only. HttpOnly: not for
    # the page's JavaScript.
    request.addCookie(
        name,
        value,
        path=b"/",
        max_age=max_age,
        secure=True,
        httpOnly=True,
        sameSite=b"lax",
    )


def page(request, code, body):
    request.setResponseCode(code)
    request.setHeader(b"content-type", b"text/html; charset=utf-8")
    return f"<!DOCTYPE html>\n<title>Log-in example</title>\n{body}\n".encode()


def redirect(request, where):
    request.setResponseCode(303)  # See Other: the browser GETs it
    request.setHeader(b"location", where)
    return b""


class App(resource.Resource):
    isLeaf = True

    def __init__(self, users):
        super().__init__()
        self.sessions = Sessions()
        self.verifier = Verifier(users)

    def session(self, request):
        key = request.getCookie(SESSION_COOKIE) or b""
        return self.sessions.get(key.decode("ascii", "replace"))

    def render(self, request):
        # Pages with a CSRF token or someone's data: no cache may keep them.
        request.setHeader(b"cache-control", b"no-store")
        route = (request.method, request.path)
        if route == (b"GET", b"/"):
            return self.home(request)
        if route == (b"GET", b"/login"):
            return self.login_form(request)
        if route in ((b"POST", b"/login"), (b"POST", b"/logout")):
            try:
                if request.path == b"/login":
                    return self.log_in(request)
                return self.log_out(request)
            except BadForm as why:
                return page(request, 400, f"<p>{escape(str(why))}</p>")
        return page(request, 404, "<p>No such page.</p>")

    def home(self, request):
        session = self.session(request)
        if session is None:
            return redirect(request, b"/login")
        return page(
            request,
            200,
            (
                f"<p>Hello, {escape(session.user)}.</p>\n"
                '<form method="post" action="/logout">'
                f'<input type="hidden" name="csrf" value="{session.csrf}">'
                "<button>Log out</button></form>"
            ),
        )

    def login_form(self, request, code=200, message="", token=None):
        # A token of its own, as a cookie and in the form: another site's page
        # can post this form, but cannot read the cookie to copy its token.
        if token is None:
            token = secrets.token_urlsafe(32)
            cookie(request, FORM_COOKIE, token, max_age=str(FORM_LIFETIME))
        return page(
            request,
            code,
            (
                f'{message}<form method="post" action="/login">\n'
                f'<input type="hidden" name="csrf" value="{token}">\n'
                '<input name="user" autocomplete="username" required>\n'
                '<input name="password" type="password" autocomplete="current-password"'
                " required>\n<button>Log in</button></form>"
            ),
        )

    def log_in(self, request):
        if not csrf_ok(request, request.getCookie(FORM_COOKIE)):
            return forged(request)
        name = field(request, b"user", 64).decode("utf-8", "replace")
        password = field(request, b"password", MAX_PASSWORD)
        if not NAME.fullmatch(name):
            raise BadForm("user may have letters, digits, _ . and -")
        address = request.getClientAddress().host
        gone = []  # the client may leave while the hash runs
        request.notifyFinish().addErrback(gone.append)
        checked = Deferred.fromCoroutine(self.verifier.check(name, password, address))
        checked.addCallbacks(
            lambda right: self.logged_in(request, name, right),
            lambda failure: self.refused(request, failure),
        )
        checked.addErrback(self.failed, request)
        checked.addCallback(self.finish, request, gone)
        return server.NOT_DONE_YET

    def logged_in(self, request, name, right):
        if not right:
            token = request.getCookie(FORM_COOKIE).decode("ascii")  # the same again
            message = "<p>Wrong user or password.</p>\n"
            return self.login_form(request, 403, message, token)
        key = self.sessions.new(name)
        if key is None:
            return page(request, 503, "<p>Too many sessions; try again later.</p>")
        cookie(request, SESSION_COOKIE, key)
        cookie(request, FORM_COOKIE, b"", max_age=b"0")  # used: delete it
        return redirect(request, b"/")

    def refused(self, request, failure):
        if failure.check(TooManyFailures):
            request.setHeader(b"retry-after", b"900")
            return page(request, 429, "<p>Too many failed log-ins; wait 15 min.</p>")
        failure.trap(Busy)
        request.setHeader(b"retry-after", b"5")
        return page(request, 503, "<p>Busy; try again in a few seconds.</p>")

    def failed(self, failure, request):
        # Anything else (scrypt short of memory, say): in the log, and an answer.
        log.failure("checking a log-in failed", failure)
        return page(request, 500, "<p>Something went wrong; try again later.</p>")

    def finish(self, body, request, gone):
        if not gone:
            request.write(body)
            request.finish()

    def log_out(self, request):
        key = (request.getCookie(SESSION_COOKIE) or b"").decode("ascii", "replace")
        session = self.sessions.get(key)
        if session is None or not csrf_ok(request, session.csrf.encode()):
            return forged(request)
        del self.sessions.by_id[key]  # the id is now worth nothing, wherever it is
        cookie(request, SESSION_COOKIE, b"", max_age=b"0")
        return redirect(request, b"/login")


def main(port):
    app = App(load_users())
    task.LoopingCall(app.sessions.sweep).start(60, now=False)
    endpoint = endpoints.serverFromString(
        reactor,
        f"ssl:{port}:interface=127.0.0.1:privateKey=server.pem"
        ":extraCertChain=chain.pem",
    )
    endpoint.listen(server.Site(app, requestFactory=FormRequest))
    reactor.run()


if __name__ == "__main__":
    main(int(sys.argv[1]))
