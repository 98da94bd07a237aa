# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""Put the figures of several runs of ``lists.py --json`` side by side, as
the tables of bench/README.md:

    .venv/bin/python bench/compare.py 20k.json 100k.json 300k.json
    .venv/bin/python bench/compare.py 20k-*.json 300k-*.json   # rounds: medians

Runs of the same size (``meta.families``) are rounds: each page's time,
ratio and requests per second are the median over them. For each page and
user: the median, the ratio to the floor and the number of queries at each
size, and the growth of the ratio from the first size to the last. With
``--gunicorn`` figures in the files, a second table gives the requests per
second and the share of the floor's."""

import json
import statistics
import sys


def main(paths):
    sizes = {}
    for path in paths:
        run = json.load(open(path))
        sizes.setdefault(size(run, path), []).append(run)
    names = list(sizes)
    for name, runs in sizes.items():
        for run in runs:
            meta = run.get("meta", {})
            print(
                f"- {name}: commit {meta.get('commit', '?')}, {meta.get('date', '?')}, "
                f"{meta.get('database', '?')}, load {meta.get('load', '?')}"
            )
    print()
    head = "| user | page |"
    rule = "| --- | --- |"
    for name in names:
        head += f" {name} ms | {name} ratio | {name} queries |"
        rule += " ---: | ---: | ---: |"
    if len(names) > 1:
        head += f" ratio {names[-1]} / {names[0]} |"
        rule += " ---: |"
    print(head)
    print(rule)
    pages = [medians([run["pages"] for run in sizes[name]], ("ms", "ratio")) for name in names]
    for key in ordered_keys(pages):
        line = f"| {key[0]} | {key[1]} |"
        for by_key in pages:
            r = by_key.get(key)
            line += f" {r['ms']:.1f} | {r['ratio']:.1f} | {r['queries']} |" if r else " | | |"
        first, last = pages[0].get(key), pages[-1].get(key)
        if len(names) > 1:
            line += f" {last['ratio'] / first['ratio']:.2f} |" if first and last else " |"
        print(line)
    throughput = [
        [run["throughput"] for run in sizes[name] if run.get("throughput")] for name in names
    ]
    if not all(throughput):
        return
    print()
    head = "| user | page |"
    rule = "| --- | --- |"
    for name in names:
        head += f" {name} requests/s | {name} share of floor |"
        rule += " ---: | ---: |"
    print(head)
    print(rule)
    tp = [medians([t["pages"] for t in runs], ("rps", "ratio")) for runs in throughput]
    for key in ordered_keys(tp):
        line = f"| {key[0]} | {key[1]} |"
        for by_key in tp:
            r = by_key.get(key)
            line += f" {r['rps']:.1f} | {r['ratio'] * 100:.0f}% |" if r else " | |"
        print(line)
    line = "| | static file |"
    for runs in throughput:
        line += f" {statistics.median(t['static_rps'] for t in runs):.1f} | |"
    print(line)


def medians(rounds, fields):
    """{(user, page): row} with the median of ``fields`` over the rounds."""
    merged = {}
    for rows in rounds:
        for r in rows:
            merged.setdefault((r["user"], label(r)), []).append(r)
    result = {}
    for key, rows in merged.items():
        row = dict(rows[0])
        for field in fields:
            row[field] = statistics.median(r[field] for r in rows)
        result[key] = row
    return result


def size(run, path):
    families = run.get("meta", {}).get("families")
    return f"{families // 1000}k" if families else path


def label(r):
    return "floor" if r["kind"] == "floor" else f"`{r['page']}`"


def ordered_keys(runs):
    keys = []
    for by_key in runs:
        for key in by_key:
            if key not in keys:
                keys.append(key)
    return keys


if __name__ == "__main__":
    main(sys.argv[1:])
