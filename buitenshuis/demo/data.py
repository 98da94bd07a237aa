"""Synthetic demo data: one invented region with three invented
municipalities and one programme. Every name is obviously made up.

``load()`` is idempotent: running it twice changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from buitenshuis.activities import geocoding
from buitenshuis.activities.models import Contract, GeocodeCache
from buitenshuis.casework.models import Contact, Enrolment, Family, Person
from buitenshuis.organisations.models import (
    ActivityType,
    Location,
    Membership,
    Municipality,
    Organisation,
    OrganisationType,
    Programme,
    Region,
    Role,
)
from buitenshuis.referrals.models import (
    Consent,
    Decision,
    Intake,
    LegalBasis,
    Referral,
    ReferralSettings,
    Route,
    VeiligThuisStatus,
)
from buitenshuis.referrals.rules import add_months, required_consenters

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


# Referrals on their way through the route, so the demo shows it: one just
# received, one in intake for 16 days (overdue: no decision after 14 days),
# one accepted three days ago without an activity start (overdue: 48 hours).
# reference, family name, street, number, postcode, status, days since
# referral, hours since decision, route, worries, [(kind, first name, born, problems)]
REFERRALS = [
    (
        "BH-DEMO-0101",
        "Verzinsma",
        "Kaartenhuislaan",
        "5",
        "9991 AD",
        Referral.Status.RECEIVED,
        2,
        None,
        Route.GGZ_KINDCHECK,
        "Verzonnen zorgen: moeder is opgenomen geweest; de kinderen zijn veel alleen.",
        [
            ("parent", "Fenna", datetime.date(1989, 4, 9), ["kopp"]),
            ("child", "Floor", datetime.date(2017, 2, 14), []),
        ],
    ),
    (
        "BH-DEMO-0102",
        "Bedenkhof",
        "Luchtkasteelweg",
        "21",
        "9992 BD",
        Referral.Status.INTAKE,
        16,
        None,
        Route.SOCIAL_TEAM,
        "Verzonnen zorgen: vader drinkt veel; de oudste zorgt voor het jongste kind.",
        [
            ("parent", "Gijs", datetime.date(1984, 8, 30), ["kov"]),
            ("child", "Guusje", datetime.date(2013, 12, 1), []),
            ("child", "Gerrit", datetime.date(2020, 6, 6), []),
        ],
    ),
    (
        "BH-DEMO-0103",
        "Nepstra",
        "Spiegelplein",
        "9",
        "9991 AE",
        Referral.Status.ACCEPTED,
        9,
        72,
        Route.VEILIG_THUIS,
        "Verzonnen zorgen: melding bij Veilig Thuis; ouders staan open voor hulp.",
        [
            ("parent", "Hanna", datetime.date(1992, 1, 17), ["kopp", "kovb"]),
            ("child", "Huub", datetime.date(2019, 10, 22), []),
        ],
    ),
]


# Places for the programme (issue 4): the demo location is an after-school
# club where the trained demo staff member ("opvang") works; a second,
# invented day care has a contract but no trained staff yet (not ready), so
# the coordinator's permission can be shown.
# name, street, number, postcode, type, LRK number, ages, tariff, unit
LOCATIONS = [
    (
        "Locatie Fantasietuin",
        "Speelweide",
        "2",
        "9991 AC",
        ActivityType.AFTER_SCHOOL,
        "999999901",
        (4, 12),
        "9.98",
        Contract.TariffUnit.HOUR,
    ),
    (
        "Kinderdagverblijf Wolkenkoekoek",
        "Luchtspiegeling",
        "14",
        "9992 BE",
        ActivityType.DAY_CARE,
        "999999902",
        (0, 3),
        "1450.00",
        Contract.TariffUnit.MONTH,
    ),
]

# Invented coordinates for the invented demo addresses, so that distances
# show without the national address service (the demo works offline).
DEMO_COORDINATES = {
    ("9991 AA", "1"): (53.2012, 6.5101),
    ("9991 AB", "12"): (53.2031, 6.5188),
    ("9992 BC", "7"): (53.1822, 6.5615),
    ("9993 CD", "3"): (53.1504, 6.6120),
    ("9993 CE", "45"): (53.1527, 6.6183),
    ("9991 AD", "5"): (53.2055, 6.5142),
    ("9992 BD", "21"): (53.1840, 6.5580),
    ("9991 AE", "9"): (53.1990, 6.5230),
    ("9991 AC", "2"): (53.2004, 6.5202),
    ("9992 BE", "14"): (53.1901, 6.5402),
}


def _load_places(programme, organisation, municipalities):
    """The demo locations with their contracts, trained staff and the
    coordinates of every demo address. Returns the demo location."""
    locations = []
    for name, street, number, postcode, kind, lrk, (low, high), tariff, unit in LOCATIONS:
        location, _ = Location.objects.get_or_create(
            organisation=organisation,
            name=name,
            defaults={
                "street": street,
                "house_number": number,
                "postcode": postcode,
                "city": municipalities[0].name
                if postcode.startswith("9991")
                else municipalities[1].name,
                "municipality": municipalities[0]
                if postcode.startswith("9991")
                else municipalities[1],
                "activity_type": kind,
                "lrk_number": lrk,
                "age_min": low,
                "age_max": high,
            },
        )
        Contract.objects.get_or_create(
            location=location,
            programme=programme,
            defaults={
                "places": 3,
                "tariff": tariff,
                "tariff_unit": unit,
                "invoicing": Contract.Invoicing.YEARLY,
                "valid_from": datetime.date(2026, 1, 1),
                "valid_to": datetime.date(2028, 12, 31),
            },
        )
        locations.append(location)
    for (postcode, number), (latitude, longitude) in DEMO_COORDINATES.items():
        GeocodeCache.objects.get_or_create(
            query=geocoding.cache_key(postcode, number),
            defaults={"found": True, "latitude": latitude, "longitude": longitude},
        )
    return locations[0]


def _load_training(users):
    """The demo linking pin and the demo location staff member have
    completed their training (the colleague linking pin has not)."""
    from buitenshuis.training.models import REQUIRED, TrainingRecord

    for username, role in [("linkingpin", Role.LINKING_PIN), ("opvang", Role.LOCATION_STAFF)]:
        for module in REQUIRED[role]:
            TrainingRecord.objects.get_or_create(
                user=users[username],
                module=module,
                defaults={
                    "completed_on": datetime.date(2026, 1, 15),
                    "recorded_by": users["coordinator"],
                },
            )


def _load_referrals(programme, municipalities, organisations, users):
    ReferralSettings.objects.get_or_create(
        programme=programme,
        defaults={"municipality_reference": "VERZ-BH-2026", "retention_days": 365},
    )
    now = timezone.now()
    for (
        reference,
        family_name,
        street,
        number,
        postcode,
        status,
        days_ago,
        decided_hours_ago,
        route,
        worries,
        members,
    ) in REFERRALS:
        if Family.objects.filter(reference=reference).exists():
            continue
        family = Family.objects.create(
            reference=reference,
            programme=programme,
            family_name=family_name,
            street=street,
            house_number=number,
            postcode=postcode,
            city=municipalities[0].name if postcode.startswith("9991") else municipalities[1].name,
            municipality=municipalities[0] if postcode.startswith("9991") else municipalities[1],
            created_by=users["verwijzer"],
        )
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
            linking_pin=users["linkingpin"],
            status={
                Referral.Status.RECEIVED: Enrolment.Status.REFERRED,
                Referral.Status.INTAKE: Enrolment.Status.INTAKE,
                Referral.Status.ACCEPTED: Enrolment.Status.ACTIVE,
            }[status],
        )
        referral = Referral.objects.create(
            programme=programme,
            family=family,
            enrolment=enrolment,
            referred_by=users["verwijzer"],
            referrer_organisation=organisations["ggz"],
            route=route,
            veilig_thuis=(
                VeiligThuisStatus.REPORTED
                if route == Route.VEILIG_THUIS
                else VeiligThuisStatus.NONE
            ),
            worries=worries,
            help_involved="Verzonnen: huisarts en sociaal team zijn betrokken.",
            status=status,
        )
        times = {"received_at": now - datetime.timedelta(days=days_ago)}
        if status != Referral.Status.RECEIVED:
            Intake.objects.create(
                referral=referral,
                conversation="Verzonnen intakegesprek bij het gezin thuis.",
                criteria_met=["Casus van het sociaal (wijk)team"],
                legal_basis=LegalBasis.CONSENT,
                held_on=timezone.localdate() - datetime.timedelta(days=days_ago - 1),
                recorded_by=users["linkingpin"],
            )
        if decided_hours_ago is not None:
            decided_at = now - datetime.timedelta(hours=decided_hours_ago)
            start = timezone.localdate(decided_at)
            end = add_months(start, 24)
            # The required consent (parents with authority, the child from 12).
            for child in family.members.filter(kind=Person.Kind.CHILD):
                for person in required_consenters(
                    child, list(family.members.filter(kind=Person.Kind.PARENT)), start
                ):
                    Consent.objects.create(
                        referral=referral,
                        child=child,
                        given_by=person,
                        given_on=start,
                        recorded_by=users["linkingpin"],
                    )
            decision = Decision.objects.create(
                referral=referral,
                outcome=Decision.Outcome.ACCEPTED,
                decided_by=users["beleid"],
                start_date=start,
                end_date=end,
                municipality_reference="VERZ-BH-2026",
            )
            Decision.objects.filter(pk=decision.pk).update(decided_at=decided_at)
            Enrolment.objects.filter(pk=enrolment.pk).update(start_date=start, end_date=end)
            times["decided_at"] = decided_at
        Referral.objects.filter(pk=referral.pk).update(**times)


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
    location = _load_places(programme, organisations["childcare"], municipalities)

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
    _load_training(users)
    _load_referrals(programme, municipalities, organisations, users)
    return [users[username] for username, *_ in ACCOUNTS]
