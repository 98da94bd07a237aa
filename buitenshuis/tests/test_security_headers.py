# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The security headers a municipality's security officer checks, on a page
of every role, the sign-in page, the error pages and the administrator's
screens: a Content-Security-Policy that allows nothing inline and no
framing, a Permissions-Policy that denies the browser features we do not
use, and the referrer, framing, sniffing and opener policies
(docs/production.md, "Security headers"). And the pages contain nothing
inline that the policy would block."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import include, path, reverse

from buitenshuis.access.tests.test_url_matrix import ROLES, _admin_urls

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]

# A second page each role may open (besides the start page). The
# coordinator's is the letter texts page with the letter preview, whose
# styles were once an inline <style> block; the administrator's is the
# Django admin.
SECOND_PAGE = {
    "coordinator": "referrals:letter_texts",
    "policy_officer": "referrals:tasks",
    "linking_pin": "referrals:mine",
    "location_staff": "activities:my_children",
    "referrer": "referrals:create",
    "researcher": "accounts:settings",
    "administrator": "admin:index",
}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    where = f"{response.request['PATH_INFO']} ({response.status_code})"
    csp = response.headers.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{where}: {csp}"
    assert csp_directives(csp) == EXPECTED_POLICY, f"{where}: {csp}"
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions, f"{where}: {feature} not denied in {permissions!r}"
    assert response.headers.get("Referrer-Policy") == "same-origin", where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Cross-Origin-Opener-Policy") == "same-origin", where


class InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' blocks: <script> without src,
    <style> blocks, style and on... attributes, javascript: links."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append(f"<script> without src at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: in {name}= on <{tag}> at line {self.getpos()[0]}")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def assert_page_is_safe(response):
    assert_security_headers(response)
    found = inline_code(response.content.decode())
    assert not found, f"{response.request['PATH_INFO']}: inline code the policy blocks: {found}"


def test_the_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<script src="/static/a.js"></script><p>style= and onclick= as text</p>'
        '<script>alert(1)</script><style>p{}</style><p style="color:red"></p>'
        '<button onclick="go()"></button><a href="javascript:go()">x</a>'
    )
    found = inline_code(html)
    assert len(found) == 5, found


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_security_headers(role, world, client, sign_in):
    sign_in(world.users[role])
    for url in (reverse("portal:start"), reverse(SECOND_PAGE[role])):
        response = client.get(url)
        assert response.status_code == 200, f"{role}: {url}"
        assert_page_is_safe(response)


def test_the_sign_in_page_gets_the_security_headers(db, client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert_page_is_safe(response)


def test_the_error_pages_get_the_security_headers(world, client, sign_in):
    not_found = client.get("/bestaat-niet/")
    assert not_found.status_code == 404
    assert_page_is_safe(not_found)

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_failure = csrf_client.post(reverse("accounts:login"), {"username": "x"})
    assert csrf_failure.status_code == 403
    assert_page_is_safe(csrf_failure)

    sign_in(world.users["researcher"])
    forbidden = client.get(reverse("casework:family_list"))
    assert forbidden.status_code == 403
    assert_page_is_safe(forbidden)


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("", include("buitenshuis.urls"))]
handler500 = "buitenshuis.portal.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_the_server_error_page_gets_the_security_headers(db, client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_page_is_safe(response)


def test_the_admin_pages_get_the_security_headers(world, client, sign_in):
    """Every list and add page of the administrator's screens, and the
    pages of one user."""
    sign_in(world.users["administrator"])
    user = world.users["referrer"]
    for url in (
        *_admin_urls(),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:accounts_user_history", args=[user.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_is_safe(response)


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=False
)
def test_hsts_over_https_with_subdomains_when_configured(db, client):
    response = client.get(reverse("accounts:login"), secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # Never over plain HTTP (browsers ignore it there anyway).
    assert "Strict-Transport-Security" not in client.get(reverse("accounts:login")).headers


def test_no_template_has_inline_code():
    """Every page template, the administrator's overrides included. The
    decision letter (referrals/letter.html) is exempt: it is only ever
    rendered into a PDF by WeasyPrint, never served as a page."""
    exempt = {TEMPLATES / "referrals" / "letter.html"}
    found = {}
    for template in sorted(TEMPLATES.rglob("*.html")):
        if template in exempt:
            continue
        source = TEMPLATE_COMMENT.sub("", template.read_text(encoding="utf-8"))
        problems = inline_code(source)
        if problems:
            found[str(template.relative_to(TEMPLATES))] = problems
    assert not found, found
