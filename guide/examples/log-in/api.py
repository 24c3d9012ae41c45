"""An API for programs, behind HTTP Basic authentication, over HTTPS only:
twisted.web.guard asks for the credentials, twisted.cred checks them.

    python make_certs.py && python passwords.py alice && python api.py PORT
"""

import json
import sys

from twisted.cred.checkers import ICredentialsChecker
from twisted.cred.credentials import IUsernamePassword
from twisted.cred.error import UnauthorizedLogin
from twisted.cred.portal import IRealm, Portal
from twisted.internet import endpoints, reactor
from twisted.internet.defer import Deferred
from twisted.web import resource, server
from twisted.web.guard import BasicCredentialFactory, HTTPAuthSessionWrapper
from zope.interface import implementer

from body_limit import NoBodyRequest
from passwords import MAX_PASSWORD, NAME, Busy, TooManyFailures, Verifier, load_users


@implementer(ICredentialsChecker)
class ScryptChecker:
    """Check a user name and password against the scrypt hashes of users.json."""

    credentialInterfaces = (IUsernamePassword,)

    def __init__(self, users):
        self.verifier = Verifier(users)

    def requestAvatarId(self, credentials):
        return Deferred.fromCoroutine(self.check(credentials))

    async def check(self, credentials):
        # guard answers 401 to UnauthorizedLogin, and 500 to anything else.
        name = credentials.username.decode("utf-8", "replace")
        if not NAME.fullmatch(name) or len(credentials.password) > MAX_PASSWORD:
            raise UnauthorizedLogin()
        try:
            address = getattr(credentials, "address", None)
            right = await self.verifier.check(name, credentials.password, address)
        except (TooManyFailures, Busy):
            raise UnauthorizedLogin() from None
        if not right:
            raise UnauthorizedLogin()
        return name


class AddressedBasic(BasicCredentialFactory):
    """Basic credentials that also carry the client's address, for the throttle."""

    def decode(self, response, request):
        credentials = super().decode(response, request)
        credentials.address = request.getClientAddress().host
        return credentials


class WhoAmI(resource.Resource):
    isLeaf = True

    def __init__(self, user):
        super().__init__()
        self.user = user

    def render_GET(self, request):
        request.setHeader(b"content-type", b"application/json")
        return json.dumps({"user": self.user}).encode() + b"\n"


@implementer(IRealm)
class Realm:
    """What a user who logged in may reach: a resource tree of their own."""

    def requestAvatar(self, avatarId, mind, *interfaces):
        if resource.IResource not in interfaces:
            raise NotImplementedError()
        root = resource.Resource()
        root.putChild(b"whoami", WhoAmI(avatarId))
        return resource.IResource, root, lambda: None


def main(port):
    portal = Portal(Realm(), [ScryptChecker(load_users())])
    root = HTTPAuthSessionWrapper(portal, [AddressedBasic(b"example API")])
    endpoint = endpoints.serverFromString(
        reactor,
        f"ssl:{port}:interface=127.0.0.1:privateKey=server.pem"
        ":extraCertChain=chain.pem",
    )
    endpoint.listen(server.Site(root, requestFactory=NoBodyRequest))
    reactor.run()


if __name__ == "__main__":
    main(int(sys.argv[1]))
