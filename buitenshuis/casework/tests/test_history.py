# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""A family's change history on the family page (django-simple-history)."""

from django.urls import reverse

from buitenshuis.casework.history import family_history
from buitenshuis.casework.panels import hub_url


def _change_address(family, user):
    family._history_user = user
    family.street = "Nieuwe Verzinsellaan"
    family.house_number = "12a"
    family.save()


def test_changing_the_address_records_before_after_and_who(world):
    pin = world.users["linking_pin"]
    _change_address(world.own_family, pin)
    [latest, *_] = family_history(world.own_family)
    assert latest.who == pin.get_full_name()
    assert latest.what == "Gezin"
    changes = {field.label: (field.old, field.new) for field in latest.fields}
    assert changes["Straat"] == ("Teststraat", "Nieuwe Verzinsellaan")
    assert changes["Huisnummer"][1] == "12a"
    assert set(changes) == {"Straat", "Huisnummer"}


def test_the_responsible_linking_pin_sees_the_history(world, login):
    pin = world.users["linking_pin"]
    _change_address(world.own_family, pin)
    person = world.own_family.members.filter(kind="child").first()
    person._history_user = pin
    person.first_name = "Anders"
    person.save()
    client = login(pin)
    response = client.get(hub_url(world.own_family.pk, "history"))
    body = response.content.decode()
    assert "Wijzigingsgeschiedenis" in body
    assert "Teststraat" in body and "Nieuwe Verzinsellaan" in body
    assert pin.get_full_name() in body
    assert "Voornaam" in body and "Anders" in body
    assert "Aangemaakt" in body


def test_only_who_may_change_the_family_sees_the_history(world, login):
    _change_address(world.own_family, world.users["linking_pin"])
    client = login(world.users["coordinator"])
    response = client.get(reverse("casework:family_detail", args=[world.own_family.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wijzigingsgeschiedenis" not in body and "Geschiedenis</a>" not in body
    assert "Teststraat" not in body
    # Nor the section of the history.
    assert client.get(hub_url(world.own_family.pk, "history")).status_code == 403


def test_a_change_without_a_user_is_shown_as_unknown(world):
    world.own_family.city = "Anderdorp"
    world.own_family.save()
    [latest, *_] = family_history(world.own_family)
    assert latest.who.startswith("onbekend")
    assert [(f.old, f.new) for f in latest.fields] == [("Testdorp", "Anderdorp")]
