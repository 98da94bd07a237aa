# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The citizen service number (BSN): checked with the 11-test
(python-stdnum), stored encrypted, found again through a keyed hash (HMAC),
and shown masked.

Two keys, both from the environment (docs/configuration.md, "The BSN keys"):

* ``BSN_ENCRYPTION_KEY`` encrypts (Fernet). It can be rotated: put the
  previous key in ``BSN_ENCRYPTION_OLD_KEYS``; numbers stored under an old
  key stay readable, new ones are written under the current key, and
  ``manage.py rotate_bsn_key`` moves every stored number to the current key
  so that the old one can be dropped.
* ``BSN_LOOKUP_KEY`` keys the hash that finds a child again by BSN (the
  duplicate check). It is stable: it does not change when the encryption key
  rotates, so duplicates are found across a rotation. If it must be changed,
  ``rotate_bsn_key`` recomputes every hash (see docs/production.md).

Production refuses to start without either: ``configuration_problems`` is
registered with ``accounts.safety`` (CaseworkConfig.ready). Demo mode
and the tests, which run on the well-known insecure ``SECRET_KEY``, derive
both from it."""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from stdnum.nl import bsn as stdnum_bsn

MIN_KEY_LENGTH = 32


def derived_keys_allowed():
    """Only demo mode and the insecure development key (tests, ``make run``)
    may fall back on keys derived from ``SECRET_KEY``; never a real secret."""
    return bool(settings.DEMO_MODE or settings.INSECURE_SECRET_KEY)


def configuration_problems():
    """What stops production from starting (registered with
    ``accounts.safety`` by CaseworkConfig.ready)."""
    problems = []
    secret = settings.SECRET_KEY
    for name in ("BSN_ENCRYPTION_KEY", "BSN_LOOKUP_KEY"):
        value = getattr(settings, name, "") or ""
        if not value:
            problems.append(
                f"{name} is not set; production needs its own long random key "
                "(see docs/configuration.md, 'The BSN keys')."
            )
        elif len(value) < MIN_KEY_LENGTH:
            problems.append(f"{name} is shorter than {MIN_KEY_LENGTH} characters.")
        elif value == secret:
            problems.append(f"{name} must differ from SECRET_KEY.")
    if settings.BSN_ENCRYPTION_KEY and settings.BSN_ENCRYPTION_KEY == settings.BSN_LOOKUP_KEY:
        problems.append("BSN_LOOKUP_KEY must differ from BSN_ENCRYPTION_KEY.")
    return problems


def _fernet_for(material):
    """A Fernet key from any string (the same derivation as before key
    rotation existed, so numbers stored then stay readable)."""
    digest = hashlib.sha256(b"bsn-encryption:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _encryption_keys():
    """The current key first, then the old ones that may still be read."""
    current = getattr(settings, "BSN_ENCRYPTION_KEY", "") or ""
    old = [key for key in getattr(settings, "BSN_ENCRYPTION_OLD_KEYS", []) or [] if key]
    if not current:
        if not derived_keys_allowed():
            raise ImproperlyConfigured("BSN_ENCRYPTION_KEY is not set.")
        current = settings.SECRET_KEY
    return [current, *[key for key in old if key != current]]


def _lookup_key():
    key = getattr(settings, "BSN_LOOKUP_KEY", "") or ""
    if not key:
        if not derived_keys_allowed():
            raise ImproperlyConfigured("BSN_LOOKUP_KEY is not set.")
        key = settings.SECRET_KEY
    return key


def _multi_fernet():
    return MultiFernet([_fernet_for(key) for key in _encryption_keys()])


def normalise(value):
    return stdnum_bsn.compact(value or "")


def is_valid(value):
    return stdnum_bsn.is_valid(normalise(value))


def encrypt(value):
    """Encrypt under the current key."""
    return _multi_fernet().encrypt(normalise(value).encode()).decode()


def decrypt(token):
    """Decrypt a number stored under the current or any old key."""
    return _multi_fernet().decrypt(token.encode()).decode()


def is_current(token):
    """Whether ``token`` was encrypted under the current key."""
    try:
        _fernet_for(_encryption_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(token):
    """The same number encrypted under the current key (the original time
    of encryption is kept)."""
    return _multi_fernet().rotate(token.encode()).decode()


def lookup_hash(value):
    """A keyed hash to find duplicates without decrypting every row. Keyed
    with ``BSN_LOOKUP_KEY``, which does not change with the encryption key."""
    return hmac.new(
        b"bsn-lookup:" + _lookup_key().encode(), normalise(value).encode(), hashlib.sha256
    ).hexdigest()


def mask(value):
    value = normalise(value)
    return "*" * (len(value) - 3) + value[-3:] if value else ""
