"""HTTPS on a listening socket that systemd opened: socket activation with TLS.

    systemd-socket-activate -l 443 --fdname=web python serve_activated.py

The ssl: and tls: endpoints bind their own port, so the systemd: endpoint, which
takes a socket already bound, gets its TLS from wrapServerTLS (Twisted 26.4.0).
"""

from twisted.internet import endpoints, reactor, ssl
from twisted.python.filepath import FilePath
from twisted.web import server, static


def main():
    # What ssl:...:privateKey=server.pem:extraCertChain=chain.pem reads.
    certificate = ssl.PrivateCertificate.loadPEM(FilePath("server.pem").getContent())
    chain = ssl.Certificate.loadPEM(FilePath("chain.pem").getContent())
    options = ssl.CertificateOptions(
        privateKey=certificate.privateKey.original,
        certificate=certificate.original,
        extraCertChain=[chain.original],
    )
    activated = endpoints.serverFromString(reactor, "systemd:domain=INET:name=web")
    site = server.Site(static.File("public"))
    endpoints.wrapServerTLS(options, activated).listen(site)
    reactor.run()


if __name__ == "__main__":
    main()
