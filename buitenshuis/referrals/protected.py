"""The citizen service number (BSN): checked with the 11-test
(python-stdnum), stored encrypted (Fernet, key from BSN_ENCRYPTION_KEY or
derived from SECRET_KEY), found again through a keyed hash (HMAC), and shown
masked."""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings
from stdnum.nl import bsn as stdnum_bsn


def _key_material():
    return (getattr(settings, "BSN_ENCRYPTION_KEY", "") or settings.SECRET_KEY).encode()


def _fernet():
    digest = hashlib.sha256(b"bsn-encryption:" + _key_material()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def normalise(value):
    return stdnum_bsn.compact(value or "")


def is_valid(value):
    return stdnum_bsn.is_valid(normalise(value))


def encrypt(value):
    return _fernet().encrypt(normalise(value).encode()).decode()


def decrypt(token):
    return _fernet().decrypt(token.encode()).decode()


def lookup_hash(value):
    """A keyed hash to find duplicates without decrypting every row."""
    return hmac.new(
        b"bsn-lookup:" + _key_material(), normalise(value).encode(), hashlib.sha256
    ).hexdigest()


def mask(value):
    value = normalise(value)
    return "*" * (len(value) - 3) + value[-3:] if value else ""
