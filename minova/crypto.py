"""Keys and fingerprints of key pairs (Nova's crypto module): SSH and
x509 fingerprints, new SSH keys and self-signed certificates.

Imported only when a key pair request needs it (see
api/openstack/compute/keypairs.py: _crypto).
"""

import base64
import binascii
import datetime

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID

from minova import exception


def _colon_hex(digest):
    raw = binascii.hexlify(digest).decode('ascii')
    return ':'.join(raw[i:i + 2] for i in range(0, len(raw), 2))


def ssh_fingerprint(public_key):
    """MD5 of the key blob, as ``ssh-keygen -l -E md5`` prints it."""
    try:
        serialization.load_ssh_public_key(public_key.encode('utf-8'))
        blob = base64.b64decode(public_key.split()[1])
    except Exception:   # any parse failure means the same to the user
        raise exception.InvalidKeypair(
            reason='failed to generate fingerprint')
    digest = hashes.Hash(hashes.MD5())
    digest.update(blob)
    return _colon_hex(digest.finalize())


def x509_fingerprint(pem):
    try:
        cert = x509.load_pem_x509_certificate(pem.encode('utf-8'))
    except (ValueError, TypeError) as error:
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint. Error message: '
                   '%s' % error)
    return _colon_hex(cert.fingerprint(hashes.SHA1()))


def generate_ssh_key():
    """(private key PEM, OpenSSH public key) of a new 2048-bit RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode('ascii')
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode('ascii')
    return private, '%s Generated-by-Minova' % public


def generate_x509_cert(user_id):
    """(private key PEM, self-signed certificate PEM) for WinRM logins."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                            user_id or 'minova')])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=3650))
            .sign(key, hashes.SHA256()))
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode('ascii')
    return private, cert.public_bytes(
        serialization.Encoding.PEM).decode('ascii')
