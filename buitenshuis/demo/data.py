"""Synthetic demo data: one invented region with three invented
municipalities and one programme. Every name is obviously made up.

``load()`` is idempotent: running it twice changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from buitenshuis.casework.models import Contact, Enrolment, Family, Person
from buitenshuis.organisations.models import (
    Location,
    Membership,
    Municipality,
    Organisation,
    OrganisationType,
    Programme,
    Region,
    Role,
)

DEMO_PASSWORD = "demo"

# username, first name, last name, role, organisation key
ACCOUNTS = [
    ("coordinator", "Cora", "Coördinatorius", Role.COORDINATOR, "municipality"),
    ("beleid", "Bram", "Beleidsma", Role.POLICY_OFFICER, "municipality"),
    ("linkingpin", "Lisa", "Linkerman", Role.LINKING_PIN, "youth_care"),
    ("opvang", "Otto", "Opvanger", Role.LOCATION_STAFF, "childcare"),
    ("verwijzer", "Vera", "Verwijsma", Role.REFERRER, "ggz"),
    ("onderzoeker", "Olaf", "Onderzoekstra", Role.RESEARCHER, "research"),
    ("beheer", "Bea", "Beheerders", Role.ADMINISTRATOR, "municipality"),
]
# A colleague linking pin without a password: shows that a linking pin sees
# only their own families.
COLLEAGUE = ("linkingpin2", "Lotte", "Lindeboomsma", Role.LINKING_PIN, "youth_care")

MUNICIPALITIES = [
    ("Verzonnenstad", "GM9991"),
    ("Fantasiedorp", "GM9992"),
    ("Denkbeeldrecht", "GM9993"),
]

ORGANISATIONS = {
    "municipality": ("Gemeente Verzonnenstad", OrganisationType.MUNICIPALITY),
    "youth_care": ("Jeugdhulp Denkbeeld", OrganisationType.YOUTH_CARE),
    "childcare": ("Kinderopvang Het Verzonnen Nest", OrganisationType.CHILDCARE),
    "ggz": ("GGZ Fictief", OrganisationType.ADULT_MENTAL_HEALTH),
    "research": ("Onderzoeksbureau Proefkonijn", OrganisationType.RESEARCH),
}

# reference, family name, street, number, postcode, municipality index,
# linking pin username, [(kind, first name, date of birth, problems)]
FAMILIES = [
    (
        "BH-DEMO-0001",
        "Testerman",
        "Nepstraat",
        "1",
        "9991 AA",
        0,
        "linkingpin",
        [
            ("parent", "Tamara", datetime.date(1988, 3, 14), ["kopp"]),
            ("child", "Timo", datetime.date(2019, 6, 2), []),
            ("child", "Tess", datetime.date(2015, 9, 21), []),
        ],
    ),
    (
        "BH-DEMO-0002",
        "Voorbeeldsma",
        "Fictieweg",
        "12",
        "9991 AB",
        0,
        "linkingpin",
        [
            ("parent", "Victor", datetime.date(1983, 11, 5), ["kov"]),
            ("child", "Vince", datetime.date(2012, 1, 30), []),
        ],
    ),
    (
        "BH-DEMO-0003",
        "Demodijk",
        "Verzinsellaan",
        "7",
        "9992 BC",
        1,
        "linkingpin",
        [
            ("parent", "Daan", datetime.date(1990, 7, 19), ["kovb"]),
            ("parent", "Dewi", datetime.date(1991, 2, 8), ["kopp"]),
            ("child", "Dana", datetime.date(2021, 4, 11), []),
        ],
    ),
    (
        "BH-DEMO-0004",
        "Proefhuis",
        "Bedachtplein",
        "3",
        "9993 CD",
        2,
        "linkingpin2",
        [
            ("parent", "Petra", datetime.date(1986, 12, 1), ["kopp", "kov"]),
            ("child", "Pim", datetime.date(2016, 8, 17), []),
        ],
    ),
    (
        "BH-DEMO-0005",
        "Schijnveld",
        "Droomstraat",
        "45",
        "9993 CE",
        2,
        "linkingpin2",
        [
            ("parent", "Sanne", datetime.date(1993, 5, 25), ["other"]),
            ("child", "Sem", datetime.date(2010, 10, 3), []),
        ],
    ),
]


@transaction.atomic
def load():
    """Create or update the demo data; returns the demo accounts."""
    User = get_user_model()
    region, _ = Region.objects.get_or_create(name="Regio Verzonnenland")
    municipalities = []
    for name, code in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(
            cbs_code=code, defaults={"name": name, "region": region}
        )
        municipalities.append(municipality)
    programme, _ = Programme.objects.get_or_create(
        name="Buitenshuisproject Regio Verzonnenland", defaults={"region": region}
    )
    programme.municipalities.add(*municipalities)
    organisations = {
        key: Organisation.objects.get_or_create(
            name=name, type=kind, defaults={"municipality": municipalities[0]}
        )[0]
        for key, (name, kind) in ORGANISATIONS.items()
    }
    location, _ = Location.objects.get_or_create(
        organisation=organisations["childcare"],
        name="Locatie Fantasietuin",
        defaults={
            "street": "Speelweide",
            "house_number": "2",
            "postcode": "9991 AC",
            "city": "Verzonnenstad",
            "municipality": municipalities[0],
        },
    )

    users = {}
    for username, first, last, role, org_key in ACCOUNTS + [COLLEAGUE]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demo.invalid",
                "is_demo": True,
            },
        )
        if created:
            if (username, first, last, role, org_key) == COLLEAGUE:
                user.set_unusable_password()
            else:
                user.set_password(DEMO_PASSWORD)
            user.save()
        membership, _ = Membership.objects.get_or_create(
            user=user,
            organisation=organisations[org_key],
            role=role,
            programme=None if role == Role.ADMINISTRATOR else programme,
            defaults={"is_privacy_officer": role == Role.ADMINISTRATOR},
        )
        if role == Role.LOCATION_STAFF:
            membership.locations.add(location)
        users[username] = user

    for reference, family_name, street, number, postcode, m_index, pin, members in FAMILIES:
        family, created = Family.objects.get_or_create(
            reference=reference,
            defaults={
                "programme": programme,
                "family_name": family_name,
                "street": street,
                "house_number": number,
                "postcode": postcode,
                "city": municipalities[m_index].name,
                "municipality": municipalities[m_index],
                "created_by": users["verwijzer"],
            },
        )
        if not created:
            continue
        for kind, first, born, problems in members:
            Person.objects.create(
                family=family,
                kind=kind,
                first_name=first,
                last_name=family_name,
                date_of_birth=born,
                problem_categories=problems,
            )
        enrolment = Enrolment.objects.create(
            family=family,
            linking_pin=users[pin],
            status=Enrolment.Status.ACTIVE,
            start_date=datetime.date(2026, 3, 1),
            end_date=datetime.date(2028, 3, 1),
        )
        Contact.objects.create(
            enrolment=enrolment,
            date=datetime.date(2026, 3, 2),
            minutes=60,
            kind=Contact.Kind.HOME_VISIT,
            notes="Kennismaking bij het gezin thuis (verzonnen verslag).",
            author=users[pin],
        )
    return [users[username] for username, *_ in ACCOUNTS]
