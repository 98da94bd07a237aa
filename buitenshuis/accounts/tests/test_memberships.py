# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Memberships: nobody grants themselves a role; a membership with
access to case data waits for a second administrator; every change and
every refused attempt is in the access log."""

import pytest
from django.core import mail
from django.urls import reverse

from buitenshuis.access import policy
from buitenshuis.access.policy import Data
from buitenshuis.accounts import rules
from buitenshuis.accounts.tests.factories import UserFactory
from buitenshuis.accounts.tests.helpers import user_page_data
from buitenshuis.accounts.workqueue import work_items
from buitenshuis.audit.models import AccessLogEntry, AccessLogSubject, Action, Outcome
from buitenshuis.core.errors import RuleError
from buitenshuis.organisations.models import Approval, Membership, Role
from buitenshuis.organisations.tests.factories import MembershipFactory, OrganisationFactory


def log_about(user):
    about = AccessLogSubject.objects.filter(kind="user", object_id=user.pk).values("entry_id")
    return AccessLogEntry.objects.filter(pk__in=about, data=Data.USERS).order_by("pk")


def coordinator_membership(world, user, organisation=None):
    return Membership(
        user=user,
        organisation=organisation or OrganisationFactory(name="Gemeente Verzonnendam"),
        role=Role.COORDINATOR,
        programme=world.programme,
    )


@pytest.fixture
def admins(world):
    """The world's two administrators: requester and second approver."""
    return world.users["administrator"], world.plain_admin


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nieuwe_coordinator", first_name="Noor", last_name="Nieuw")


# Nobody grants themselves a role.


def test_administrator_cannot_grant_herself_a_coordinator_membership(world, admins):
    admin, _ = admins
    with pytest.raises(RuleError, match="uzelf geen rol"):
        rules.grant_membership(admin, coordinator_membership(world, admin))
    assert not Membership.objects.filter(user=admin, role=Role.COORDINATOR).exists()
    entry = log_about(admin).get()
    assert entry.outcome == Outcome.DENIED
    assert entry.action == Action.CREATE
    assert entry.username == admin.username
    assert "Projectleider" in entry.reason
    assert not policy.can(admin, "view", Data.FAMILY_IDENTITY)


def test_self_grant_through_the_membership_admin_is_refused_and_logged(
    world, admins, client, sign_in
):
    admin, _ = admins
    sign_in(admin)
    organisation = OrganisationFactory()
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {
            "user": admin.pk,
            "organisation": organisation.pk,
            "role": Role.COORDINATOR,
            "programme": world.programme.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "U kunt uzelf geen rol geven" in response.content.decode()
    assert not Membership.objects.filter(user=admin, role=Role.COORDINATOR).exists()
    denied = log_about(admin).filter(outcome=Outcome.DENIED)
    assert denied.count() == 1
    # And she still cannot open a single case.
    assert client.get(reverse("referrals:list")).status_code == 403


def test_self_grant_through_the_user_page_inline_is_refused_and_logged(
    world, admins, client, sign_in
):
    admin, _ = admins
    sign_in(admin)
    url = reverse("admin:accounts_user_change", args=[admin.pk])
    data = user_page_data(client.get(url))
    prefix = "memberships"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    data.update(
        {
            f"{prefix}-{index}-organisation": OrganisationFactory().pk,
            f"{prefix}-{index}-role": Role.COORDINATOR,
            f"{prefix}-{index}-programme": world.programme.pk,
            f"{prefix}-{index}-is_active": "on",
            f"{prefix}-{index}-user": admin.pk,
        }
    )
    data["last_name"] = "Gewijzigd"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "U kunt uzelf geen rol geven" in response.content.decode()
    admin.refresh_from_db()
    assert admin.last_name != "Gewijzigd"  # nothing stored
    assert not Membership.objects.filter(user=admin, role=Role.COORDINATOR).exists()
    assert log_about(admin).filter(outcome=Outcome.DENIED).count() == 1


def test_administrator_cannot_reactivate_or_change_her_own_membership(world, admins):
    admin, _ = admins
    old = MembershipFactory(
        user=admin, role=Role.COORDINATOR, programme=world.programme, is_active=False
    )
    old.is_active = True
    with pytest.raises(RuleError):
        rules.change_membership(admin, old)
    old.refresh_from_db()
    assert not old.is_active
    own_admin = Membership.objects.get(user=admin, role=Role.ADMINISTRATOR)
    own_admin.role = Role.LINKING_PIN
    own_admin.programme = world.programme
    with pytest.raises(RuleError):
        rules.change_membership(admin, own_admin)
    assert log_about(admin).filter(outcome=Outcome.DENIED).count() == 2


def test_administrator_may_end_her_own_membership(world, admins):
    admin, _ = admins
    own = MembershipFactory(user=admin, role=Role.RESEARCHER, programme=world.programme)
    own.is_active = False
    rules.change_membership(admin, own)
    own.refresh_from_db()
    assert not own.is_active
    assert "beëindigd" in log_about(admin).get().reason


# A second administrator approves.


def test_grant_by_one_administrator_waits_for_the_second(world, admins, newcomer, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    requester, approver = admins
    approver.email = "tweede.beheerder@test.invalid"
    approver.save()
    membership = rules.grant_membership(requester, coordinator_membership(world, newcomer))
    assert membership.approval == Approval.PENDING
    assert not policy.can(newcomer, "view", Data.FAMILY_IDENTITY)
    # It waits in the second administrator's work queue, not the requester's.
    assert [item.count for item in work_items(approver)] == [1]
    assert work_items(requester) == []
    # The requester cannot approve it.
    with pytest.raises(RuleError, match="zelf aangevraagd"):
        rules.approve_membership(requester, membership)
    membership.refresh_from_db()
    assert membership.approval == Approval.PENDING
    rules.approve_membership(approver, membership)
    newcomer_fresh = type(newcomer).objects.get(pk=newcomer.pk)
    assert policy.can(newcomer_fresh, "view", Data.FAMILY_IDENTITY)
    entries = list(log_about(newcomer))
    assert [(e.action, e.outcome, e.username) for e in entries] == [
        (Action.CREATE, Outcome.ALLOWED, requester.username),
        (Action.DECIDE, Outcome.DENIED, requester.username),
        (Action.DECIDE, Outcome.ALLOWED, approver.username),
    ]
    assert "wacht op goedkeuring" in entries[0].reason
    assert "Projectleider" in entries[0].reason and world.programme.name in entries[0].reason
    assert "goedgekeurd" in entries[2].reason and requester.username in entries[2].reason


def test_approval_request_sends_one_content_free_mail_to_the_other_admin(
    world, admins, newcomer, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    requester, approver = admins
    with django_capture_on_commit_callbacks(execute=True):
        rules.grant_membership(requester, coordinator_membership(world, newcomer))
    assert [message.to for message in mail.outbox] == [[approver.email]]
    assert newcomer.username not in mail.outbox[0].body
    assert world.programme.name not in mail.outbox[0].body


def test_refused_membership_grants_nothing(world, admins, newcomer):
    requester, approver = admins
    membership = rules.grant_membership(requester, coordinator_membership(world, newcomer))
    rules.approve_membership(approver, membership, approve=False)
    membership.refresh_from_db()
    assert membership.approval == Approval.REFUSED and not membership.is_active
    assert not policy.can(newcomer, "view", Data.FAMILY_IDENTITY)
    assert "afgewezen" in log_about(newcomer).last().reason


def test_with_one_administrator_the_grant_takes_effect_at_once(world, admins, newcomer):
    requester, other = admins
    Membership.objects.filter(user=other).update(is_active=False)
    membership = rules.grant_membership(requester, coordinator_membership(world, newcomer))
    assert membership.approval == Approval.APPROVED
    assert policy.can(newcomer, "view", Data.FAMILY_IDENTITY)


def test_with_the_setting_off_the_grant_takes_effect_at_once(world, admins, newcomer, settings):
    settings.MEMBERSHIP_APPROVAL_REQUIRED = False
    membership = rules.grant_membership(admins[0], coordinator_membership(world, newcomer))
    assert membership.approval == Approval.APPROVED


def test_an_administrator_membership_needs_no_approval(world, admins, newcomer):
    membership = Membership(
        user=newcomer, organisation=OrganisationFactory(), role=Role.ADMINISTRATOR
    )
    assert rules.grant_membership(admins[0], membership).approval == Approval.APPROVED


def test_widening_a_membership_waits_for_approval_again(world, admins, newcomer):
    requester, approver = admins
    referrer = MembershipFactory(user=newcomer, role=Role.REFERRER, programme=world.programme)
    referrer.role = Role.COORDINATOR
    rules.change_membership(requester, referrer)
    referrer.refresh_from_db()
    assert referrer.approval == Approval.PENDING
    assert policy.memberships(type(newcomer).objects.get(pk=newcomer.pk)) == []
    assert "Verwijzer" in log_about(newcomer).get().reason


def test_pending_coordinator_cannot_open_the_referral_list(
    world, admins, newcomer, client, sign_in
):
    rules.grant_membership(admins[0], coordinator_membership(world, newcomer))
    sign_in(newcomer)
    assert client.get(reverse("referrals:list")).status_code == 403


def test_second_administrator_approves_on_the_review_page(world, admins, newcomer, client, sign_in):
    requester, approver = admins
    membership = rules.grant_membership(requester, coordinator_membership(world, newcomer))
    url = reverse("admin:organisations_membership_review", args=[membership.pk])
    sign_in(requester)
    page = client.get(url).content.decode()
    assert "Een andere functioneel beheerder moet het beoordelen" in page
    client.post(url, {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.approval == Approval.PENDING
    sign_in(approver)
    assert "Goedkeuren" in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "Het lidmaatschap is goedgekeurd" in response.content.decode()
    membership.refresh_from_db()
    assert membership.approval == Approval.APPROVED
    assert membership.decided_by == approver


def test_grant_through_the_admin_add_page_goes_through_the_rules(
    world, admins, newcomer, client, sign_in
):
    sign_in(admins[0])
    response = client.post(
        reverse("admin:organisations_membership_add"),
        {
            "user": newcomer.pk,
            "organisation": OrganisationFactory().pk,
            "role": Role.LINKING_PIN,
            "programme": world.programme.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer)
    assert membership.approval == Approval.PENDING
    assert membership.requested_by == admins[0]
    assert log_about(newcomer).get().action == Action.CREATE
