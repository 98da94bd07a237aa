# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Signing in through the real two steps in tests, with codes computed
from the device's key as an authenticator app would."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from buitenshuis.accounts.tests.factories import PASSWORD


def current_code(device):
    """The code the app shows now. Each code is accepted once, so the
    device's memory of the last code used is cleared first (a later code
    in the same 30 seconds would otherwise be refused as a replay)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device):
    """A code that is not accepted now (nor one step before or after)."""
    near = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"
        for drift in (-2, -1, 0, 1, 2)
    }
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in near)


def device_for(user):
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "telefoon"}
    )
    return device


def password_step(client, user, password=PASSWORD, next_url=None):
    url = reverse("accounts:login")
    data = {"username": user.username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(url, data)


def sign_in(client, user, next_url=None):
    """Both steps, as in production. Returns the response of the last one."""
    device = device_for(user)
    response = password_step(client, user, next_url=next_url)
    assert response.status_code == 302, response
    assert response.url.startswith(reverse("accounts:verify")), response.url
    return client.post(response.url, {"token": current_code(device)})


def is_signed_in(client):
    return client.get(reverse("accounts:keepalive")).status_code == 204


def user_page_data(response):
    """The POST data of the admin's user change page as it was shown."""
    context = response.context
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "password" or value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, "")
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                key = f"{form.prefix}-{name}"
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, bool):
                    if value:
                        data[key] = "on"
                    continue
                if isinstance(value, list):
                    data[key] = [getattr(v, "pk", v) for v in value]
                    continue
                if value is not None:
                    data[key] = value
    return data
