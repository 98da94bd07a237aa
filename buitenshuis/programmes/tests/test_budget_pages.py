# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The budget pages: setting a year's budget (with clear Dutch messages on
bad input and nothing half stored), what the coordinator and the policy
officer see (money, never case notes), a municipality's share, the 80%
warning in the work queue, and the decision refused over budget."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from buitenshuis.activities.models import Contract
from buitenshuis.activities.tests.factories import ContractFactory, PlacementFactory
from buitenshuis.audit.models import AccessLogEntry
from buitenshuis.casework.models import Contact, Enrolment, Person
from buitenshuis.casework.tests.factories import ContactFactory
from buitenshuis.organisations.models import OrganisationType, Role
from buitenshuis.organisations.tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
)
from buitenshuis.programmes.models import Budget, BudgetModel, BudgetShare
from buitenshuis.programmes.tests.factories import BudgetFactory
from buitenshuis.referrals.models import Decision
from buitenshuis.referrals.tests.test_decision import accept, ready_referral

D = Decimal
YEAR = timezone.localdate().year
NOTE = "Verzonnen verslag: moeder vertelde over haar zorgen thuis."


def budget_url(world, year=YEAR):
    return f"{reverse('programmes:budget')}?programme={world.programme.pk}&jaar={year}"


def edit_url(world, year=YEAR):
    return f"{reverse('programmes:budget_edit', args=[year])}?programme={world.programme.pk}"


FORM = {
    "model": BudgetModel.FIXED_AMOUNT,
    "families": "",
    "activity_amount": "30000,00",
    "linking_pin_amount": "5000,50",
    "training_amount": "1000",
    "hourly_rate": "80,00",
    "planned_hours_per_month": "4,5",
    "note": "Verzonnen toelichting.",
}


@pytest.fixture
def costed(world):
    """The world's own family accepted this year, its child placed at 900.00
    a month for the whole year, a contact with notes."""
    w = world
    enrolment = w.own_enrolment
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.start_date = datetime.date(YEAR, 1, 1)
    enrolment.end_date = datetime.date(YEAR + 1, 12, 31)
    enrolment.save()
    child = w.own_family.members.filter(kind=Person.Kind.CHILD).first()
    PlacementFactory(
        enrolment=enrolment,
        child=child,
        contract=ContractFactory(
            programme=w.programme,
            location=w.location,
            tariff=D("900.00"),
            tariff_unit=Contract.TariffUnit.MONTH,
        ),
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )
    ContactFactory(enrolment=enrolment, date=datetime.date(YEAR, 1, 2), notes=NOTE)
    return w


def test_the_coordinator_sets_a_budget_in_dutch_amounts(client, sign_in, world):
    sign_in(world.users["coordinator"])
    response = client.post(edit_url(world), FORM)
    assert response.status_code == 302
    plan = Budget.objects.get(programme=world.programme, year=YEAR)
    assert plan.activity_amount == D("30000.00")
    assert plan.linking_pin_amount == D("5000.50")
    assert plan.total == D("36000.50")
    assert plan.planned_hours_per_month == D("4.5")
    page = client.get(response["Location"]).content.decode()
    assert "€ 36.000,50" in page
    # Changed later: the same row, its history kept.
    client.post(edit_url(world), {**FORM, "activity_amount": "31000"})
    plan.refresh_from_db()
    assert plan.total == D("37000.50") and plan.history.count() == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"activity_amount": "-5"}, "Een bedrag kan niet negatief zijn."),
        ({"activity_amount": "dertig"}, "Vul een bedrag in euro&#x27;s in"),
        ({"activity_amount": "12,345"}, "Gebruik hoogstens twee cijfers achter de komma."),
        (
            {"model": BudgetModel.FIXED_FAMILIES, "families": ""},
            "Vul het aantal gezinnen in",
        ),
        (
            {"activity_amount": "0", "linking_pin_amount": "0", "training_amount": "0"},
            "Vul ten minste één bedrag in",
        ),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(
    client, sign_in, world, changes, message
):
    sign_in(world.users["policy_officer"])
    response = client.post(edit_url(world), {**FORM, **changes})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Budget.objects.exists()


def test_a_linking_pin_sees_no_budget(client, sign_in, world):
    sign_in(world.users["linking_pin"])
    assert client.get(budget_url(world)).status_code == 403
    assert client.get(edit_url(world)).status_code == 403
    assert client.get(reverse("activities:budget_costs")).status_code == 403


def test_another_programmes_budget_is_not_found(client, sign_in, world):
    sign_in(world.users["coordinator"])
    other = f"{reverse('programmes:budget')}?programme={world.other_programme.pk}"
    assert client.get(other).status_code == 404


def test_the_policy_officer_sees_money_and_no_case_notes(client, sign_in, costed):
    w = costed
    BudgetFactory(programme=w.programme, year=YEAR, hourly_rate=D("80"))
    sign_in(w.users["policy_officer"])
    page = client.get(budget_url(w)).content.decode()
    # 900.00 x 11.99 months = 10,791.00 for the placement.
    assert "€ 10.791,00" in page
    assert NOTE not in page
    costs = client.get(reverse("activities:budget_costs") + f"?programme={w.programme.pk}")
    content = costs.content.decode()
    assert w.own_family.reference in content and "€ 10.791,00" in content
    assert NOTE not in content
    # The list names a child: it is in the access log.
    entry = AccessLogEntry.objects.filter(user=w.users["policy_officer"]).latest("pk")
    assert w.own_family.pk in {subject.family_id for subject in entry.subjects.all()}


def test_committing_families_raises_the_warning_on_the_policy_officers_start_page(
    client, sign_in, costed
):
    w = costed
    # Committed: 10,791.00 for the placement (no planned hours costed here).
    plan = BudgetFactory(
        programme=w.programme,
        year=YEAR,
        activity_amount=D("20000"),
        linking_pin_amount=D("0"),
        training_amount=D("0"),
        planned_hours_per_month=D("0"),
    )
    sign_in(w.users["policy_officer"])
    start = client.get(reverse("portal:start")).content.decode()
    assert "Budget van dit jaar voor 80% of meer vastgelegd" not in start  # 53%
    plan.activity_amount = D("13000")  # 83%
    plan.save()
    start = client.get(reverse("portal:start")).content.decode()
    assert "Budget van dit jaar voor 80% of meer vastgelegd" in start
    sign_in(w.users["coordinator"])
    assert (
        "Budget van dit jaar voor 80% of meer vastgelegd"
        in client.get(reverse("portal:start")).content.decode()
    )
    plan.activity_amount = D("10000")  # 107%
    plan.save()
    start = client.get(reverse("portal:start")).content.decode()
    assert "Budget van dit jaar op: 100% vastgelegd" in start
    # A linking pin never sees the budget's warnings.
    sign_in(w.users["linking_pin"])
    assert "Budget van dit jaar" not in client.get(reverse("portal:start")).content.decode()


def test_a_municipalitys_policy_officer_sees_their_own_share(client, sign_in, costed):
    w = costed
    home = w.own_family.municipality
    other = MunicipalityFactory(name="Verzonnenveen", region=home.region)
    w.programme.municipalities.add(other)
    plan = BudgetFactory(programme=w.programme, year=YEAR)
    BudgetShare.objects.create(budget=plan, municipality=home, amount=D("100000"))
    BudgetShare.objects.create(budget=plan, municipality=other, amount=plan.total - D("100000"))
    officer = MembershipFactory(
        role=Role.POLICY_OFFICER,
        programme=w.programme,
        organisation=OrganisationFactory(
            type=OrganisationType.MUNICIPALITY, municipality=other, name="Gemeente Verzonnenveen"
        ),
    ).user
    sign_in(officer)
    page = client.get(budget_url(w)).content.decode()
    assert "Verzonnenveen" in page and "€ 35.000,00" in page
    # The other municipality's family and share are not on it.
    assert "€ 100.000,00" not in page and "€ 10.791,00" not in page
    costs = client.get(reverse("activities:budget_costs") + f"?programme={w.programme.pk}")
    assert w.own_family.reference not in costs.content.decode()
    # The coordinator sees both shares.
    sign_in(w.users["coordinator"])
    page = client.get(budget_url(w)).content.decode()
    assert "€ 100.000,00" in page and "€ 35.000,00" in page


def test_shares_that_do_not_add_up_are_refused(client, sign_in, world):
    w = world
    other = MunicipalityFactory(name="Verzonnenveen", region=w.programme.region)
    w.programme.municipalities.add(other)
    home = w.programme.municipalities.exclude(pk=other.pk).first()
    sign_in(w.users["coordinator"])
    response = client.post(
        edit_url(w),
        {**FORM, f"share_{home.pk}_amount": "20000", f"share_{other.pk}_amount": "1000"},
    )
    assert "De aandelen van de gemeenten tellen op tot € 21.000,00" in response.content.decode()
    assert not Budget.objects.exists() and not BudgetShare.objects.exists()
    response = client.post(
        edit_url(w),
        {**FORM, f"share_{home.pk}_amount": "30000,50", f"share_{other.pk}_amount": "6000"},
    )
    assert response.status_code == 302
    assert BudgetShare.objects.get(municipality=other).amount == D("6000.00")


def test_a_decision_over_budget_is_refused_with_the_budgets_reason(client, sign_in, world):
    referral = ready_referral(world)
    BudgetFactory(
        programme=world.programme,
        year=YEAR,
        model=BudgetModel.FIXED_FAMILIES,
        families=1,
    )
    sign_in(world.users["policy_officer"])
    response = accept(client, referral)
    content = response.content.decode()
    assert "Het budget van" in content and "gezinnen zijn geplaatst" in content
    assert not Decision.objects.filter(referral=referral).exists()


def test_recorded_hours_are_shown_beside_the_plan(client, sign_in, costed):
    w = costed
    BudgetFactory(programme=w.programme, year=YEAR)
    Contact.objects.update(minutes=0)
    Contact.objects.filter(notes=NOTE).update(minutes=90)
    sign_in(w.users["coordinator"])
    page = client.get(budget_url(w)).content.decode()
    # 90 minutes = 1.50 hours at 80.00 = 120.00.
    assert "1,50 uur vastgelegd als contactmomenten (€ 120,00)" in page


def test_the_project_plan_states_this_years_budget(client, sign_in, world):
    BudgetFactory(programme=world.programme, year=YEAR, activity_amount=D("100000"))
    sign_in(world.users["coordinator"])
    page = client.get(reverse("programmes:plan") + f"?programme={world.programme.pk}")
    text = page.content.decode()
    assert f"Budget {YEAR}: Een vast bedrag" in text and "€ 135.000,00" in text
    sign_in(world.users["linking_pin"])  # reads the plan, never the money
    page = client.get(reverse("programmes:plan") + f"?programme={world.programme.pk}")
    assert "€ 135.000,00" not in page.content.decode()


def test_the_set_up_pages_link_to_the_budget_for_who_may_open_it(client, sign_in, world):
    checklist = reverse("programmes:setup") + f"?programme={world.programme.pk}"
    budget_link = f'href="{reverse("programmes:budget")}?programme={world.programme.pk}"'
    sign_in(world.users["coordinator"])
    assert budget_link in client.get(checklist).content.decode()
    sign_in(world.users["linking_pin"])  # reads the checklist, never the money
    page = client.get(checklist)
    assert page.status_code == 200 and budget_link not in page.content.decode()
