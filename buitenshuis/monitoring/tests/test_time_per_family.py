# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The linking pin's time per family on the start page: an average over
the last three whole months, of the families whose contacts the user may
see, computed by hand here."""

import datetime

from buitenshuis.casework.models import Contact
from buitenshuis.casework.tests.factories import ContactFactory
from buitenshuis.monitoring import figures

TODAY = datetime.date(2026, 5, 20)  # the last three whole months: February to April


def test_the_average_over_the_last_three_whole_months(world):
    enrolment = world.own_enrolment
    enrolment.start_date, enrolment.end_date = datetime.date(2026, 1, 10), datetime.date(2028, 1, 9)
    enrolment.save()
    Contact.objects.filter(enrolment__family__programme=world.programme).delete()
    for day, minutes in (
        ((2026, 1, 31), 500),  # before the period
        ((2026, 2, 3), 60),
        ((2026, 3, 3), 90),
        ((2026, 4, 28), 30),
        ((2026, 5, 2), 400),  # the current month: not yet counted
    ):
        ContactFactory(enrolment=enrolment, date=datetime.date(*day), minutes=minutes)
    # One family over three months: 180 minutes, 60 a month. Other running
    # enrolments of the programme count as months without contact for the
    # coordinator, so the linking pin's own figure is the one computed here.
    found = figures.time_per_family(world.users["linking_pin"], today=TODAY)
    assert found["time_first_month"] == datetime.date(2026, 2, 1)
    assert found["time_last_month"] == datetime.date(2026, 4, 30)
    own = [e for e in world.users["linking_pin"].enrolments.all() if e.start_date]
    months = sum(
        len(
            [
                m
                for m in (2, 3, 4)
                if e.start_date <= datetime.date(2026, m, 28)
                and (e.end_date is None or e.end_date >= datetime.date(2026, m, 1))
            ]
        )
        for e in own
    )
    assert found["time_per_family"] == round(180 / months)


def test_a_referrer_sees_no_time_figure(world, client, sign_in):
    sign_in(world.users["referrer"])
    assert "Tijd per gezin" not in client.get("/").content.decode()


def test_the_coordinator_sees_the_programmes_figure_on_the_start_page(world, client, sign_in):
    enrolment = world.own_enrolment
    enrolment.start_date = datetime.date(2025, 1, 1)
    enrolment.end_date = datetime.date(2027, 1, 1)
    enrolment.save()
    ContactFactory(
        enrolment=enrolment,
        date=datetime.date.today().replace(day=1) - datetime.timedelta(days=3),
        minutes=45,
    )
    sign_in(world.users["coordinator"])
    page = client.get("/").content.decode()
    assert "Tijd per gezin" in page and "per gezin per maand" in page
