# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Benchmark: how many access-log entries the installation can write per
second when several requests record at the same time.

    createdb -h 127.0.0.1 -U postgres bench_log
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_log .venv/bin/python bench/access_log.py
    DATABASE_URL=... .venv/bin/python bench/access_log.py --threads 8 --records 300 --rounds 3

Every audited page view calls ``audit.log.record()`` once. This script
calls it directly (no HTTP, no templates), from ``--threads`` threads with a
database connection each, as a random user out of ``--users`` for each
entry, with one family as subject: what a family page writes. It prints the
entries per second of each round and their median, for one thread and for
``--threads`` threads, and then checks the whole log (``check_chain``), so
that a fast but broken log cannot pass unnoticed. The log grows with every
run; the figures hardly depend on its size.

On SQLite the threads take turns anyway (one writer at a time); measure on
PostgreSQL.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--records", type=int, default=300, help="entries per thread per round")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ACCESS_LOG_KEY", "bench-only-access-log-key")
    os.environ["DJANGO_SETTINGS_MODULE"] = "buitenshuis.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from buitenshuis.accounts.models import User

    print(f"database: {connection.vendor}", flush=True)
    call_command("migrate", verbosity=0)
    have = User.objects.filter(username__startswith="bench-log-").count()
    User.objects.bulk_create(User(username=f"bench-log-{n}") for n in range(have, args.users))
    users = list(User.objects.filter(username__startswith="bench-log-")[: args.users])
    random.seed(args.seed)

    for threads in sorted({1, args.threads}):
        rates = [run_round(threads, args.records, users) for _ in range(args.rounds)]
        figures = ", ".join(f"{rate:.0f}" for rate in rates)
        print(
            f"{threads} thread(s) x {args.records}: {statistics.median(rates):.0f} entries/s "
            f"(median of {figures})",
            flush=True,
        )

    from buitenshuis.audit.log import check_chain

    started = time.perf_counter()
    report = check_chain()
    state = "intact" if report.intact else f"NOT intact: {report.problems[:5]}"
    print(
        f"check_chain: {report.count} entries, {state} ({time.perf_counter() - started:.1f} s)",
        flush=True,
    )


def run_round(threads, records, users):
    from django.db import connection

    from buitenshuis.audit.log import record
    from buitenshuis.audit.models import Action

    start = threading.Barrier(threads + 1)
    failures = []

    def work(seed):
        chooser = random.Random(seed)
        try:
            start.wait()
            for _ in range(records):
                family = SimpleNamespace(family_id=chooser.randrange(1, 300_000))
                user = chooser.choice(users)
                record(None, Action.VIEW, "family_identity", [family], user=user)
        except Exception as error:  # reported below; the round does not count
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=(random.random(),)) for _ in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"{len(failures)} thread(s) failed: {failures[0]!r}")
    return threads * records / elapsed


if __name__ == "__main__":
    main()
