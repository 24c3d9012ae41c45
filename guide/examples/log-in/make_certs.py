"""Make a throw-away certificate authority and a server certificate, for trying
HTTPS on your own machine. Never trust its root beyond this folder.

    python make_certs.py                # for 127.0.0.1 and localhost
    python make_certs.py --folder certs example.com www.example.com

It writes, in this folder only:

    ca.pem      the root CA's certificate: what a client trusts (curl --cacert)
    chain.pem   the intermediate CA's certificate, which signed the server's
    server.pem  the server's private key and certificate

With --folder, it writes FOLDER/NAME.pem instead of server.pem, for the first
name: the key, the certificate and the intermediate, as the tls: endpoint
reads them. The root's key is thrown away once it has signed the intermediate; the
intermediate's key stays in intermediate-key.pem, to sign later certificates
(kept out of the folder the server reads).
"""

import argparse
import datetime
import ipaddress
import os
import re
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = Path(__file__).resolve().parent
# A host name (letters, digits, dots, hyphens) or an IP address, as a certificate
# names it: at most 64 characters, the longest a common name may be.
NAME = re.compile(r"[A-Za-z0-9.:-]{1,64}")
DAYS = 30


def pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


def key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def sign(subject, key, issuer, issuer_key, extensions):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=DAYS))
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()
            ),
            False,
        )
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical)
    return builder.sign(issuer_key, hashes.SHA256())


def ca_usage(path_length):
    return [
        (x509.BasicConstraints(ca=True, path_length=path_length), True),
        (
            x509.KeyUsage(
                digital_signature=False, content_commitment=False,
                key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            True,
        ),
    ]


def make_ca():
    """The root (ca.pem) and the intermediate it signs (chain.pem)."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "Throw-away root CA")]
    )
    root = sign("Throw-away root CA", root_key, root_name, root_key, ca_usage(1))
    key = ec.generate_private_key(ec.SECP256R1())
    intermediate = sign(
        "Throw-away intermediate CA", key, root.subject, root_key, ca_usage(0)
    )
    (HERE / "ca.pem").write_bytes(pem(root))
    (HERE / "chain.pem").write_bytes(pem(intermediate))
    write_secret(HERE / "intermediate-key.pem", key_pem(key))


def write_secret(path, data):
    """Write a file only its owner can read, whatever mode an older one had."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        os.fchmod(fd, 0o600)
        file.write(data)


def make_server(names):
    """A key and a certificate for names, signed by the intermediate."""
    intermediate = x509.load_pem_x509_certificate((HERE / "chain.pem").read_bytes())
    intermediate_key = serialization.load_pem_private_key(
        (HERE / "intermediate-key.pem").read_bytes(), password=None
    )
    alternatives = []
    for name in names:
        try:
            alternatives.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            alternatives.append(x509.DNSName(name))
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = sign(names[0], key, intermediate.subject, intermediate_key, [
        (x509.BasicConstraints(ca=False, path_length=None), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
        (x509.SubjectAlternativeName(alternatives), False),
    ])
    return key_pem(key), pem(certificate), pem(intermediate)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path)
    parser.add_argument("names", nargs="*", default=["127.0.0.1", "localhost"])
    arguments = parser.parse_args()
    for name in arguments.names:
        if not NAME.fullmatch(name):
            parser.error(f"{name!r} is not a host name or an IP address")
    folder = HERE / (arguments.folder or ".")
    if not folder.resolve().is_relative_to(HERE):
        parser.error(f"{arguments.folder} is not a folder of {HERE}")
    if not (HERE / "intermediate-key.pem").exists():
        make_ca()
    key, certificate, chain = make_server(arguments.names)
    if arguments.folder:
        folder = HERE / arguments.folder
        folder.mkdir(exist_ok=True)
        write_secret(folder / f"{arguments.names[0]}.pem", key + certificate + chain)
    else:
        write_secret(HERE / "server.pem", key + certificate)


if __name__ == "__main__":
    main()
