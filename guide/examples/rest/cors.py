"""CORS for the notes API: which other sites' pages a browser lets call it.

A page from an origin in ALLOWED_ORIGINS may read the API's answers, and may send
the methods and request headers below; the browser asks first (a preflight, an
OPTIONS request) and remembers a yes for MAX_AGE seconds. Any other origin's page
gets no Access-Control-Allow-Origin, so its browser does not let it read them.
"""

# Exact origins, as browsers send them: scheme://host[:port], no path. Never
# b"null", which sandboxed frames and file:// pages send, whoever wrote them.
ALLOWED_ORIGINS = {b"https://app.example.com"}
ALLOWED_METHODS = (b"GET", b"POST")
# What a page may set besides the headers every page may send. Content-Type is here
# because application/json is not one of the three types browsers send unasked.
ALLOWED_HEADERS = (b"content-type",)
MAX_AGE = 600  # seconds a browser may cache a preflight's yes


def allow_origin(request):
    """Let an allowed origin's page read this answer; return whether it may."""
    # The answer differs by Origin: a cache must not give one origin's to another.
    request.setHeader(b"Vary", b"Origin")
    origin = request.getHeader(b"Origin")  # bytes in, bytes out
    if origin not in ALLOWED_ORIGINS:
        return False
    request.setHeader(b"Access-Control-Allow-Origin", origin)
    return True


def preflight(request):
    """Answer what a browser asks before a call: None if allowed, else why not."""
    if not allow_origin(request):
        return "this origin may not call the API from a browser"
    method = request.getHeader(b"Access-Control-Request-Method")
    if method not in ALLOWED_METHODS:
        return "this method is not allowed from a browser"
    asked = request.getHeader(b"Access-Control-Request-Headers") or b""
    for name in asked.split(b","):
        if name.strip().lower() not in ALLOWED_HEADERS + (b"",):
            return "a header the request would send is not allowed"
    request.setHeader(b"Access-Control-Allow-Methods", b", ".join(ALLOWED_METHODS))
    request.setHeader(b"Access-Control-Allow-Headers", b", ".join(ALLOWED_HEADERS))
    request.setHeader(b"Access-Control-Max-Age", b"%d" % MAX_AGE)
    return None
