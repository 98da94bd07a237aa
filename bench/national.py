# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Benchmark: the monitoring at national scale (issue 13), as an ordinary
coordinator and researcher, on the country ``bench/lists.py --national``
built (about 300,000 families, 600,000 children, 342 municipalities, 10
million contacts).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/lists.py --national
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/national.py \\
        --json national.json

It measures, through Django's test client (no network), the median of
``--repeat`` requests:

- the coordinator of programme 0: the programme's dashboard (exact, from
  the raw rows of their programme), and the dashboards of its municipality,
  its region and the country (from the summaries);
- a researcher of programme 0: the national dashboard, the municipality's,
  and the national CSV export of the indicators, read to its last byte;

and beside each figure above programme level its **floor**: the same
figures from hand-written SQL on the same data, timed in the same run as
a page (``bench.floor.FiguresFloorView``, ``/bench/vloer/cijfers/``):
signed in, the policy's check, the grouped sum of the indicator
summary's parts and the minutes of the contact summary by a raw cursor
(the fastest SQL we could write for them), and a template of a few lines
listing the sums. The product's page adds putting the figures together,
suppression, the charts and its template. The SQL alone is timed too.
For scale it also times the raw-row SQL the summaries spare: the national
contact minutes and referrals by route from the raw tables.

Then a **new contact**: the linking pin records one through the contact
form, and the coordinator's municipality dashboard is requested until its
"minutes in total" shows it; the seconds it took.

Targets (issue 13): the national dashboard under 300 ms, a
municipality's under 50 ms, each within 2 times its floor; a new contact
visible within a minute; the national CSV export under 10 s. ``--check``
exits 1 when one is missed.
"""

import argparse
import datetime
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.lists import start_django  # noqa: E402

TARGETS = {"national": 300.0, "municipality": 50.0}
FLOOR_RATIO = 2.0
CONTACT_SECONDS = 60.0
EXPORT_SECONDS = 10.0
MINUTES_TOTAL = re.compile(r"Minuten contact in totaal</dt>\s*<dd[^>]*>([0-9.]+)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--year", type=int, help="the calendar year measured (default: this year)")
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the summaries first (timed)"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a target of issue 13 is missed"
    )
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        sys.exit("bench/national.py needs DATABASE_URL of the database bench/lists.py built.")
    start_django()
    from django.utils import timezone

    from bench.lists import about_the_run, analyse

    year = args.year or timezone.localdate().year
    results = {"meta": about_the_run(), "year": year, "size": size()}
    print(json.dumps(results["size"]), flush=True)
    results["build"] = summaries(args.rebuild)
    if results["build"]:
        analyse()
    people = users()
    results["pages"] = measure(args, people, year)
    results["raw"] = raw_reference(year)
    results["new_contact"] = new_contact(people)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    if args.check:
        problems = missed(results)
        for problem in problems:
            print(f"MISSED: {problem}")
        sys.exit(1 if problems else 0)


def size():
    """What the country holds."""
    from django.db import connection

    tables = {
        "families": "casework_family",
        "persons": "casework_person",
        "contacts": "casework_contact",
        "placements": "activities_placement",
        "reviews": "casework_review",
        "questionnaire responses": "monitoring_response",
        "municipalities": "organisations_municipality",
        "programmes": "organisations_programme",
        "indicator summary rows": "monitoring_indicatorcount",
        "contact summary rows": "monitoring_contactmonthsummary",
    }
    found = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            # The planner's estimate: an exact count of 10 million rows takes seconds.
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            found[label] = int(row[0]) if row and row[0] >= 0 else None
        cursor.execute(
            "SELECT count(*) FROM casework_person WHERE kind = 'child'"
            if connection.vendor == "postgresql"
            else "SELECT count(*) FROM casework_person WHERE kind = 'child'"
        )
        found["children"] = cursor.fetchone()[0]
    return found


def summaries(rebuild):
    """Build the summaries when they are empty (or asked): the seconds each took."""
    from buitenshuis.monitoring import indicator_summary
    from buitenshuis.monitoring.models import ContactMonthSummary, IndicatorCount
    from buitenshuis.monitoring.summaries import rebuild_contact_summary

    timings = {}
    if rebuild or not ContactMonthSummary.objects.exists():
        started = time.perf_counter()
        rebuild_contact_summary()
        timings["contact summary s"] = round(time.perf_counter() - started, 1)
        print(f"contact summary: {timings['contact summary s']} s", flush=True)
    if rebuild or not IndicatorCount.objects.exists():
        started = time.perf_counter()

        def progress(programme_id, rows):
            if programme_id % 50 == 0:
                print(f"  indicator summary: programme {programme_id}, {rows} rows", flush=True)

        indicator_summary.rebuild_all(progress)
        timings["indicator summary s"] = round(time.perf_counter() - started, 1)
        print(f"indicator summary: {timings['indicator summary s']} s", flush=True)
    return timings


def users():
    """The coordinator and a linking pin of programme 0, and a researcher of
    programme 0 (made here once: the generator makes none)."""
    from django.contrib.auth import get_user_model

    from buitenshuis.organisations.models import Membership, Organisation, Programme, Role

    User = get_user_model()
    programme = Programme.objects.order_by("pk").first()
    researcher, created = User.objects.get_or_create(
        username="bench_researcher_0", defaults={"first_name": "Onderzoeker"}
    )
    if created:
        researcher.set_password("x")
        researcher.save()
        Membership.objects.create(
            user=researcher,
            role=Role.RESEARCHER,
            organisation=Organisation.objects.order_by("pk").first(),
            programme=programme,
        )
    return {
        "coordinator": User.objects.get(username="bench_coord_0"),
        "researcher": researcher,
        "linking pin": User.objects.get(username="bench_pin_0_0"),
        "programme": programme,
        "municipality": programme.municipalities.order_by("pk").first(),
    }


def pages(people, year):
    from django.urls import NoReverseMatch, reverse

    programme, municipality = people["programme"], people["municipality"]
    dashboard = reverse("monitoring:dashboard")
    found = [
        ("coordinator", "programme", f"{dashboard}?programme={programme.pk}&jaar={year}"),
        (
            "coordinator",
            "municipality",
            f"{dashboard}?niveau=gemeente&gemeente={municipality.pk}&jaar={year}",
        ),
        (
            "coordinator",
            "region",
            f"{dashboard}?niveau=regio&regio={municipality.region_id}&jaar={year}",
        ),
        ("coordinator", "national", f"{dashboard}?niveau=landelijk&jaar={year}"),
        ("researcher", "national", f"{dashboard}?niveau=landelijk&jaar={year}"),
        (
            "researcher",
            "municipality",
            f"{dashboard}?niveau=gemeente&gemeente={municipality.pk}&jaar={year}",
        ),
    ]
    try:
        export = reverse("monitoring:export_indicators", kwargs={"format": "csv"})
    except NoReverseMatch:
        try:
            export = reverse("monitoring:export_indicators_csv")
        except NoReverseMatch:
            export = None
    if export:
        found.append(("researcher", "national export", f"{export}?niveau=landelijk&jaar={year}"))
    return found


def request(client, url):
    """One request read to its last byte (a streamed export too): ms and status."""
    started = time.perf_counter()
    response = client.get(url)
    size = 0
    if getattr(response, "streaming", False):
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    return (time.perf_counter() - started) * 1000, response.status_code, size


def measure(args, people, year):
    from django.db import connection
    from django.test import Client

    from bench.lists import Recorder

    clients = {}
    for label in ("coordinator", "researcher"):
        clients[label] = Client()
        clients[label].force_login(people[label])
    figures = []
    for label, level, url in pages(people, year):
        client = clients[label]
        request(client, url)  # warm: the template, the figures' shape
        timings, statuses, sizes = [], set(), set()
        repeat = 3 if "export" in level else args.repeat
        for _ in range(repeat):
            ms, status, size = request(client, url)
            timings.append(ms)
            statuses.add(status)
            sizes.add(size)
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            request(client, url)
        floor = floor_page_ms(client, args.repeat, level, people, year)
        sql = sql_ms(args.repeat, level, people, year)
        median = statistics.median(timings)
        figures.append(
            {
                "user": label,
                "level": level,
                "url": url,
                "ms": round(median, 1),
                "queries": len(recorder.queries),
                "status": sorted(statuses),
                "bytes": max(sizes),
                "floor_ms": round(floor, 2) if floor else None,
                "sql_ms": round(sql, 2) if sql else None,
                "ratio": round(median / floor, 2) if floor else None,
            }
        )
        print(
            f"{label:12} {level:16} {median:9.1f} ms  floor {floor or 0:7.2f} ms  "
            f"(its SQL {sql or 0:7.2f} ms)  "
            f"{len(recorder.queries):3} queries  {sorted(statuses)}",
            flush=True,
        )
    return figures


def selection_of(level, people):
    """(level, pk) of the floor for a measured level, or None."""
    municipality = people["municipality"]
    return {
        "national": ("national", None),
        "national export": ("national", None),
        "region": ("region", municipality.region_id),
        "municipality": ("municipality", municipality.pk),
    }.get(level)


def floor_page_ms(client, repeat, level, people, year):
    """The median time of the floor page (``bench.floor.FiguresFloorView``)
    of the same selection, as the same user, or None inside the programme."""
    from django.urls import reverse

    selection = selection_of(level, people)
    if not selection:
        return None
    kind, pk = selection
    params = {"national": "niveau=landelijk", "region": f"niveau=regio&regio={pk}"}.get(
        kind, f"niveau=gemeente&gemeente={pk}"
    )
    url = f"{reverse('bench_floor_figures')}?{params}&jaar={year}"
    timings, statuses = [], set()
    request(client, url)
    for _ in range(repeat):
        ms, status, _size = request(client, url)
        timings.append(ms)
        statuses.add(status)
    if statuses != {200}:
        raise SystemExit(f"the floor {url} answered {statuses}")
    return statistics.median(timings)


def sql_ms(repeat, level, people, year):
    """The median time of the floor's SQL alone (all its statements), or None."""
    from bench.floor import figures_sql

    selection = selection_of(level, people)
    if not selection:
        return None
    statements = figures_sql(*selection, year)
    return statistics.median(run_sql(statements) for _ in range(repeat))


def run_sql(statements):
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def raw_reference(year):
    """What the summaries spare: the same national figures from the raw rows."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    statements = {
        "national contact minutes from the raw contacts": [
            (
                "SELECT SUM(minutes) FROM casework_contact WHERE date >= %s AND date <= %s",
                [first, last],
            )
        ],
        "national referrals by route from the raw referrals": [
            (
                "SELECT route, COUNT(*) FROM referrals_referral "
                "WHERE received_at >= %s AND received_at < %s GROUP BY route",
                [first, last + datetime.timedelta(days=1)],
            )
        ],
    }
    found = {}
    for label, sql in statements.items():
        found[label] = round(statistics.median(run_sql(sql) for _ in range(3)), 1)
        print(f"raw: {label}: {found[label]} ms", flush=True)
    return found


def new_contact(people):
    """The linking pin records a contact through the form; the seconds until
    the coordinator's municipality dashboard shows its minutes."""
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from buitenshuis.casework.models import Enrolment

    today = timezone.localdate()
    enrolment = (
        Enrolment.objects.filter(
            linking_pin=people["linking pin"],
            status=Enrolment.Status.ACTIVE,
            family__municipality=people["municipality"],
        )
        .order_by("pk")
        .first()
    )
    coordinator, pin = Client(), Client()
    coordinator.force_login(people["coordinator"])
    pin.force_login(people["linking pin"])
    url = (
        f"{reverse('monitoring:dashboard')}?niveau=gemeente&gemeente="
        f"{people['municipality'].pk}&jaar={today.year}"
    )

    def shown():
        match = MINUTES_TOTAL.search(coordinator.get(url).content.decode())
        return int(match.group(1).replace(".", "")) if match else None

    before = shown()
    minutes = 45
    response = pin.post(
        reverse("casework:contact", args=[enrolment.family_id]),
        {"date": today.isoformat(), "minutes": minutes, "kind": "phone", "with_whom": "Moeder"},
    )
    saved = time.perf_counter()
    seen = None
    while time.perf_counter() - saved < CONTACT_SECONDS * 1.5:
        now = shown()
        if before is not None and now == before + minutes:
            seen = time.perf_counter() - saved
            break
        time.sleep(0.5)
    outcome = f"seen after {seen:.2f} s" if seen is not None else "NOT seen"
    print(
        f"new contact: form answered {response.status_code}; minutes in total {before} -> "
        f"{outcome}",
        flush=True,
    )
    return {
        "form_status": response.status_code,
        "before": before,
        "seconds_until_visible": round(seen, 2) if seen is not None else None,
    }


def print_table(results):
    print()
    print("| user | level | ms | floor ms | ratio | its SQL ms | queries | status |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for page in results["pages"]:
        print(
            f"| {page['user']} | {page['level']} | {page['ms']} | {page['floor_ms'] or '-'} | "
            f"{page['ratio'] or '-'} | {page['sql_ms'] or '-'} | {page['queries']} | "
            f"{page['status']} |"
        )


def missed(results):
    problems = []
    for page in results["pages"]:
        if page["status"] != [200]:
            problems.append(f"{page['user']} {page['level']}: status {page['status']}")
        target = TARGETS.get(page["level"])
        if target and page["ms"] > target:
            problems.append(f"{page['user']} {page['level']}: {page['ms']} ms > {target} ms")
        if target and page["ratio"] and page["ratio"] > FLOOR_RATIO:
            problems.append(f"{page['user']} {page['level']}: {page['ratio']} x its floor")
        if page["level"] == "national export" and page["ms"] > EXPORT_SECONDS * 1000:
            problems.append(f"national export: {page['ms'] / 1000:.1f} s")
    seen = results["new_contact"]["seconds_until_visible"]
    if seen is None or seen > CONTACT_SECONDS:
        problems.append(f"new contact visible after {seen} s")
    return problems


if __name__ == "__main__":
    main()
