# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The referral form as people use it ("Forms and screens that
cost time today"): one parent and one child, more on request without
JavaScript; names, telephone numbers and free texts checked the same way
everywhere; a parent's date of birth may be unknown."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from buitenshuis.casework.models import Person
from buitenshuis.core.errors import RuleError
from buitenshuis.core.validators import name_error, normalise_phone
from buitenshuis.organisations.models import Membership
from buitenshuis.referrals.models import Referral
from buitenshuis.referrals.tests.test_entry import payload, submit


class _Focusable(HTMLParser):
    """Counts what the Tab key stops at inside the <form> elements of a
    page: links, buttons, text fields, selects, textareas, checkboxes, and
    a group of radio buttons once (the browser tabs into a group once)."""

    def __init__(self):
        super().__init__()
        self.in_form = 0
        self.count = 0
        self.radio_groups = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form += 1
            return
        if not self.in_form or "disabled" in attrs or attrs.get("tabindex") == "-1":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "hidden":
                return
            if kind == "radio":
                if attrs.get("name") in self.radio_groups:
                    return
                self.radio_groups.add(attrs.get("name"))
            self.count += 1
        elif tag in ("select", "textarea", "button") or (tag == "a" and "href" in attrs):
            self.count += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form -= 1


def tab_stops(html):
    parser = _Focusable()
    parser.feed(html)
    return parser.count


@pytest.fixture(autouse=True)
def _entry_urls(settings):
    settings.ROOT_URLCONF = "buitenshuis.referrals.tests.urls_entry"


# Tab stops measured before the change: 46 (two parent and four child blocks,
# a radio group counted once). One parent and one child now.
TAB_STOPS_BEFORE = 46


def test_the_form_starts_with_one_parent_and_one_child(world, sign_in):
    client = sign_in(world.users["referrer"])
    page = client.get(reverse("referrals:create")).content.decode()
    assert 'name="ouder1-first_name"' in page and 'name="ouder2-first_name"' not in page
    assert 'name="kind1-first_name"' in page and 'name="kind2-first_name"' not in page
    assert "Nog een ouder of verzorger toevoegen" in page and "Nog een kind toevoegen" in page
    assert tab_stops(page) < TAB_STOPS_BEFORE - 10, tab_stops(page)


def test_adding_a_child_keeps_what_was_typed_and_stores_nothing(world, sign_in):
    client = sign_in(world.users["referrer"])
    data = payload(world, toevoegen="kind", kinderen="1", ouders="1")
    del data["ouder2-has_parental_authority"]
    response = submit(client, data)
    assert response.status_code == 200 and not Referral.objects.exists()
    page = response.content.decode()
    assert 'name="kind2-first_name"' in page and 'name="kind3-first_name"' not in page
    assert 'value="Sam"' in page and "ZORGTEKST-42" in page  # typed text kept
    assert "Controleer het formulier" not in page  # adding is not sending
    assert 'name="kinderen" value="2"' in page
    added = re.search(r'<input[^>]*name="kind2-first_name"[^>]*>', page).group(0)
    assert "autofocus" in added
    # A second parent, then the maximum: no more "add parent" button.
    data.update({"toevoegen": "ouder", "kinderen": "2"})
    page = submit(client, data).content.decode()
    assert 'name="ouder2-first_name"' in page
    assert "Nog een ouder of verzorger toevoegen" not in page


def test_an_added_parent_has_parental_authority_ticked_like_the_first(world, sign_in):
    """The added block shows its defaults: before, the second parent's
    "Heeft gezag" box came up unticked (bound to a post without it), unlike
    the first parent's, so a referrer easily sent a parent without
    authority by mistake (found by the Voorbeeld 3 and 4 browser test)."""
    client = sign_in(world.users["referrer"])
    data = payload(world, toevoegen="ouder", ouders="1")
    del data["ouder2-has_parental_authority"]
    page = submit(client, data).content.decode()
    assert not Referral.objects.exists()
    first = re.search(r'<input[^>]*name="ouder1-has_parental_authority"[^>]*>', page).group(0)
    added = re.search(r'<input[^>]*name="ouder2-has_parental_authority"[^>]*>', page).group(0)
    assert "checked" in first and "checked" in added
    assert 'value="Mira"' in page  # what was typed in the first block stays
    # Unticking the first parent's box and adding a child keeps it unticked.
    data = payload(world, toevoegen="kind", ouders="2", kinderen="1")
    del data["ouder1-has_parental_authority"]
    page = submit(client, data).content.decode()
    first = re.search(r'<input[^>]*name="ouder1-has_parental_authority"[^>]*>', page).group(0)
    assert "checked" not in first


def test_six_children_at_most(world, sign_in):
    client = sign_in(world.users["referrer"])
    page = submit(client, payload(world, toevoegen="kind", kinderen="6")).content.decode()
    assert 'name="kind6-first_name"' in page and 'name="kind7-first_name"' not in page
    assert "Nog een kind toevoegen" not in page


def test_parent_contact_details_unknown_birth_date_and_referrer_phone(world, sign_in):
    referrer = world.users["referrer"]
    referrer.phone = ""
    referrer.save()
    client = sign_in(referrer)
    assert "Uw telefoonnummer" in client.get(reverse("referrals:create")).content.decode()
    data = payload(
        world,
        ouder1__date_of_birth="",
        ouder1__phone="+31 (0)6-1234 5678",
        ouder1__email="mira@example.org",
        ouder1__interpreter_language="Tigrinya",
        ouder2__first_name="Ömer",
        ouder2__last_name="Özdemir-van der Berg",
        ouder2__phone="030 123 4567",
        kind2__first_name="Noor",
        kind2__last_name="Verzonnen",
        kind2__date_of_birth="2015-06-01",
        referrer_phone="06-87654321",
    )
    response = submit(client, data)
    assert response.status_code == 302, response.content.decode()
    mira = Person.objects.get(first_name="Mira")
    assert mira.date_of_birth is None and mira.age is None
    assert mira.phone == "06 12345678" and mira.email == "mira@example.org"
    assert mira.interpreter_needed and mira.interpreter_language == "Tigrinya"
    omer = Person.objects.get(first_name="Ömer")
    assert omer.phone == "030 1234567" and not omer.interpreter_needed
    referrer.refresh_from_db()
    assert referrer.phone == "06 87654321"
    # Once known, the form does not ask again.
    assert "Uw telefoonnummer" not in client.get(reverse("referrals:create")).content.decode()


def test_a_childs_birth_date_stays_required(world, sign_in):
    client = sign_in(world.users["referrer"])
    response = submit(client, payload(world, kind1__date_of_birth=""))
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Kind 1, Geboortedatum: Dit veld is verplicht." in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "José",
        "Özdemir",
        "O'Neil",
        "O’Neil",
        "van der Berg-Smit",
        "Nguyễn",
        "Ødegård",
        "ʻOkina",
        "J.P.",
        "Zoë",
        "Ahmed al-Farsi",
        "Łukasz",
        "Χρήστος",
        "Иван",
        "محمد",
        "王芳",
    ],
)
def test_every_real_name_is_accepted(name):
    assert name_error(name) is None
    assert name_error(name.encode().decode()) is None


@pytest.mark.parametrize(
    "name",
    [
        "<script>",
        'Jan"',
        "{{ naam }}",
        "Jan2",
        "R2D2",
        "Jan;",
        "-Jan",
        "'Jan",
        "Jan & Piet",
        "jan@example.org",
        "Jan/Piet",
    ],
)
def test_markup_and_digits_in_names_are_refused(name):
    assert name_error(name)


@pytest.mark.parametrize(
    "field", ["family_name", "ouder1-first_name", "ouder1-last_name", "kind1-first_name"]
)
def test_every_name_field_refuses_markup_in_one_message(world, sign_in, field):
    client = sign_in(world.users["referrer"])
    response = submit(client, {**payload(world), field: "<b>Jan</b>"})
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "Een naam bestaat uit letters" in response.content.decode()


@pytest.mark.parametrize(
    "number,written",
    [
        ("0612345678", "06 12345678"),
        ("+31612345678", "06 12345678"),
        ("0031 6 12345678", "06 12345678"),
        ("020-1234567", "020 1234567"),
        ("0297 123456", "0297 123456"),
        ("085-1234567", "085 1234567"),
        ("061234567", None),
        ("12345", None),
        ("+32 470 12 34 56", None),
        ("06 1234 567a", None),
    ],
)
def test_dutch_telephone_numbers(number, written):
    assert normalise_phone(number) == written


def test_free_texts_state_and_enforce_their_maximum(world, sign_in):
    client = sign_in(world.users["referrer"])
    page = client.get(reverse("referrals:create")).content.decode()
    assert 'maxlength="2000"' in page and "Maximaal 2.000 tekens." in page
    response = submit(client, payload(world, worries="x" * 2001))
    assert response.status_code == 200 and not Referral.objects.exists()
    assert "niet meer dan 2000 tekens" in response.content.decode()


def test_the_rule_enforces_names_and_lengths_too(world):
    from buitenshuis.referrals import rules
    from buitenshuis.referrals.tests.test_entry import _submission

    membership = Membership.objects.get(user=world.users["referrer"])
    family, parents, children, referral = _submission(world)
    family["family_name"] = "<Verzonnen>"
    referral["worries"] = "x" * 2001
    children[0]["date_of_birth"] = None
    with pytest.raises(RuleError) as refused:
        rules.submit_referral(membership.user, membership, family, parents, children, referral)
    message = str(refused.value)
    assert "De gezinsnaam" in message and "Zorgen" in message and "geboortedatum" in message
    assert not Referral.objects.exists()


def test_every_free_text_of_every_form_has_a_maximum():
    """No textarea without a limit the form can state (base fields of every
    form class of the project)."""
    import django.forms as djforms

    from buitenshuis.activities import (  # noqa
        forms_locations,
        forms_placements,
        forms_staff,
        forms_start,
    )
    from buitenshuis.referrals import (  # noqa
        forms_address,
        forms_decision,
        forms_duplicates,
        forms_entry,
        forms_intake,
        forms_mandate,
    )

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    missing = [
        f"{form.__name__}.{name}"
        for base in (djforms.Form, djforms.ModelForm)
        for form in subclasses(base)
        if form.__module__.startswith("buitenshuis.")
        for name, field in form.base_fields.items()
        if isinstance(field.widget, djforms.Textarea)
        and type(field).__name__ != "CriteriaField"
        and not getattr(field, "max_length", None)
    ]
    assert missing == []
