"""Benchmark: the lists a user opens most, at national-ish scale, measured
as ordinary users (permission filtering is where lists get slow).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/lists.py
    .venv/bin/python bench/lists.py --families 20000   # SQLite in a temporary file

It builds a fresh database (migrate), generates synthetic programmes,
linking pins, families and referrals in bulk, then times each page for a
linking pin, a coordinator and a referrer: the median of several requests
through Django's test client (no network), and the number of SQL queries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument("--programmes", type=int, default=40)
    parser.add_argument("--pins-per-programme", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        os.environ["DATABASE_URL"] = f"sqlite:///{handle.name}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["REQUIRE_SECOND_FACTOR"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "buitenshuis.settings"
    os.environ["GEOCODER_ENABLED"] = "0"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor}; building ...", flush=True)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    users = build(args)
    pages = [
        "/",
        "/casework/gezinnen/",
        "/casework/gezinnen/?q=BENCH-1",
        "/aanmeldingen/",
        "/aanmeldingen/mijn/",
    ]
    print(f"{'user':<14} {'page':<34} {'median ms':>9} {'queries':>8} {'status':>6}")
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        for page in pages:
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                response = client.get(page)
                timings.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(page)
            print(
                f"{label:<14} {page:<34} {statistics.median(timings):9.1f} "
                f"{len(queries):8d} {response.status_code:6d}"
            )


def build(args):
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from buitenshuis.casework.models import Enrolment, Family, Person
    from buitenshuis.organisations.models import (
        Membership,
        Municipality,
        Organisation,
        OrganisationType,
        Programme,
        Region,
        Role,
    )
    from buitenshuis.referrals.models import Referral

    User = get_user_model()
    with transaction.atomic():
        region = Region.objects.create(name="Benchregio")
        org = Organisation.objects.create(name="Bench jeugdhulp", type=OrganisationType.YOUTH_CARE)
        referrer_org = Organisation.objects.create(
            name="Bench wijkteam", type=OrganisationType.SOCIAL_TEAM
        )
        programmes, municipalities, pins = [], [], []
        referrer = User.objects.create_user("bench_referrer", password="x")
        for p in range(args.programmes):
            municipality = Municipality.objects.create(
                name=f"Benchgemeente {p}", cbs_code=f"GM{8000 + p:04d}", region=region
            )
            programme = Programme.objects.create(name=f"Benchprogramma {p}", region=region)
            programme.municipalities.add(municipality)
            programmes.append(programme)
            municipalities.append(municipality)
            Membership.objects.create(
                user=referrer, organisation=referrer_org, role=Role.REFERRER, programme=programme
            )
            for n in range(args.pins_per_programme):
                pin = User.objects.create_user(f"bench_pin_{p}_{n}", password="x")
                Membership.objects.create(
                    user=pin, organisation=org, role=Role.LINKING_PIN, programme=programme
                )
                pins.append((programme, pin))
        coordinator = User.objects.create_user("bench_coord", password="x")
        Membership.objects.create(
            user=coordinator, organisation=org, role=Role.COORDINATOR, programme=programmes[0]
        )
        families = []
        for i in range(args.families):
            programme, _ = pins[i % len(pins)]
            families.append(
                Family(
                    programme=programme,
                    reference=f"BENCH-{i:06d}",
                    family_name=f"Benchgezin{i}",
                    house_number=str(i % 200 + 1),
                    postcode="9999 ZZ",
                    municipality=municipalities[programmes.index(programme)],
                    created_by=referrer,
                )
            )
        Family.objects.bulk_create(families, batch_size=2000)
        families = list(Family.objects.order_by("pk"))
        enrolments = [
            Enrolment(
                family=family,
                linking_pin=pins[i % len(pins)][1],
                status=Enrolment.Status.ACTIVE,
                start_date=datetime.date(2026, 1, 1),
                end_date=datetime.date(2028, 1, 1),
            )
            for i, family in enumerate(families)
        ]
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        enrolments = list(Enrolment.objects.order_by("family_id"))
        Person.objects.bulk_create(
            [
                Person(
                    family=family,
                    kind=Person.Kind.CHILD,
                    first_name="Benchkind",
                    last_name=family.family_name,
                    date_of_birth=datetime.date(2018, 1, 1),
                )
                for family in families
            ],
            batch_size=2000,
        )
        Referral.objects.bulk_create(
            [
                Referral(
                    programme=family.programme,
                    family=family,
                    enrolment=enrolment,
                    referred_by=referrer,
                    referrer_organisation=referrer_org,
                    route="social_team",
                    veilig_thuis="none",
                    worries="Verzonnen.",
                    status=Referral.Status.ACCEPTED,
                )
                for family, enrolment in zip(families, enrolments, strict=True)
            ],
            batch_size=2000,
        )
    print(
        f"built {args.families} families in {args.programmes} programmes with "
        f"{len(pins)} linking pins",
        flush=True,
    )
    return {"linking pin": pins[0][1], "coordinator": coordinator, "referrer": referrer}


if __name__ == "__main__":
    main()
