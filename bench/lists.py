"""Benchmark: the pages a user opens most, at national scale, measured as
ordinary users (permission filtering is where lists get slow).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/lists.py
    DATABASE_URL=... .venv/bin/python bench/lists.py --families 300000
    DATABASE_URL=... .venv/bin/python bench/lists.py --reuse     # measure again, no rebuild
    .venv/bin/python bench/lists.py --families 2000               # SQLite in a temporary file

It builds a fresh database (migrate), generates a synthetic country in bulk
and times, for a linking pin, a coordinator, a policy officer, a member of
the location staff and a referrer: the start page with its work queue,
every list the work queue links to (the referral list with each ``?wacht=``
filter, possible duplicates, the location's children, the signals inbox)
and the role's usual lists. Each figure is the median of several requests
through Django's test client (no network) and is also reported as a ratio
to a *floor* measured in the same run: the signed-in user's own settings
page, which does no permission filtering and no data work. The ratio is
what to compare between runs and machines.

The country grows by adding programmes of the same size (``--per-programme``
families each, the history of a few years), so a person's own work is the
same at every size: a page whose ratio grows with ``--families`` scans more
than the user's own scope.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FLOOR = "/account/instellingen/"
CHUNK = 2000  # families per bulk round


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument(
        "--per-programme", type=int, default=750, help="families per programme (a few years)"
    )
    parser.add_argument("--pins-per-programme", type=int, default=10)
    parser.add_argument("--locations-per-programme", type=int, default=4)
    parser.add_argument("--referrers-per-programme", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the database built by an earlier run"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query")
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        os.environ["DATABASE_URL"] = f"sqlite:///{handle.name}"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    # Keys for the children's BSNs; bench-only, never used anywhere else.
    os.environ.setdefault("BSN_ENCRYPTION_KEY", "bench-only-bsn-encryption-key-0123456789")
    os.environ.setdefault("BSN_LOOKUP_KEY", "bench-only-bsn-lookup-key-0123456789abcdef")
    os.environ["REQUIRE_SECOND_FACTOR"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "buitenshuis.settings"
    os.environ["GEOCODER_ENABLED"] = "0"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(f"database: {connection.vendor}", flush=True)
    if args.reuse:
        call_command("migrate", verbosity=0)
        users = measured_users()
    else:
        if connection.vendor == "postgresql":
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        users = build(args)
        print(f"build: {time.perf_counter() - started:.0f} s", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    measure(args, users)


# Measuring -------------------------------------------------------------------


def pages_for(label, user):
    """The start page, every page its work queue links to, and the role's
    usual lists."""
    from buitenshuis.core import workqueue

    pages = ["/"]
    for item in workqueue.collect(user):
        url = item.url.split("#")[0]
        if url not in pages:
            pages.append(url)
    extra = {
        "linking pin": ["/aanmeldingen/", "/gezinnen/", "/gezinnen/?q=BENCH-0"],
        "coordinator": ["/aanmeldingen/", "/gezinnen/", "/aanmeldingen/dubbel/"],
        "policy officer": ["/aanmeldingen/"],
        "location staff": ["/activiteiten/mijn-locatie/"],
        "referrer": ["/aanmeldingen/mijn/"],
    }[label]
    return pages + [page for page in extra if page not in pages] + case_pages(label)


def case_pages(label):
    """The family page (the case hub) and the referral page of one running
    family of the measured linking pin, for the roles that open them."""
    from django.urls import reverse

    from buitenshuis.casework.models import Enrolment

    if label not in ("linking pin", "coordinator", "policy officer"):
        return []
    enrolment = (
        Enrolment.objects.filter(
            linking_pin__username="bench_pin_0_0", status=Enrolment.Status.ACTIVE
        )
        .select_related("referral")
        .order_by("pk")
        .first()
    )
    return [
        reverse("casework:family_detail", args=[enrolment.family_id]),
        reverse("referrals:detail", args=[enrolment.referral.pk]),
    ]


def timed(client, page, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(page)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(page)
    return statistics.median(timings), queries.captured_queries, response.status_code


def measure(args, users):
    from django.test import Client

    from buitenshuis.core import workqueue

    rows = []
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        timed(client, FLOOR, 2)  # warm up (session, translations, templates)
        floor_ms, floor_queries, _status = timed(client, FLOOR, args.repeat)
        rows.append((label, FLOOR + " (floor)", floor_ms, floor_ms, len(floor_queries), 200))
        items = {item.url.split("#")[0]: item.count for item in workqueue.collect(user)}
        for page in pages_for(label, user):
            ms, queries, status = timed(client, page, args.repeat)
            rows.append((label, page, ms, floor_ms, len(queries), status))
            if args.explain and queries:
                slowest = max(queries, key=lambda q: float(q["time"]))
                print(f"-- slowest query of {label} {page} ({slowest['time']} s):")
                print(slowest["sql"][:3000])
        print(
            f"{label}: work queue " + ", ".join(f"{url} {count}" for url, count in items.items()),
            flush=True,
        )
    print()
    print("| user | page | median ms | ratio to floor | queries | status |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, page, ms, floor_ms, queries, status in rows:
        print(f"| {label} | `{page}` | {ms:.1f} | {ms / floor_ms:.1f} | {queries} | {status} |")


def measured_users():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    names = {
        "linking pin": "bench_pin_0_0",
        "coordinator": "bench_coord_0",
        "policy officer": "bench_policy_0",
        "location staff": "bench_staff_0_0",
        "referrer": "bench_referrer_0_0",
    }
    return {label: User.objects.get(username=name) for label, name in names.items()}


# Building --------------------------------------------------------------------


def valid_bsns(start):
    """Citizen service numbers that pass the 11-test, in order from
    ``start`` (an 8-digit prefix)."""
    prefix = start
    while True:
        digits = f"{prefix:08d}"
        total = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and digits[0] != "0":
            yield digits + str(check)
        prefix += 1


class NoAutoNow:
    """Let bulk_create store the dates we give (a history of years) instead
    of ``auto_now_add`` stamping every row with today."""

    def __init__(self, *fields):
        self.fields = fields

    def __enter__(self):
        for field in self.fields:
            field.auto_now_add = False

    def __exit__(self, *exc):
        for field in self.fields:
            field.auto_now_add = True


def build(args):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from buitenshuis.activities.models import Contract, Placement, Signal
    from buitenshuis.casework import protected
    from buitenshuis.casework.models import Enrolment, Family, Handover, Person
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
    from buitenshuis.programmes.models import ProgrammeSettings
    from buitenshuis.referrals.models import (
        Consent,
        Decision,
        Intake,
        LegalBasis,
        PossibleDuplicate,
        Referral,
    )

    User = get_user_model()
    rng = random.Random(args.seed)
    today = timezone.localdate()
    now = timezone.now()
    programmes_n = max(1, -(-args.families // args.per_programme))
    password = make_password("x")
    fernet = protected._multi_fernet()
    bsns = valid_bsns(10000000)
    timings = {}

    def tick(name, started):
        timings[name] = timings.get(name, 0) + time.perf_counter() - started

    def user(name):
        return User(username=name, password=password, first_name=name, phone="0612345678")

    started = time.perf_counter()
    with transaction.atomic():
        region = Region.objects.create(name="Benchregio")
        youth_care = Organisation.objects.create(
            name="Bench jeugdhulp", type=OrganisationType.YOUTH_CARE
        )
        social_team = Organisation.objects.create(
            name="Bench wijkteam", type=OrganisationType.SOCIAL_TEAM
        )
        municipality_org = Organisation.objects.create(
            name="Bench gemeente", type=OrganisationType.MUNICIPALITY
        )
        childcare = Organisation.objects.create(
            name="Bench kinderopvang", type=OrganisationType.CHILDCARE
        )
        municipalities = Municipality.objects.bulk_create(
            Municipality(name=f"Benchgemeente {p}", cbs_code=f"GM{p:04d}", region=region)
            for p in range(programmes_n)
        )
        programmes = Programme.objects.bulk_create(
            Programme(name=f"Benchprogramma {p}", region=region) for p in range(programmes_n)
        )
        Programme.municipalities.through.objects.bulk_create(
            Programme.municipalities.through(programme=programme, municipality=municipality)
            for programme, municipality in zip(programmes, municipalities, strict=True)
        )
        ProgrammeSettings.objects.bulk_create(ProgrammeSettings(programme=p) for p in programmes)
        users = []
        for p in range(programmes_n):
            users += [user(f"bench_coord_{p}"), user(f"bench_policy_{p}")]
            users += [user(f"bench_pin_{p}_{n}") for n in range(args.pins_per_programme)]
            users += [user(f"bench_referrer_{p}_{n}") for n in range(args.referrers_per_programme)]
            for n in range(args.locations_per_programme):
                users += [user(f"bench_staff_{p}_{n}"), user(f"bench_staff_{p}_{n}_b")]
        User.objects.bulk_create(users, batch_size=5000)
        by_name = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
        locations = Location.objects.bulk_create(
            Location(
                organisation=childcare,
                name=f"Locatie {p}-{n}",
                municipality=municipalities[p],
                activity_type=ActivityType.AFTER_SCHOOL if n % 2 else ActivityType.DAY_CARE,
                lrk_number=f"{100000000 + p * 10 + n}",
                age_min=0,
                age_max=17,
            )
            for p in range(programmes_n)
            for n in range(args.locations_per_programme)
        )
        contracts = Contract.objects.bulk_create(
            Contract(
                location=location,
                programme=programmes[i // args.locations_per_programme],
                places=50,
                tariff="10.50",
                valid_from=datetime.date(2020, 1, 1),
            )
            for i, location in enumerate(locations)
        )
        memberships, staff_links = [], []
        for p, programme in enumerate(programmes):

            def member(name, role, organisation, programme=programme):
                memberships.append(
                    Membership(
                        user=by_name[name],
                        role=role,
                        organisation=organisation,
                        programme=programme,
                    )
                )
                return memberships[-1]

            member(f"bench_coord_{p}", Role.COORDINATOR, youth_care)
            member(f"bench_policy_{p}", Role.POLICY_OFFICER, municipality_org)
            for n in range(args.pins_per_programme):
                member(f"bench_pin_{p}_{n}", Role.LINKING_PIN, youth_care)
            for n in range(args.referrers_per_programme):
                member(f"bench_referrer_{p}_{n}", Role.REFERRER, social_team)
            for n in range(args.locations_per_programme):
                location = locations[p * args.locations_per_programme + n]
                for name in (f"bench_staff_{p}_{n}", f"bench_staff_{p}_{n}_b"):
                    staff_links.append((member(name, Role.LOCATION_STAFF, childcare), location))
        Membership.objects.bulk_create(memberships, batch_size=5000)
        Membership.locations.through.objects.bulk_create(
            (
                Membership.locations.through(membership=m, location=location)
                for m, location in staff_links
            ),
            batch_size=5000,
        )
    tick("users, programmes, locations", started)

    context = {
        "rng": rng,
        "today": today,
        "now": now,
        "programmes": programmes,
        "municipalities": municipalities,
        "locations": locations,
        "contracts": contracts,
        "by_name": by_name,
        "fernet": fernet,
        "social_team": social_team,
        "bsns": bsns,
        "args": args,
    }
    models = {
        "Family": Family,
        "Enrolment": Enrolment,
        "Person": Person,
        "Referral": Referral,
        "Intake": Intake,
        "Consent": Consent,
        "Decision": Decision,
        "Placement": Placement,
        "Signal": Signal,
        "Handover": Handover,
        "LegalBasis": LegalBasis,
    }
    with NoAutoNow(
        Family._meta.get_field("created"),
        Referral._meta.get_field("received_at"),
        Decision._meta.get_field("decided_at"),
        Placement._meta.get_field("created"),
        Signal._meta.get_field("created"),
        PossibleDuplicate._meta.get_field("created"),
    ):
        for first in range(0, args.families, CHUNK):
            with transaction.atomic():
                build_chunk(first, min(CHUNK, args.families - first), context, models, tick)
            if first // CHUNK % 10 == 0:
                print(f"  {first + CHUNK} families ...", flush=True)
        started = time.perf_counter()
        with transaction.atomic():
            duplicates = build_duplicates(context, PossibleDuplicate, Person, Referral)
        tick("possible duplicates", started)
    print(
        f"built {args.families} families in {programmes_n} programmes "
        f"({args.per_programme} each), {len(by_name)} users, {duplicates} possible duplicates",
        flush=True,
    )
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.0f} s")
    return measured_users()


# What happened to a referral: (share, status); the first match of a random
# number wins. About one in ten is open: a programme's history of a few years.
OUTCOMES = [
    (0.02, "unassigned"),  # received, no linking pin yet
    (0.05, "awaiting_intake"),
    (0.07, "consent_missing"),
    (0.10, "awaiting_decision"),  # intake and consent complete
    (0.12, "awaiting_placement"),  # accepted, no first day yet
    (0.14, "arriving"),  # accepted, first day within two weeks
    (0.45, "running"),
    (0.75, "closed"),
    (0.87, "rejected"),
    (1.00, "withdrawn"),
]
CHILDREN = [1] * 40 + [2] * 35 + [3] * 18 + [4] * 7
FIRST_NAMES = ["Sem", "Noah", "Emma", "Julia", "Mila", "Liam", "Yara", "Daan", "Sara", "Luuk"]
PARENT_NAMES = ["Anna", "Mohamed", "Sanne", "Kevin", "Fatima", "Peter", "Linda", "Dennis"]


def build_chunk(first, count, context, m, tick):
    rng, today, now, args = context["rng"], context["today"], context["now"], context["args"]
    programmes, by_name = context["programmes"], context["by_name"]
    per_loc = args.locations_per_programme
    started = time.perf_counter()
    plans = []
    for i in range(first, first + count):
        p = i // args.per_programme
        n = i % args.per_programme
        roll = rng.random()
        outcome = next(name for share, name in OUTCOMES if roll < share)
        # Open referrals are recent; decided ones spread over three years.
        open_ = outcome in ("unassigned", "awaiting_intake", "consent_missing", "awaiting_decision")
        age_days = rng.randint(0, 40) if open_ else rng.randint(30, 3 * 365)
        plans.append(
            {
                "p": p,
                "outcome": outcome,
                "received": now - datetime.timedelta(days=age_days, hours=rng.randint(0, 23)),
                "pin": by_name[f"bench_pin_{p}_{n % args.pins_per_programme}"],
                "referrer": by_name[f"bench_referrer_{p}_{n % args.referrers_per_programme}"],
                "location": p * per_loc + n % per_loc,
                "parents": 2 if rng.random() < 0.6 else 1,
                "children": rng.choice(CHILDREN),
            }
        )
    families = m["Family"].objects.bulk_create(
        [
            m["Family"](
                programme=programmes[plan["p"]],
                reference=f"BENCH-{first + k:07d}",
                family_name=f"Benchgezin{first + k}",
                street="Dorpsstraat",
                house_number=str((first + k) % 200 + 1),
                postcode="9999 ZZ",
                city="Benchdorp",
                municipality=context["municipalities"][plan["p"]],
                created_by=plan["referrer"],
                created=plan["received"],
            )
            for k, plan in enumerate(plans)
        ]
    )
    status_of = {
        "unassigned": "referred",
        "awaiting_intake": "referred",
        "consent_missing": "intake",
        "awaiting_decision": "intake",
        "awaiting_placement": "active",
        "arriving": "active",
        "running": "active",
        "closed": "closed",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
    }
    enrolments = []
    for family, plan in zip(families, plans, strict=True):
        start = plan["received"].date() + datetime.timedelta(days=rng.randint(5, 20))
        plan["start"] = start
        decided = plan["outcome"] in ("awaiting_placement", "arriving", "running", "closed")
        first_day = None
        if plan["outcome"] == "arriving":
            first_day = today + datetime.timedelta(days=rng.randint(1, 14))
        elif plan["outcome"] in ("running", "closed"):
            first_day = start + datetime.timedelta(days=rng.randint(1, 10))
        plan["first_day"] = first_day
        enrolments.append(
            m["Enrolment"](
                family=family,
                linking_pin=None if plan["outcome"] == "unassigned" else plan["pin"],
                status=status_of[plan["outcome"]],
                start_date=start if decided else None,
                end_date=start + datetime.timedelta(days=730) if decided else None,
                first_activity_date=first_day,
            )
        )
    m["Enrolment"].objects.bulk_create(enrolments)
    tick("families, enrolments", started)

    started = time.perf_counter()
    people, fernet, bsns = [], context["fernet"], context["bsns"]
    for family, plan in zip(families, plans, strict=True):
        plan["parent_objs"], plan["child_objs"] = [], []
        for k in range(plan["parents"]):
            parent = m["Person"](
                family=family,
                kind="parent",
                first_name=rng.choice(PARENT_NAMES),
                last_name=family.family_name,
                date_of_birth=(
                    None if rng.random() < 0.1 else datetime.date(rng.randint(1975, 1998), 3, 1)
                ),
                phone="0612345678",
                problem_categories=[rng.choice(["kopp", "kov", "kovb", "other"])] if k == 0 else [],
                has_parental_authority=k == 0 or rng.random() < 0.8,
            )
            plan["parent_objs"].append(parent)
        for _ in range(plan["children"]):
            born = today - datetime.timedelta(days=rng.randint(365, 17 * 365))
            child = m["Person"](
                family=family,
                kind="child",
                first_name=rng.choice(FIRST_NAMES),
                last_name=family.family_name,
                date_of_birth=born,
            )
            if rng.random() < 0.9:  # most referrals carry the child's BSN
                number = next(bsns)
                child.bsn_encrypted = fernet.encrypt(number.encode()).decode()
                child.bsn_hash = context_hash(number)
            plan["child_objs"].append(child)
        people += plan["parent_objs"] + plan["child_objs"]
    m["Person"].objects.bulk_create(people)
    tick("people (with BSN)", started)

    started = time.perf_counter()
    status = {
        "unassigned": "received",
        "awaiting_intake": "received",
        "consent_missing": "intake",
        "awaiting_decision": "intake",
        "awaiting_placement": "accepted",
        "arriving": "accepted",
        "running": "accepted",
        "closed": "accepted",
        "rejected": "rejected",
        "withdrawn": "withdrawn",
    }
    referrals = []
    for family, enrolment, plan in zip(families, enrolments, plans, strict=True):
        outcome = plan["outcome"]
        received = plan["received"]
        assigned = None if outcome == "unassigned" else received + datetime.timedelta(hours=20)
        past_intake = outcome not in ("unassigned", "awaiting_intake", "withdrawn")
        ready = (
            received + datetime.timedelta(days=4)
            if past_intake and outcome != "consent_missing"
            else None
        )
        decided = outcome in ("awaiting_placement", "arriving", "running", "closed", "rejected")
        referrals.append(
            m["Referral"](
                programme=programmes[plan["p"]],
                family=family,
                enrolment=enrolment,
                referred_by=plan["referrer"],
                referrer_organisation=context["social_team"],
                route="social_team",
                veilig_thuis="none",
                worries="Verzonnen zorgen voor de benchmark.",
                status=status[outcome],
                received_at=received,
                assigned_at=assigned,
                ready_at=ready,
                decided_at=received + datetime.timedelta(days=8) if decided else None,
                closed_at=(
                    received + datetime.timedelta(days=8)
                    if outcome in ("rejected", "withdrawn")
                    else None
                ),
            )
        )
        plan["past_intake"] = past_intake
        plan["decided"] = decided
    m["Referral"].objects.bulk_create(referrals)
    intakes, consents, decisions = [], [], []
    for referral, plan in zip(referrals, plans, strict=True):
        if not plan["past_intake"]:
            continue
        intakes.append(
            m["Intake"](
                referral=referral,
                conversation="Verzonnen intakegesprek.",
                criteria_met=["kopp"],
                legal_basis=m["LegalBasis"].CONSENT,
                held_on=plan["received"].date() + datetime.timedelta(days=3),
                recorded_by=plan["pin"],
            )
        )
        given = []
        for child in plan["child_objs"]:
            age = (today - child.date_of_birth).days // 365
            with_authority = [p for p in plan["parent_objs"] if p.has_parental_authority]
            required = with_authority if age < 12 else [child, *with_authority]
            required = [child] if age >= 16 else required
            given += [(child, person) for person in required]
        if plan["outcome"] == "consent_missing":
            given = given[:-1]
        consents += [
            m["Consent"](
                referral=referral,
                child=child,
                given_by=person,
                given_on=plan["received"].date() + datetime.timedelta(days=3),
                recorded_by=plan["pin"],
            )
            for child, person in given
        ]
        if plan["decided"]:
            accepted = plan["outcome"] != "rejected"
            decisions.append(
                m["Decision"](
                    referral=referral,
                    outcome="accepted" if accepted else "rejected",
                    reason="" if accepted else "Past niet binnen de criteria.",
                    decided_by=context["by_name"][f"bench_policy_{plan['p']}"],
                    decided_at=plan["received"] + datetime.timedelta(days=8),
                    start_date=plan["start"] if accepted else None,
                    end_date=plan["start"] + datetime.timedelta(days=730) if accepted else None,
                    letter_reference=f"BENCH-{referral.pk}",
                )
            )
    m["Intake"].objects.bulk_create(intakes)
    m["Consent"].objects.bulk_create(consents)
    m["Decision"].objects.bulk_create(decisions)
    tick("referrals, intakes, consents, decisions", started)

    started = time.perf_counter()
    placements, placed_plans = [], []
    for enrolment, plan in zip(enrolments, plans, strict=True):
        outcome = plan["outcome"]
        provisional = outcome == "awaiting_decision" and rng.random() < 0.5
        ended_provisional = outcome == "rejected" and rng.random() < 0.1
        if not (plan["first_day"] or provisional or ended_provisional):
            continue
        location = context["locations"][plan["location"]]
        contract = context["contracts"][plan["location"]]
        if outcome == "closed":
            start = plan["first_day"]
            end = min(start + datetime.timedelta(days=365), today - datetime.timedelta(days=1))
            end = max(end, start)
        elif provisional:
            start = plan["received"].date() + datetime.timedelta(days=6)
            end = start + datetime.timedelta(days=365)
        elif ended_provisional:
            start = plan["received"].date() + datetime.timedelta(days=5)
            end = start + datetime.timedelta(days=365)
        else:
            start = plan["first_day"]
            end = plan["start"] + datetime.timedelta(days=730)
        # One or two of the children go to the activity.
        for child in plan["child_objs"][: 1 + (len(plan["child_objs"]) > 2)]:
            placements.append(
                m["Placement"](
                    enrolment=enrolment,
                    child=child,
                    location=location,
                    contract=contract,
                    activity_type=location.activity_type,
                    days=["tue", "thu"],
                    hours_per_week="6.0",
                    start_date=start,
                    end_date=end,
                    pickup_arrangements="Moeder haalt op; oma mag ook.",
                    created_by=plan["pin"],
                    created=datetime.datetime.combine(start, datetime.time(9), tzinfo=now.tzinfo)
                    - datetime.timedelta(days=3),
                    provisional=provisional or ended_provisional,
                    ended_at=(
                        plan["received"] + datetime.timedelta(days=8) if ended_provisional else None
                    ),
                    days_used=3 if ended_provisional else None,
                )
            )
            placed_plans.append(plan)
    m["Placement"].objects.bulk_create(placements)
    signals, handovers = [], []
    for placement, plan in zip(placements, placed_plans, strict=True):
        if plan["outcome"] not in ("running", "closed") or rng.random() > 0.4:
            continue
        p, n = plan["p"], plan["location"] % context["args"].locations_per_programme
        last = min(placement.end_date, today)
        for _ in range(rng.randint(1, 3)):
            created = placement.start_date + datetime.timedelta(
                days=rng.randint(0, max(0, (last - placement.start_date).days))
            )
            read = plan["outcome"] == "closed" or rng.random() < 0.8
            created_at = datetime.datetime.combine(created, datetime.time(15), tzinfo=now.tzinfo)
            signals.append(
                m["Signal"](
                    placement=placement,
                    kind=rng.choice(["worry", "absence", "positive"]),
                    text="Verzonnen signaal.",
                    created_by=context["by_name"][f"bench_staff_{p}_{n}"],
                    created=created_at,
                    acknowledged_by=plan["pin"] if read else None,
                    acknowledged_at=created_at + datetime.timedelta(days=1) if read else None,
                )
            )
    m["Signal"].objects.bulk_create(signals)
    # Now and then a colleague stands in (holiday, illness).
    for enrolment, plan in zip(enrolments, plans, strict=True):
        if plan["outcome"] == "running" and rng.random() < 0.02:
            other = (plan["pin"].username.rsplit("_", 1)[1], context["args"].pins_per_programme)
            stand_in = context["by_name"][f"bench_pin_{plan['p']}_{(int(other[0]) + 1) % other[1]}"]
            handovers.append(
                m["Handover"](
                    enrolment=enrolment,
                    to_user=stand_in,
                    starts=now - datetime.timedelta(days=3),
                    ends=now + datetime.timedelta(days=rng.choice([-1, 7])),
                    reason="Vakantie",
                )
            )
    m["Handover"].objects.bulk_create(handovers)
    tick("placements, signals, handovers", started)


_hash_key = {}


def context_hash(number):
    """``protected.lookup_hash`` without looking the key up per call."""
    import hashlib
    import hmac

    from buitenshuis.casework import protected

    if "key" not in _hash_key:
        _hash_key["key"] = b"bsn-lookup:" + protected._lookup_key().encode()
        assert hmac.new(_hash_key["key"], number.encode(), hashlib.sha256).hexdigest() == (
            protected.lookup_hash(number)
        )
    return hmac.new(_hash_key["key"], number.encode(), hashlib.sha256).hexdigest()


def build_duplicates(context, PossibleDuplicate, Person, Referral):
    """Open possible duplicates in every tenth programme (the measured
    coordinator's among them): a child of an open referral carries the BSN
    of a child already known to the programme. Some were judged before."""
    rng, now = context["rng"], context["now"]
    made, children = [], []
    for p in range(0, len(context["programmes"]), 10):
        programme = context["programmes"][p]
        new = list(
            Referral.objects.filter(
                programme=programme, status__in=["received", "intake"]
            ).values_list("pk", "family_id")[:8]
        )
        known = list(
            Referral.objects.filter(programme=programme, status="accepted").values_list(
                "family_id", flat=True
            )[:8]
        )
        for k, ((referral_id, family_id), known_family) in enumerate(zip(new, known, strict=False)):
            child = Person.objects.filter(family_id=family_id, kind="child").first()
            existing = Person.objects.filter(family_id=known_family, kind="child").first()
            if existing.bsn_hash:
                child.bsn_hash, child.bsn_encrypted = existing.bsn_hash, existing.bsn_encrypted
                children.append(child)
            judged = k >= 6
            made.append(
                PossibleDuplicate(
                    programme=programme,
                    referral_id=referral_id,
                    child=child,
                    existing_child=existing,
                    existing_family_id=known_family,
                    reason="bsn" if existing.bsn_hash else "name_birth",
                    status=("dismissed" if k == 7 else "linked") if judged else "open",
                    decided_by=context["by_name"][f"bench_coord_{p}"] if judged else None,
                    decided_at=now - datetime.timedelta(days=1) if judged else None,
                    created=now - datetime.timedelta(days=rng.randint(0, 10)),
                )
            )
    Person.objects.bulk_update(children, ["bsn_hash", "bsn_encrypted"])
    PossibleDuplicate.objects.bulk_create(made)
    return len(made)


if __name__ == "__main__":
    main()
