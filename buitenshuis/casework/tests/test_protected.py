# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Citizen service numbers at rest: encrypted under a key that can be rotated
(old keys stay readable, new writes use the new key, ``rotate_bsn_key``
moves every stored number), found again by a lookup hash whose key does not
change with the encryption key; no silent key derived from a real
SECRET_KEY."""

import base64
import hashlib
import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.nl import bsn as stdnum_bsn

from buitenshuis.casework import protected
from buitenshuis.casework.models import Person
from buitenshuis.casework.tests.factories import FamilyFactory, PersonFactory

OLD_KEY = "oude-sleutel-" + "a" * 40
NEW_KEY = "nieuwe-sleutel-" + "b" * 40
LOOKUP_KEY = "zoeksleutel-" + "c" * 40
SAM, NOOR, PARENT = "111222333", "123456782", "270590791"


def test_the_numbers_used_here_pass_the_11_test():
    assert all(stdnum_bsn.is_valid(number) for number in (SAM, NOOR, PARENT))


@pytest.fixture
def production_keys(settings):
    """Production: a real SECRET_KEY, so nothing may be derived from it."""
    settings.DEMO_MODE = False
    settings.INSECURE_SECRET_KEY = False
    settings.SECRET_KEY = "echt-geheim-" + "s" * 50
    settings.BSN_ENCRYPTION_KEY = OLD_KEY
    settings.BSN_ENCRYPTION_OLD_KEYS = []
    settings.BSN_LOOKUP_KEY = LOOKUP_KEY
    return settings


@pytest.fixture
def family(db):
    """Two parents (one with a BSN) and two children with BSNs, one without."""
    family = FamilyFactory()
    people = {
        "Sam": SAM,
        "Noor": NOOR,
        "Mees": "",
    }
    for first_name, number in people.items():
        child = PersonFactory(family=family, first_name=first_name)
        child.set_bsn(number)
        child.save()
    for first_name, number in (("Mira", PARENT), ("Joost", "")):
        parent = PersonFactory(family=family, first_name=first_name, kind=Person.Kind.PARENT)
        parent.set_bsn(number)
        parent.save()
    return family


def found(number):
    """The people the duplicate check finds by this BSN."""
    return set(
        Person.objects.filter(bsn_hash=protected.lookup_hash(number)).values_list(
            "first_name", flat=True
        )
    )


def rotate(*args):
    out = io.StringIO()
    call_command("rotate_bsn_key", *args, stdout=out)
    return out.getvalue()


def stored(family):
    return dict(family.members.exclude(bsn_encrypted="").values_list("first_name", "bsn_encrypted"))


def test_a_number_is_stored_encrypted_and_found_by_its_hash(production_keys, family):
    sam = family.members.get(first_name="Sam")
    assert SAM not in sam.bsn_encrypted and SAM not in sam.bsn_hash
    assert protected.decrypt(sam.bsn_encrypted) == SAM
    assert sam.masked_bsn == "******333"
    assert found("111 222 333") == {"Sam"}
    assert family.members.get(first_name="Mees").bsn_encrypted == ""


def test_after_a_rotation_old_numbers_stay_readable_and_found(production_keys, family):
    production_keys.BSN_ENCRYPTION_KEY = NEW_KEY
    production_keys.BSN_ENCRYPTION_OLD_KEYS = [OLD_KEY]

    for person in family.members.exclude(bsn_encrypted=""):
        assert not protected.is_current(person.bsn_encrypted)
    assert family.members.get(first_name="Noor").masked_bsn == "******782"
    assert found(SAM) == {"Sam"}
    assert found(PARENT) == {"Mira"}

    # A new number is written under the new key, and found next to the old.
    sibling = PersonFactory(family=family, first_name="Daan")
    sibling.set_bsn(SAM)  # the same child entered again: a duplicate
    sibling.save()
    assert protected.is_current(sibling.bsn_encrypted)
    assert found(SAM) == {"Sam", "Daan"}


def test_without_the_old_key_an_old_number_cannot_be_read(production_keys, family):
    production_keys.BSN_ENCRYPTION_KEY = NEW_KEY
    with pytest.raises(InvalidToken):
        protected.decrypt(family.members.get(first_name="Sam").bsn_encrypted)
    # The lookup hash does not depend on the encryption key.
    assert found(SAM) == {"Sam"}


def test_rotate_bsn_key_moves_every_number_to_the_new_key(production_keys, family):
    production_keys.BSN_ENCRYPTION_KEY = NEW_KEY
    production_keys.BSN_ENCRYPTION_OLD_KEYS = [OLD_KEY]
    before = stored(family)
    hashes = dict(family.members.values_list("first_name", "bsn_hash"))
    history = Person.history.count()

    with pytest.raises(CommandError, match="Draai manage.py rotate_bsn_key"):
        rotate("--check")
    assert stored(family) == before  # the check changes nothing

    output = rotate()
    assert "3 opgeslagen BSN's, waarvan 3 opnieuw versleuteld" in output
    for number in (SAM, NOOR, PARENT):
        assert number not in output
    after = stored(family)
    assert set(after) == {"Sam", "Noor", "Mira"}
    assert all(after[name] != before[name] for name in after)
    assert all(protected.is_current(token) for token in after.values())
    # The hashes did not change, and no history entry was written.
    assert dict(family.members.values_list("first_name", "bsn_hash")) == hashes
    assert Person.history.count() == history

    # Now the old key can go: everything is readable and found without it.
    production_keys.BSN_ENCRYPTION_OLD_KEYS = []
    assert "0 opnieuw" in rotate()
    assert "waarvan 0 nog niet" in rotate("--check")
    assert family.members.get(first_name="Mira").masked_bsn == "******791"
    assert found(NOOR) == {"Noor"}


def test_rotate_bsn_key_refuses_when_a_key_is_missing(production_keys, family):
    production_keys.BSN_ENCRYPTION_KEY = NEW_KEY  # OLD_KEY forgotten
    before = stored(family)
    with pytest.raises(CommandError, match="3 BSN's zijn met geen van de ingestelde sleutels"):
        rotate()
    assert stored(family) == before


def test_a_changed_lookup_key_is_repaired_by_rotate_bsn_key(production_keys, family):
    production_keys.BSN_LOOKUP_KEY = "nieuwe-zoeksleutel-" + "d" * 40
    assert found(SAM) == set()  # stale hashes until the command has run
    output = rotate()
    assert "waarvan 3 opnieuw" in output
    assert found(SAM) == {"Sam"}
    assert found(PARENT) == {"Mira"}


def test_an_installation_from_before_the_separate_keys_can_move_over(settings, db):
    """Numbers stored with the key derived from SECRET_KEY (as before) are
    read with that value in BSN_ENCRYPTION_OLD_KEYS, then moved."""
    settings.DEMO_MODE = False
    settings.INSECURE_SECRET_KEY = False
    settings.SECRET_KEY = "het-oude-geheim-" + "e" * 50
    legacy = Fernet(
        base64.urlsafe_b64encode(
            hashlib.sha256(b"bsn-encryption:" + settings.SECRET_KEY.encode()).digest()
        )
    )
    child = PersonFactory(bsn_encrypted=legacy.encrypt(SAM.encode()).decode(), bsn_hash="oud")

    settings.BSN_ENCRYPTION_KEY = NEW_KEY
    settings.BSN_ENCRYPTION_OLD_KEYS = [settings.SECRET_KEY]
    settings.BSN_LOOKUP_KEY = LOOKUP_KEY
    assert Person.objects.get(pk=child.pk).masked_bsn == "******333"
    rotate()
    child.refresh_from_db()
    assert protected.is_current(child.bsn_encrypted)
    assert found(SAM) == {child.first_name}


def test_no_key_is_derived_from_a_real_secret_key(production_keys, db):
    production_keys.BSN_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="BSN_ENCRYPTION_KEY"):
        protected.encrypt(SAM)
    production_keys.BSN_ENCRYPTION_KEY = NEW_KEY
    production_keys.BSN_LOOKUP_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="BSN_LOOKUP_KEY"):
        protected.lookup_hash(SAM)


@pytest.mark.parametrize(("demo", "insecure"), [(True, False), (False, True)])
def test_demo_and_tests_derive_keys_from_the_insecure_secret(settings, demo, insecure):
    settings.DEMO_MODE = demo
    settings.INSECURE_SECRET_KEY = insecure
    settings.BSN_ENCRYPTION_KEY = settings.BSN_LOOKUP_KEY = ""
    assert protected.decrypt(protected.encrypt(SAM)) == SAM
    assert protected.lookup_hash(SAM) == protected.lookup_hash("111 222 333")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"BSN_ENCRYPTION_KEY": ""}, "BSN_ENCRYPTION_KEY is not set"),
        ({"BSN_LOOKUP_KEY": ""}, "BSN_LOOKUP_KEY is not set"),
        ({"BSN_ENCRYPTION_KEY": "kort"}, "BSN_ENCRYPTION_KEY is shorter than 32"),
        ({"BSN_LOOKUP_KEY": OLD_KEY}, "BSN_LOOKUP_KEY must differ from BSN_ENCRYPTION_KEY"),
        ({"SECRET_KEY": LOOKUP_KEY}, "BSN_LOOKUP_KEY must differ from SECRET_KEY"),
    ],
)
def test_key_configuration_problems(production_keys, changes, problem):
    assert protected.configuration_problems() == []
    for name, value in changes.items():
        setattr(production_keys, name, value)
    assert any(problem in text for text in protected.configuration_problems())
