# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from buitenshuis.access import policy
from buitenshuis.access.policy import Data


def test_create_administrator_reaches_admin_and_access_log(db, monkeypatch):
    monkeypatch.setenv("BUITENSHUIS_ADMIN_PASSWORD", "een-lang-en-uniek-wachtwoord-42")
    call_command("create_administrator", "eerstebeheerder", "--privacy-officer")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="eerstebeheerder")
    assert user.check_password("een-lang-en-uniek-wachtwoord-42")
    assert policy.can(user, "view", Data.ADMIN_SITE)
    assert policy.can(user, "view", Data.ACCESS_LOG)
    assert not policy.can(user, "view", Data.FAMILY_IDENTITY)


def test_create_administrator_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("BUITENSHUIS_ADMIN_PASSWORD", "1234")
    with pytest.raises(CommandError):
        call_command("create_administrator", "zwak")


def test_administrator_can_reset_a_lost_second_factor(world, client, sign_in):
    pin = world.users["linking_pin"]
    TOTPDevice.objects.create(user=pin, name="oude telefoon", confirmed=True)
    sign_in(world.users["administrator"])
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [pin.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=pin).exists()
    assert "tweede stap" in response.content.decode()
