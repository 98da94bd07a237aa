# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Benchmark: the pages a user opens most, at national scale, measured as
ordinary users (permission filtering is where lists get slow).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/lists.py
    DATABASE_URL=... .venv/bin/python bench/lists.py --families 300000
    DATABASE_URL=... .venv/bin/python bench/lists.py --national  # issue 13's data set
    DATABASE_URL=... .venv/bin/python bench/lists.py --reuse     # measure again, no rebuild
    DATABASE_URL=... .venv/bin/python bench/lists.py --reuse --gunicorn   # throughput too
    DATABASE_URL=... .venv/bin/python bench/lists.py --check     # CI: fails on a regression
    .venv/bin/python bench/lists.py --families 2000               # SQLite in a temporary file

It builds a fresh database (migrate), generates a synthetic country in bulk,
analyses it (``VACUUM ANALYZE``, as a production database's autovacuum
would have) and times, for a linking pin, a coordinator, a policy officer,
a member of the location staff and a referrer: the start page with its
work queue, every list the work queue links to (the referral list with each
``?wacht=`` filter, possible duplicates, the location's children, the
signals inbox), the role's usual lists and a family's pages. Each figure is
the median of several requests through Django's test client (no network)
with its number of SQL queries, and is also given as a ratio to the
*floor* measured in the same run for the same user: one family (or, for
location staff, one child) of the user's own, looked up by primary key
inside their scope, with its access-log entry and a template of a few lines
(``bench/floor.py``, served by the bench's own URLconf ``bench/urls.py``).
The ratio is what to compare between runs and machines.

``--gunicorn`` then serves the same database with gunicorn (five workers),
signs each user in with password and second factor, and reports requests
per second for each page beside the floor's, a signed-in view that does
nothing and a static file (load from ``wrk`` when installed, else a
thread-pool driver in Python, which is weaker and says so).

``--check`` builds two sizes on PostgreSQL (5,000 and 20,000 families by
default) and exits 1 when a page's number of queries differs between them
(it grows with the data), when a page does not answer 200, or when the plan
of one of the linking pin's family or referral list queries reads the
families, enrolments or referrals table sequentially.

The country grows by adding programmes of the same size (``--per-programme``
families each, the history of a few years), so a person's own work is the
same at every size: a page whose ratio grows with ``--families`` scans more
than the user's own scope. ``--national`` builds the national data set of
issue 13 (342 municipalities in 25 regions, 3.5 contacts a month, the
questionnaires; ``bench/README.md``); the options it sets leave the default
build as it was.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SETTINGS = "/account/instellingen/"
NOTHING = "/bench/niets/"
CHUNK = 2000  # families per bulk round
# Tables a linking pin's list must never read whole (``--check``): the
# families, their enrolments, and the referrals the referral list shows.
NEVER_SCANNED = ("casework_family", "casework_enrolment", "referrals_referral")
LINKING_PIN_LISTS = ("/gezinnen/", "/aanmeldingen/")  # with every ?wacht= and ?q=
# Children per family, as weights (a random choice of the list): today's
# mean is 1.92; the national data set of issue 13 has 600,000 children in
# 300,000 families (mean 2.0).
CHILDREN_PER_FAMILY = {
    "default": [1] * 40 + [2] * 35 + [3] * 18 + [4] * 7,
    "national": [1] * 38 + [2] * 34 + [3] * 18 + [4] * 10,
}
# ``--national``: the national data set of issue 13 (about 600,000 children
# in 300,000 families over 342 municipalities in 25 regions, about 10
# million contacts, the wellbeing checks).
NATIONAL = {
    "families": 300000,
    "municipalities": 342,
    "regions": 25,
    "second_municipality": 0.1,
    "contacts_per_month": 3.5,
    "children": "national",
    "questionnaires": True,
}


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
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--gunicorn", action="store_true", help="also measure throughput through gunicorn"
    )
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument(
        "--check",
        action="store_true",
        help="CI: build two sizes on PostgreSQL; exit 1 when a query count grows "
        "or a linking pin's list scans the families, enrolments or referrals table",
    )
    parser.add_argument("--check-small", type=int, default=5000, help="the smaller size of --check")
    parser.add_argument(
        "--municipalities",
        type=int,
        default=None,
        help="municipalities (default: one per programme); programme p serves municipality p %% N",
    )
    parser.add_argument(
        "--regions", type=int, default=1, help="regions the municipalities are spread over"
    )
    parser.add_argument(
        "--second-municipality",
        type=float,
        default=0.0,
        help="share of a programme's families living in a second municipality it also serves "
        "(the next one in its region); 0 by default",
    )
    parser.add_argument(
        "--contacts-per-month",
        type=float,
        default=2.0,
        help="contacts per running family per month (at least two per family)",
    )
    parser.add_argument(
        "--children",
        choices=sorted(CHILDREN_PER_FAMILY),
        default="default",
        help="children per family: 1-4 with a mean of 1.92 (default) or 2.0 (national)",
    )
    parser.add_argument(
        "--questionnaires",
        action="store_true",
        help="the wellbeing checks of parents and children at the moments that have come",
    )
    parser.add_argument(
        "--national",
        action="store_true",
        help="the national data set (issue 13): "
        + " ".join(
            f"--{name.replace('_', '-')}" + ("" if value is True else f" {value}")
            for name, value in NATIONAL.items()
        )
        + " (flags given beside it win)",
    )
    args = parser.parse_args()
    if args.national:
        parser.set_defaults(**NATIONAL)
        args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        if args.check:
            sys.exit("bench --check needs DATABASE_URL of a PostgreSQL database it may empty.")
        handle = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
        os.environ["DATABASE_URL"] = f"sqlite:///{handle.name}"
    start_django()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor}", flush=True)
    if args.check:
        sys.exit(check(args))
    if args.reuse:
        call_command("migrate", verbosity=0)
        users = measured_users()
    else:
        users = fresh_build(args)
    analyse()
    results, _sql = measure(args, users)
    results["meta"] = about_the_run()
    print_table(results)
    if args.gunicorn:
        from bench import load

        results["throughput"] = load.throughput(args, users, results, floor_for)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


def start_django():
    """Django with the bench's keys and URLconf, the test client's
    environment and a fast password hasher. In process the test client
    signs in without the second factor; through gunicorn every user passes
    it (bench/load.py)."""
    for name, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ["REQUIRE_SECOND_FACTOR"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Bench-only keys; never used anywhere else. The access log's key is the
# same for the process and gunicorn, so that one chain stays verifiable.
BENCH_ENVIRONMENT = {
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdef0123456789abcdef",
    "BSN_ENCRYPTION_KEY": "bench-only-bsn-encryption-key-0123456789",
    "BSN_LOOKUP_KEY": "bench-only-bsn-lookup-key-0123456789abcdef",
    "ACCESS_LOG_KEY": "bench-only-access-log-key-0123456789abcdef",
    "GEOCODER_ENABLED": "0",
}


def about_the_run():
    """What a figure is of: the size, the commit measured, the day."""
    import subprocess

    from django.db import connection

    from buitenshuis.casework.models import Family

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "families": Family.objects.count(),
        "commit": commit + ("+changes" if dirty else ""),
        "date": datetime.date.today().isoformat(),
        "database": f"{connection.vendor} "
        + ".".join(str(part) for part in connection.get_database_version()),
        "load": os.getloadavg()[0],
    }


def fresh_build(args):
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        empty_database()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    users = build(args)
    print(f"build: {time.perf_counter() - started:.0f} s", flush=True)
    return users


def empty_database():
    """Empty every table of the bench's database and restart the ids (so
    that the measured family has the same pk at every size), as ``manage.py
    flush`` would, without migrating from scratch. The access log refuses
    TRUNCATE (its append-only triggers): on this bench database they are
    switched off for the one transaction that empties it, and on again
    before it commits."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    if not tables:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        guarded = [name for (name,) in cursor.fetchall()]
        for table in guarded:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            cursor.execute(sql)
        for table in guarded:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def analyse():
    """Statistics for the planner, as autovacuum keeps them in production:
    without them PostgreSQL guesses, and a list that uses an index on a
    live database may be timed as a scan."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"analyse: {time.perf_counter() - started:.0f} s", flush=True)


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
        "linking pin": ["/aanmeldingen/", "/gezinnen/", "/gezinnen/?q=BENCH-0", "/gezinnen/mijn/"],
        "coordinator": ["/aanmeldingen/", "/gezinnen/", "/aanmeldingen/dubbel/"],
        "policy officer": ["/aanmeldingen/"],
        "location staff": ["/activiteiten/mijn-locatie/"],
        "referrer": ["/aanmeldingen/mijn/"],
    }[label]
    return pages + [page for page in extra if page not in pages] + case_pages(label, user)


def case_pages(label, user):
    """The family page (the case hub: its overview and every other section
    the user is offered) and the referral page of one running family of the
    measured linking pin, for the roles that open them."""
    from django.test import RequestFactory
    from django.urls import reverse

    from buitenshuis.casework import panels
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
    request = RequestFactory().get("/")
    request.user = user
    hub = panels.Hub(request=request, family=enrolment.family)
    sections = panels.sections(panels.visible(hub))
    return [
        *(panels.section_url(enrolment.family_id, section.slug) for section in sections),
        reverse("referrals:detail", args=[enrolment.referral.pk]),
    ]


def floor_for(user):
    """The floor page of ``user``: their first own family by pk, or for
    location staff (who see children, not families) their first child."""
    from django.urls import reverse

    from buitenshuis.access import policy
    from buitenshuis.access.policy import Data
    from buitenshuis.casework.models import Family, Person

    if policy.can(user, "view", Data.FAMILY_IDENTITY):
        family = policy.scope(user, "view", Data.FAMILY_IDENTITY, Family.objects.all())
        return reverse("bench_floor_family", args=[family.order_by("pk").first().pk])
    children = Person.objects.filter(kind=Person.Kind.CHILD)
    child = policy.scope(user, "view", Data.PLACED_CHILD, children).order_by("pk").first()
    return reverse("bench_floor_child", args=[child.pk])


class Recorder:
    """The SQL of one request with its parameters (to EXPLAIN it later)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, params))
        return execute(sql, params, many, context)


def timed(client, page, repeat):
    from django.db import connection

    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(page)
        timings.append((time.perf_counter() - start) * 1000)
    recorder = Recorder()
    with connection.execute_wrapper(recorder):
        response = client.get(page)
    return timings, recorder.queries, response.status_code


def measure(args, users, repeat=None):
    """Every page of every user: median, queries, status, ratio to the
    user's floor (timed before and after their pages; the median of both
    rounds). Returns the figures ({"pages": [...]}) and the SQL of each
    page ({(user, page): [(sql, params), ...]}) for ``--check``."""
    from django.test import Client

    from buitenshuis.core import workqueue

    repeat = repeat or args.repeat
    rows, sql = [], {}
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        floor = floor_for(user)
        timed(client, floor, 2)  # warm up (session, translations, templates)
        floor_before, floor_queries, floor_status = timed(client, floor, repeat)
        measured = []
        for page in [SETTINGS, NOTHING, *pages_for(label, user)]:
            timings, queries, status = timed(client, page, repeat)
            measured.append((page, statistics.median(timings), queries, status))
            if args.explain and queries:
                explain_slowest(label, page, queries)
        floor_after, _queries, _status = timed(client, floor, repeat)
        floor_ms = statistics.median(floor_before + floor_after)
        rows.append(row(label, floor, "floor", floor_ms, floor_ms, floor_queries, floor_status))
        for page, ms, queries, status in measured:
            rows.append(row(label, page, "", ms, floor_ms, queries, status))
            sql[(label, page)] = queries
        items = {item.url.split("#")[0]: item.count for item in workqueue.collect(user)}
        print(
            f"{label}: floor {floor}; work queue "
            + ", ".join(f"{url} {count}" for url, count in items.items()),
            flush=True,
        )
    return {"pages": rows}, sql


def row(label, page, kind, ms, floor_ms, queries, status):
    return {
        "user": label,
        "page": page,
        "kind": kind,
        "ms": round(ms, 2),
        "ratio": round(ms / floor_ms, 2),
        "queries": len(queries),
        "status": status,
    }


def print_table(results):
    print()
    print("| user | page | median ms | ratio to floor | queries | status |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for r in results["pages"]:
        page = f"`{r['page']}`" + (" (floor)" if r["kind"] == "floor" else "")
        print(
            f"| {r['user']} | {page} | {r['ms']:.1f} | {r['ratio']:.1f} | {r['queries']} "
            f"| {r['status']} |"
        )


def explain_slowest(label, page, queries):
    from django.db import connection

    slowest, slowest_ms = None, -1.0
    with connection.cursor() as cursor:
        for sql, params in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            start = time.perf_counter()
            cursor.execute(sql, params)
            ms = (time.perf_counter() - start) * 1000
            if ms > slowest_ms:
                slowest, slowest_ms = (sql, params), ms
        if slowest is None:
            return
        print(f"-- slowest query of {label} {page} ({slowest_ms:.1f} ms):")
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN ANALYZE " + slowest[0], slowest[1])
            print("\n".join(line for (line,) in cursor.fetchall()))
        else:
            print(slowest[0][:3000])


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


# The CI check -----------------------------------------------------------------


def check(args):
    """Build ``--check-small`` and then ``--families`` families, measure both
    once, and return 1 with a message for every regression: a page whose
    number of queries differs between the sizes, a page that does not
    answer 200, or a linking pin's family or referral list whose plan reads
    the families, enrolments or referrals table sequentially (at the larger
    size; at a few thousand rows a scan can be the right plan)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench --check runs on PostgreSQL only (the plans are PostgreSQL's).")
        return 2
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    measured = {}
    for size in (args.check_small, args.families):
        args.families = size
        print(f"\n== {size} families", flush=True)
        users = fresh_build(args)
        analyse()
        measured[size] = measure(args, users, repeat=1)
    (small, _sql), (large, large_sql) = (measured[size] for size in sorted(measured))
    failures = count_regressions(small, large, min(measured), max(measured))
    failures += sequential_scans(large_sql)
    print_table(large)
    elapsed = time.perf_counter() - started
    if failures:
        print(f"\nbench --check FAILED after {elapsed:.0f} s:")
        for failure in failures:
            print(f"  - {failure}")
        return 1
    pages = len(large["pages"])
    print(
        f"\nbench --check passed in {elapsed:.0f} s: {pages} pages with the same number of "
        f"queries at {min(measured)} and {max(measured)} families; no sequential scan of "
        f"{' or '.join(NEVER_SCANNED)} in the linking pin's family and referral lists."
    )
    return 0


def count_regressions(small, large, small_size, large_size):
    """A message for each page of ``large`` that did not answer 200 or
    whose number of queries differs from the same page's in ``small``."""
    failures = []
    counts = {(r["user"], r["page"]): r["queries"] for r in small["pages"]}
    for r in large["pages"]:
        key = (r["user"], r["page"])
        if r["status"] != 200:
            failures.append(f"{r['user']} {r['page']}: status {r['status']}, not 200")
        if key not in counts:
            print(f"note: {r['user']} {r['page']} measured at {large_size} families only")
        elif counts[key] != r["queries"]:
            failures.append(
                f"{r['user']} {r['page']}: {counts[key]} queries at {small_size} families, "
                f"{r['queries']} at {large_size}: the count grows with the data"
            )
    return failures


def sequential_scans(sql_by_page):
    """EXPLAIN each query of the linking pin's family and referral lists
    that reads the families, enrolments or referrals table; a message for every query
    whose plan scans one of them sequentially (once, with the pages that
    ran it). Each message says whether PostgreSQL could have used an index
    (the scan goes when sequential scans are switched off: its choice at
    this size) or not (no index can answer the query as written)."""
    from django.db import connection, transaction

    queries = {}
    for (label, page), page_queries in sql_by_page.items():
        if label != "linking pin" or page.split("?")[0] not in LINKING_PIN_LISTS:
            continue
        for sql, params in page_queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if any(f'"{table}"' in sql for table in NEVER_SCANNED):
                # The same query on several pages (with another "now"): once.
                queries.setdefault(sql, (sql, params, []))[2].append(page)
    found = []
    for sql, params, pages in queries.values():
        scanned = scans(sql, params)
        if not scanned:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            forced = scans(sql, params)
        why = ", ".join(
            f"{table} ({NO_INDEX if table in forced else CHOSEN})" for table in sorted(scanned)
        )
        found.append(
            f"the linking pin's {', '.join(pages)}: sequential scan of {why} in: {sql[:400]}..."
        )
    return found


NO_INDEX = "no index can answer the query as written"
CHOSEN = "an index exists: PostgreSQL chose the scan at this size"


def scans(sql, params):
    """The tables of NEVER_SCANNED that the plan of ``sql`` scans
    sequentially."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return {
        node["Relation Name"]
        for node in plan_nodes(plan[0]["Plan"])
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in NEVER_SCANNED
    }


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


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
    from buitenshuis.casework.models import (
        Agreement,
        Closure,
        Contact,
        Enrolment,
        Family,
        Goal,
        GoalNote,
        Handover,
        MeetingParticipant,
        NetworkMeeting,
        Person,
        Review,
        ReviewProgress,
    )
    from buitenshuis.core.dates import add_months
    from buitenshuis.monitoring.models_questionnaires import Answer, Response
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
        municipalities_n = args.municipalities or programmes_n
        regions_n = max(1, min(args.regions, municipalities_n))
        regions = Region.objects.bulk_create(
            Region(name="Benchregio" if regions_n == 1 else f"Benchregio {r}")
            for r in range(regions_n)
        )
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
        # Municipality k lies in region k * R // N (neighbours share a region).
        municipalities = Municipality.objects.bulk_create(
            Municipality(
                name=f"Benchgemeente {k}",
                cbs_code=f"GM{k:04d}",
                region=regions[k * regions_n // municipalities_n],
            )
            for k in range(municipalities_n)
        )
        # Programme p serves municipality p % N, in that municipality's region;
        # with --second-municipality also the next municipality of the region.
        served = [[p % municipalities_n] for p in range(programmes_n)]
        if args.second_municipality > 0:
            for places in served:
                neighbours = [
                    k
                    for k in range(municipalities_n)
                    if municipalities[k].region_id == municipalities[places[0]].region_id
                ]
                if len(neighbours) > 1:
                    places.append(neighbours[(neighbours.index(places[0]) + 1) % len(neighbours)])
        programmes = Programme.objects.bulk_create(
            Programme(name=f"Benchprogramma {p}", region=municipalities[served[p][0]].region)
            for p in range(programmes_n)
        )
        Programme.municipalities.through.objects.bulk_create(
            Programme.municipalities.through(programme=programme, municipality=municipalities[k])
            for programme, places in zip(programmes, served, strict=True)
            for k in places
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
                municipality=municipalities[served[p][0]],
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
        "served": served,
        # Its own random numbers, so that the default build draws the same
        # numbers as before these options existed.
        "place_rng": random.Random(f"{args.seed}-place"),
        "questionnaire_rng": random.Random(f"{args.seed}-questionnaires"),
        "instruments": bench_instruments() if args.questionnaires else [],
        "locations": locations,
        "contracts": contracts,
        "by_name": by_name,
        "fernet": fernet,
        "social_team": social_team,
        "bsns": bsns,
        "args": args,
        "add_months": add_months,
        "counts": {},
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
        "Contact": Contact,
        "LegalBasis": LegalBasis,
        "NetworkMeeting": NetworkMeeting,
        "MeetingParticipant": MeetingParticipant,
        "Agreement": Agreement,
        "Goal": Goal,
        "GoalNote": GoalNote,
        "Review": Review,
        "ReviewProgress": ReviewProgress,
        "Closure": Closure,
        "Response": Response,
        "Answer": Answer,
    }
    with NoAutoNow(
        Family._meta.get_field("created"),
        Referral._meta.get_field("received_at"),
        Decision._meta.get_field("decided_at"),
        Placement._meta.get_field("created"),
        Signal._meta.get_field("created"),
        PossibleDuplicate._meta.get_field("created"),
        Agreement._meta.get_field("created"),
        Goal._meta.get_field("created"),
        Closure._meta.get_field("created"),
    ):
        for first in range(0, args.families, CHUNK):
            with transaction.atomic():
                build_chunk(first, min(CHUNK, args.families - first), context, models, tick)
            if first // CHUNK % 10 == 0:
                print(f"  {min(first + CHUNK, args.families)} families ...", flush=True)
        started = time.perf_counter()
        with transaction.atomic():
            duplicates = build_duplicates(context, PossibleDuplicate, Person, Referral)
        tick("possible duplicates", started)
    # bulk_create sends no signals: the summary tables are made afterwards.
    rebuild_summaries(tick)
    print(
        f"built {args.families} families in {programmes_n} programmes "
        f"({args.per_programme} each), {municipalities_n} municipalities in {regions_n} "
        f"regions, {len(by_name)} users, {duplicates} possible duplicates",
        flush=True,
    )
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.0f} s")
    counts = context["counts"]
    counts["decisions"] = Decision.objects.count()
    print("  " + ", ".join(f"{count} {name}" for name, count in counts.items()))
    print("  " + ", ".join(f"{count} {name}" for name, count in totals().items()), flush=True)
    # Every accepted or rejected referral carries its decision, as in the product.
    undecided = Referral.objects.filter(
        status__in=["accepted", "rejected"], decision__isnull=True
    ).count()
    assert not undecided, f"{undecided} decided referrals without a decision"
    return measured_users()


def rebuild_summaries(tick):
    """Rebuild the monitoring summary tables from the raw rows, as ``manage.py
    rebuild_monitoring_summaries`` does: the generator writes with
    ``bulk_create`` (and COPY), which sends none of the signals that keep
    them current in the product. Add every summary the product gets here."""
    from django.db import connection

    from buitenshuis.monitoring import indicator_summary, summaries

    # Statistics of the rows just written first: the indicator summary asks
    # hundreds of queries per programme (``analyse`` vacuums afterwards).
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    tick("analyse for the summaries", started)
    started = time.perf_counter()
    summaries.rebuild_contact_summary()
    tick("contact summary", started)
    started = time.perf_counter()
    indicator_summary.rebuild_all()
    tick("indicator summary", started)


def totals():
    """What the database holds after the build, counted in it."""
    from buitenshuis.activities.models import Placement
    from buitenshuis.casework.models import Contact, Family, Person, Review
    from buitenshuis.monitoring.models_questionnaires import Answer, Response
    from buitenshuis.organisations.models import Municipality, Region

    return {
        "families": Family.objects.count(),
        "children": Person.objects.filter(kind=Person.Kind.CHILD).count(),
        "persons": Person.objects.count(),
        "municipalities": Municipality.objects.count(),
        "regions": Region.objects.count(),
        "contacts": Contact.objects.count(),
        "placements": Placement.objects.count(),
        "reviews": Review.objects.count(),
        "questionnaire responses": Response.objects.count(),
        "answers": Answer.objects.count(),
    }


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
FIRST_NAMES = ["Sem", "Noah", "Emma", "Julia", "Mila", "Liam", "Yara", "Daan", "Sara", "Luuk"]
PARENT_NAMES = ["Anna", "Mohamed", "Sanne", "Kevin", "Fatima", "Peter", "Linda", "Dennis"]


def home(p, context):
    """The municipality (index) a family of programme ``p`` lives in: the
    programme's own, or with ``--second-municipality`` that share of them
    in the second municipality it serves."""
    served, share = context["served"][p], context["args"].second_municipality
    if len(served) > 1 and context["place_rng"].random() < share:
        return served[1]
    return served[0]


def build_chunk(first, count, context, m, tick):
    rng, today, now, args = context["rng"], context["today"], context["now"], context["args"]
    programmes, by_name = context["programmes"], context["by_name"]
    per_loc = args.locations_per_programme
    children = CHILDREN_PER_FAMILY[args.children]
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
                "children": rng.choice(children),
                "municipality": home(p, context),
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
                municipality=context["municipalities"][plan["municipality"]],
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
            plan["closed_on"] = end
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

    started = time.perf_counter()
    contacts = build_contacts(enrolments, plans, context, m["Contact"])
    tick("contacts", started)

    started = time.perf_counter()
    build_two_years(enrolments, plans, contacts, context, m)
    tick("meetings, agreements, goals, reviews, closures", started)

    if context["instruments"]:
        started = time.perf_counter()
        build_questionnaires(enrolments, plans, context, m)
        tick("questionnaires", started)

    started = time.perf_counter()
    made = {
        "families": families,
        "enrolments": enrolments,
        "referrals": referrals,
        "intakes": intakes,
        "consents": consents,
        "decisions": decisions,
        "placements": placements,
        "placed_plans": placed_plans,
        "signals": signals,
        "handovers": handovers,
        "contacts": contacts,
    }
    build_history(plans, made, context, m)
    tick("history", started)


CONTACT_KINDS = ["home_visit"] * 4 + ["phone"] * 3 + ["video", "activity", "other"]


def build_contacts(enrolments, plans, context, Contact):
    """Two years of contact moments per running or closed family: about
    two a month (``--contacts-per-month``) from the start to today (or to the closing), the first a
    home visit, then visits, calls, video calls, talks with the location,
    and every fourth month a network meeting (``build_two_years``)."""
    rng, today = context["rng"], context["today"]
    contacts = []
    for enrolment, plan in zip(enrolments, plans, strict=True):
        if plan["outcome"] not in ("running", "closed"):
            continue
        first = plan["start"]
        last = max(first, min(plan.get("closed_on", today), today))
        span = (last - first).days
        # --contacts-per-month (2.0: span // 15, as before the option).
        count = max(2, int(span * context["args"].contacts_per_month / 30))
        days = sorted(rng.randint(0, span) for _ in range(count))
        meeting_days = set(range(0, span + 1, 120)[1:])
        for k, day in enumerate(days):
            contacts.append(
                Contact(
                    enrolment=enrolment,
                    date=first + datetime.timedelta(days=day),
                    minutes=rng.choice([15, 30, 45, 60, 90]),
                    kind="home_visit" if k == 0 else rng.choice(CONTACT_KINDS),
                    with_whom=rng.choice(["Moeder", "Vader", "Beide ouders", "Locatie"]),
                    notes="Verzonnen verslag van het contact.",
                    author=plan["pin"],
                )
            )
        for day in sorted(meeting_days):
            contacts.append(
                Contact(
                    enrolment=enrolment,
                    date=first + datetime.timedelta(days=day),
                    minutes=90,
                    kind="network",
                    with_whom="Netwerk",
                    author=plan["pin"],
                )
            )
    Contact.objects.bulk_create(contacts)
    context["counts"]["contacts"] = context["counts"].get("contacts", 0) + len(contacts)
    return contacts


GOALS = [
    ("calm", "Vaste dagstructuur met vaste eet- en bedtijden."),
    ("treatment", "Moeder houdt haar afspraken bij de behandelaar."),
    ("child", "Het kind heeft een vriendje buiten de opvang."),
    ("money", "Een overzicht van de schulden bij de schuldhulp."),
    ("network", "Oma past één middag per week op."),
]
REVIEW_MONTHS = (0, 6, 12, 18, 22)


def build_two_years(enrolments, plans, contacts, context, m):
    """What the linking pin records beside contacts, for every running or
    closed family: a network meeting for each network contact, with four
    participants and two agreements (the older ones done); three goals
    with a progress note each; the reviews of the default schedule that
    have come (with progress per goal); and the closure of a closed one."""
    rng, today = context["rng"], context["today"]
    add_months = context["add_months"]
    meetings, participants, agreements = [], [], []
    goals, notes, reviews, progress, closures = [], [], [], [], []
    by_enrolment = {}
    for contact in contacts:
        if contact.kind == "network":
            by_enrolment.setdefault(contact.enrolment_id, []).append(contact)
    running = [
        (enrolment, plan)
        for enrolment, plan in zip(enrolments, plans, strict=True)
        if plan["outcome"] in ("running", "closed")
    ]
    for enrolment, plan in running:
        for contact in by_enrolment.get(enrolment.pk, []):
            meetings.append(
                m["NetworkMeeting"](
                    enrolment=enrolment,
                    date=contact.date,
                    contact=contact,
                    minutes_text="Verzonnen verslag van het netwerkoverleg.",
                    created_by=plan["pin"],
                )
            )
    m["NetworkMeeting"].objects.bulk_create(meetings)
    owners = {enrolment.pk: plan for enrolment, plan in running}
    for meeting in meetings:
        plan = owners[meeting.enrolment_id]
        for kind, name in (
            ("linking_pin", "Linking pin"),
            ("family", "Moeder"),
            ("adult_mental_health", "Behandelaar"),
            ("social_team", "Wijkcoach"),
        ):
            participants.append(m["MeetingParticipant"](meeting=meeting, kind=kind, name=name))
        old = (today - meeting.date).days > 60
        for kind, what in (
            ("linking_pin", "Plant een huisbezoek met beide ouders."),
            ("family", "Moeder belt de schuldhulp."),
        ):
            agreements.append(
                m["Agreement"](
                    enrolment_id=meeting.enrolment_id,
                    meeting=meeting,
                    what=what,
                    holder_kind=kind,
                    due_date=meeting.date + datetime.timedelta(days=rng.choice([7, 14, 28])),
                    status="done" if old else "open",
                    done_on=meeting.date + datetime.timedelta(days=10) if old else None,
                    created_by=plan["pin"],
                    created=datetime.datetime.combine(
                        meeting.date, datetime.time(11), tzinfo=context["now"].tzinfo
                    ),
                )
            )
    m["MeetingParticipant"].objects.bulk_create(participants)
    m["Agreement"].objects.bulk_create(agreements)
    goal_plans = []
    for enrolment, plan in running:
        for domain, text in rng.sample(GOALS, 3):
            closed = plan["outcome"] == "closed"
            goals.append(
                m["Goal"](
                    enrolment=enrolment,
                    domain=domain,
                    description=text,
                    status=rng.choice(["reached", "partly", "not_reached"]) if closed else "open",
                    created_by=plan["pin"],
                    created=datetime.datetime.combine(
                        plan["start"], datetime.time(10), tzinfo=context["now"].tzinfo
                    ),
                )
            )
            goal_plans.append((enrolment, plan))
    m["Goal"].objects.bulk_create(goals)
    goals_of = {}
    for goal, (enrolment, plan) in zip(goals, goal_plans, strict=True):
        goals_of.setdefault(enrolment.pk, []).append(goal)
        notes.append(
            m["GoalNote"](
                goal=goal,
                date=min(today, plan["start"] + datetime.timedelta(days=45)),
                text="Verzonnen voortgang.",
                author=plan["pin"],
            )
        )
    m["GoalNote"].objects.bulk_create(notes)
    review_goals = []
    for enrolment, plan in running:
        last = min(plan.get("closed_on", today), today)
        for month in REVIEW_MONTHS:
            held_on = add_months(plan["start"], month)
            if held_on > last:
                break
            reviews.append(
                m["Review"](
                    enrolment=enrolment,
                    month=month,
                    held_on=held_on,
                    outcome="continue",
                    criteria="Voortgang op de doelen; veiligheid thuis.",
                    held_by=plan["pin"],
                )
            )
            review_goals.append(goals_of[enrolment.pk])
        if plan["outcome"] == "closed":
            closures.append(
                m["Closure"](
                    enrolment=enrolment,
                    closed_on=plan["closed_on"],
                    reason="completed",
                    way_on=rng.choice(["continue", "contribution", "lighter", "refer"]),
                    referred_to="",
                    out_of_home_prevented=rng.choice(["yes", "no", "unknown"]),
                    closed_by=plan["pin"],
                    created=datetime.datetime.combine(
                        plan["closed_on"], datetime.time(16), tzinfo=context["now"].tzinfo
                    ),
                )
            )
    m["Review"].objects.bulk_create(reviews)
    for review, its_goals in zip(reviews, review_goals, strict=True):
        for goal in its_goals:
            progress.append(
                m["ReviewProgress"](
                    review=review, goal=goal, progress=rng.choice(["better", "same", "worse"])
                )
            )
    m["ReviewProgress"].objects.bulk_create(progress)
    m["Closure"].objects.bulk_create(closures)
    counts = context["counts"]
    for name, rows in (
        ("meetings", meetings),
        ("agreements", agreements),
        ("goals", goals),
        ("reviews", reviews),
        ("closures", closures),
    ):
        counts[name] = counts.get(name, 0) + len(rows)


# The wellbeing checks of the default set (``questionnaires_default``) the
# bench fills in: a parent's, and a child's in the instrument's age band.
BENCH_INSTRUMENTS = ("welzijn-ouder", "welzijn-kind-8-11", "welzijn-jongere-12-17")
RESPONSE_RATE = 0.7


def bench_instruments():
    """The default questionnaires made as the product makes them
    (``ensure_default_instruments``, what ``manage.py
    ensure_questionnaires`` runs), and of those the wellbeing checks, each
    with its scored items as ``(item id, scale values, reversed)``."""
    from buitenshuis.monitoring.models_questionnaires import Instrument
    from buitenshuis.monitoring.questionnaires_default import ensure_default_instruments

    ensure_default_instruments()
    found = []
    for key in BENCH_INSTRUMENTS:
        instrument = Instrument.objects.prefetch_related("items__scale").get(key=key)
        items = [
            (item.pk, item.scale.values, item.reversed)
            for item in instrument.items.all()
            if not item.scale.free_text
        ]
        found.append((instrument, items))
    return found


def build_questionnaires(enrolments, plans, context, m):
    """The wellbeing checks of every running or closed family, at each
    moment (start, 12 and 24 months: ``questionnaires.MOMENT_MONTHS``) that
    had come by today (or by the closing): the first parent's, and each
    child's whose age on the moment falls in an instrument's band; about
    70% answered, entered by the linking pin a few days after the moment.
    The answers lean to the better half, a little more at each later
    moment; the score is the product's (``questionnaires.score_values``)."""
    from buitenshuis.monitoring.questionnaires import MOMENT_MONTHS, reverse_value, score_values

    rng, today, now = context["questionnaire_rng"], context["today"], context["now"]
    add_months = context["add_months"]
    parent_check, *child_checks = context["instruments"]
    responses, answers = [], []
    for enrolment, plan in zip(enrolments, plans, strict=True):
        if plan["outcome"] not in ("running", "closed"):
            continue
        last = min(plan.get("closed_on", today), today)
        for step, (moment, months) in enumerate(MOMENT_MONTHS.items()):
            day = add_months(plan["start"], months)
            if day > last:
                break
            respondents = [(parent_check, plan["parent_objs"][0])]
            for child in plan["child_objs"]:
                age = child.age_on(day)
                respondents += [(check, child) for check in child_checks if check[0].fits_age(age)]
            for (instrument, items), person in respondents:
                if rng.random() >= RESPONSE_RATE:
                    continue
                submitted = min(day + datetime.timedelta(days=rng.randint(0, 14)), last)
                centre = 3.2 + 0.3 * step + rng.uniform(-0.8, 0.8)
                given = []
                for item_id, values, is_reversed in items:
                    good = min(max(round(rng.gauss(centre, 0.9)), values[0]), values[-1])
                    value = reverse_value(good, values) if is_reversed else good
                    given.append((item_id, value, values, is_reversed))
                response = m["Response"](
                    enrolment=enrolment,
                    person=person,
                    instrument=instrument,
                    moment=moment.value,
                    entered_by=plan["pin"],
                    submitted_at=min(
                        datetime.datetime.combine(submitted, datetime.time(15), tzinfo=now.tzinfo),
                        now,
                    ),
                    score=score_values(instrument.scoring, [g[1:] for g in given]),
                )
                responses.append(response)
                answers.append(given)
    m["Response"].objects.bulk_create(responses, batch_size=5000)
    rows = [
        m["Answer"](response=response, item_id=item_id, value=value)
        for response, given in zip(responses, answers, strict=True)
        for item_id, value, _values, _reversed in given
    ]
    m["Answer"].objects.bulk_create(rows, batch_size=5000)
    counts = context["counts"]
    counts["questionnaire responses"] = counts.get("questionnaire responses", 0) + len(responses)
    counts["answers"] = counts.get("answers", 0) + len(rows)


class History:
    """Rows of django-simple-history's tables, made in bulk: what
    ``save()`` would have recorded at each step of a case (created, then
    changed), with the values of that moment, the date and who did it.

    On PostgreSQL the rows are written with COPY, without a model instance
    per row: a country has several million of them."""

    def __init__(self, now, counts):
        self.now = now
        self.counts = counts
        self.rows = {}
        self.tables = {}

    def table(self, model):
        """The historical model of ``model``, its columns and, for each,
        the field and the attribute of ``model`` it copies (None for the
        history's own columns)."""
        if model not in self.tables:
            # ``model.history`` builds a manager class at every access: once.
            historical = model.history.model
            tracked = {field.attname for field in historical.tracked_fields}
            fields = [f for f in historical._meta.concrete_fields if not f.primary_key]
            own = {"history_date", "history_type", "history_user_id", "history_change_reason"}
            assert {f.attname for f in fields} == tracked | own, historical
            self.tables[model] = historical, fields
        return self.tables[model]

    def add(self, obj, when, user, kind="~", **then):
        """A row for ``obj`` as it was at ``when``: its current values
        except ``then`` (the values it had before a later change)."""
        historical, fields = self.table(type(obj))
        if isinstance(when, datetime.date) and not isinstance(when, datetime.datetime):
            when = datetime.datetime.combine(when, datetime.time(10), tzinfo=self.now.tzinfo)
        own = {
            "history_date": min(when, self.now),
            "history_type": kind,
            "history_user_id": user.pk if user else None,
            "history_change_reason": None,
        }
        values = {}
        for field in fields:
            name = field.attname
            if name in then:
                values[name] = then[name]
            elif name in own:
                values[name] = own[name]
            else:
                values[name] = getattr(obj, name)
        self.rows.setdefault(historical, []).append(values)

    def created(self, obj, when, user, **then):
        self.add(obj, when, user, kind="+", **then)

    def save(self):
        from django.db import connections

        connection = connections["default"]  # not the proxy: millions of values
        for historical, rows in self.rows.items():
            fields = self.tables[historical.instance_type][1]
            if connection.vendor == "postgresql":
                columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                table = connection.ops.quote_name(historical._meta.db_table)
                # psycopg writes str, numbers, dates and None as they are;
                # JSON (lists of days, categories) goes through the field.
                names = [f.attname for f in fields]
                json = [
                    (k, f) for k, f in enumerate(fields) if f.get_internal_type() == "JSONField"
                ]
                with connection.cursor() as cursor:
                    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for values in rows:
                            row = [values[name] for name in names]
                            for k, field in json:
                                row[k] = field.get_db_prep_save(row[k], connection)
                            copy.write_row(row)
            else:
                historical.objects.bulk_create(
                    (historical(**values) for values in rows), batch_size=2000
                )
            self.counts["history rows"] = self.counts.get("history rows", 0) + len(rows)
        self.rows = {}


def build_history(plans, made, context, m):
    """History for every family and referral as the product would have
    written it: created by the referrer, assigned by the coordinator, intake
    and consent by the linking pin, the decision by the policy officer, the
    first day, the closing; people, placements, signals, contacts and
    handovers created (and some changed) on the days they happened."""
    rng, by_name = context["rng"], context["by_name"]
    history = History(context["now"], context["counts"])
    day = datetime.timedelta(days=1)
    for family, enrolment, referral, plan in zip(
        made["families"], made["enrolments"], made["referrals"], plans, strict=True
    ):
        received, outcome, pin = plan["received"], plan["outcome"], plan["pin"]
        coordinator = by_name[f"bench_coord_{plan['p']}"]
        policy_officer = by_name[f"bench_policy_{plan['p']}"]
        # The family: entered with the referral; a third moved house since.
        if rng.random() < 0.3 and outcome in ("running", "closed", "arriving"):
            history.created(family, received, plan["referrer"], house_number="1a")
            history.add(family, plan["start"] + 60 * day, pin)
        else:
            history.created(family, received, plan["referrer"])
        for person in plan["parent_objs"] + plan["child_objs"]:
            if person.kind == "parent" and rng.random() < 0.2:
                history.created(person, received, plan["referrer"], phone="0611111111")
                history.add(person, received + 30 * day, pin)
            else:
                history.created(person, received, plan["referrer"])
        # The referral and the enrolment, step by step.
        before = {"assigned_at": None, "ready_at": None, "decided_at": None, "closed_at": None}
        history.created(referral, received, plan["referrer"], status="received", **before)
        history.created(
            enrolment,
            received,
            plan["referrer"],
            status="referred",
            linking_pin_id=None,
            start_date=None,
            end_date=None,
            first_activity_date=None,
        )
        if referral.assigned_at:
            before.pop("assigned_at")
            history.add(referral, referral.assigned_at, coordinator, status="received", **before)
            history.add(
                enrolment,
                referral.assigned_at,
                coordinator,
                status="referred",
                start_date=None,
                end_date=None,
                first_activity_date=None,
            )
        if plan["past_intake"]:
            history.add(referral, received + 3 * day, pin, status="intake", **before)
            history.add(
                enrolment,
                received + 3 * day,
                pin,
                status="intake",
                start_date=None,
                end_date=None,
                first_activity_date=None,
            )
        if referral.ready_at:
            before.pop("ready_at")
            history.add(referral, referral.ready_at, pin, status="intake", **before)
        if referral.decided_at:
            history.add(referral, referral.decided_at, policy_officer)
            if outcome == "rejected":
                history.add(enrolment, referral.decided_at, policy_officer)
            else:
                history.add(
                    enrolment,
                    referral.decided_at,
                    policy_officer,
                    status="active",
                    first_activity_date=None,
                )
        if plan["first_day"]:
            first_day = plan["first_day"] - 3 * day
            history.add(enrolment, first_day, pin, status="active")
        if outcome == "closed":
            history.add(enrolment, plan["closed_on"], pin)
        if outcome == "withdrawn":
            history.add(referral, referral.closed_at, pin if referral.assigned_at else coordinator)
            history.add(enrolment, referral.closed_at, pin if referral.assigned_at else coordinator)
    for intake in made["intakes"]:
        history.created(intake, intake.held_on, intake.recorded_by)
    for consent in made["consents"]:
        history.created(consent, consent.given_on, consent.recorded_by)
    for decision in made["decisions"]:
        history.created(decision, decision.decided_at, decision.decided_by)
    for placement, plan in zip(made["placements"], made["placed_plans"], strict=True):
        if placement.ended_at:
            history.created(
                placement, placement.created, placement.created_by, ended_at=None, days_used=None
            )
            history.add(placement, placement.ended_at, plan["pin"])
        elif plan["outcome"] == "closed":
            end = plan["start"] + 730 * day
            history.created(placement, placement.created, placement.created_by, end_date=end)
            history.add(placement, placement.end_date, plan["pin"])
        else:
            history.created(placement, placement.created, placement.created_by)
    for signal in made["signals"]:
        history.created(
            signal, signal.created, signal.created_by, acknowledged_by_id=None, acknowledged_at=None
        )
        if signal.acknowledged_at:
            history.add(signal, signal.acknowledged_at, signal.acknowledged_by)
    for contact in made["contacts"]:
        history.created(contact, contact.date, contact.author)
    for handover in made["handovers"]:
        history.created(handover, handover.starts, handover.enrolment.linking_pin)
    history.save()


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
    history = History(now, context["counts"])
    for duplicate in made:
        history.created(
            duplicate, duplicate.created, None, status="open", decided_by_id=None, decided_at=None
        )
        if duplicate.decided_at:
            history.add(duplicate, duplicate.decided_at, duplicate.decided_by)
    history.save()
    return len(made)


if __name__ == "__main__":
    main()
