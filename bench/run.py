"""`make bench`: builds a realistic data set in a fresh database, serves it with gunicorn as in
production (DEBUG off, WhiteNoise, page cache), loads it with wrk on 127.0.0.1 only, and writes
bench/results/latest.json and latest.md. Every number is from this one run; quote ratios.

    python bench/run.py                # SQLite, one instance (default)
    python bench/run.py --mode scale   # PostgreSQL + Redis (cache and RQ tasks), two instances

Each mode also measures the public pages a second time while residents write (fund draft
steps 5/s, appointment requests 2/s) and the background worker sends the office notices: the
"mixed" column, with its own floor from that same run.
"""

import argparse
import json
import os
import sys
from datetime import UTC, datetime

from harness import (
    BENCH,
    IDEA_PAGES,
    PAGES,
    RESULTS,
    booking_bench,
    events_bench,
    lending_bench,
    log,
    prepare,
    python,
    staff_bench,
    staff_pages_bench,
)
from lighthouse import lighthouse
from load import Server, load_pages, mixed_load, submissions, two_against_one
from report import (
    booking_line,
    events_line,
    lending_line,
    render_lines,
    staff_line,
    staff_pages_lines,
    table,
)
from slow_clients import slow_clients_bench, slow_clients_line


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["single", "scale"], default="single")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only",
        choices=[
            "booking",
            "events",
            "ideas",
            "lending",
            "renders",
            "staff",
            "staffpages",
            "slow",
        ],
        help="run one part only",
    )
    options = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if options.only == "booking":
        booking = booking_bench("sqlite" if options.mode == "single" else "postgres")
        (RESULTS / "booking.json").write_text(json.dumps(booking, indent=2))
        print(booking_line(booking))
        return
    if options.only == "renders":
        kind = "sqlite" if options.mode == "single" else "postgres"
        redis = "redis://127.0.0.1:6379/3" if options.mode == "scale" else ""
        env = {**prepare(kind, "large", redis_url=redis)[0], "PAGE_CACHE_SECONDS": "0"}
        measured = json.loads(
            python(env, str(BENCH / "inprocess.py"), json.dumps(PAGES), str(options.renders))
        )
        (RESULTS / "renders.json").write_text(json.dumps(measured, indent=2, ensure_ascii=False))
        print("\n".join(render_lines(measured["pages"], measured["machine_pace_ms"])))
        return
    if options.only == "events":
        events = events_bench("sqlite" if options.mode == "single" else "postgres")
        (RESULTS / "events.json").write_text(json.dumps(events, indent=2))
        print(events_line(events))
        return
    if options.only == "ideas":
        # The ideas list with few and with 5,000 ideas and 50,000 supports, uncached.
        kind = "sqlite" if options.mode == "single" else "postgres"
        ideas = {
            scale: json.loads(
                python(
                    {**prepare(kind, scale, page_cache=False)[0], "PAGE_CACHE_SECONDS": "0"},
                    str(BENCH / "inprocess.py"),
                    json.dumps(IDEA_PAGES),
                    str(options.renders),
                )
            )["pages"]
            for scale in ("small", "large")
        }
        (RESULTS / "ideas.json").write_text(json.dumps(ideas, indent=2, ensure_ascii=False))
        for scale, pages in ideas.items():
            for name, page in pages.items():
                print(f"{scale}: {name}: {page['queries']} queries, {page['render_ms_median']} ms")
        return
    if options.only == "lending":
        lending = lending_bench("sqlite" if options.mode == "single" else "postgres")
        (RESULTS / "lending.json").write_text(json.dumps(lending, indent=2))
        print(lending_line(lending))
        return
    if options.only == "slow":
        slow = slow_clients_bench(workers=options.workers)
        (RESULTS / "slow_clients.json").write_text(json.dumps(slow, indent=2, ensure_ascii=False))
        print(slow_clients_line(slow))
        return
    if options.only == "staff":
        kind = "sqlite" if options.mode == "single" else "postgres"
        staff = staff_bench(prepare(kind, "large")[0], options.renders)
        (RESULTS / "staff_today.json").write_text(json.dumps(staff, indent=2, ensure_ascii=False))
        print(staff_line(staff))
        return
    if options.only == "staffpages":
        kind = "sqlite" if options.mode == "single" else "postgres"
        redis = "redis://127.0.0.1:6379/3" if options.mode == "scale" else ""
        envs = {
            scale: prepare(kind, scale, page_cache=False, redis_url=redis)[0]
            for scale in ("small", "large")
        }
        pages = staff_pages_bench(envs, options.renders)
        (RESULTS / "staff_pages.json").write_text(json.dumps(pages, indent=2, ensure_ascii=False))
        print("\n".join(staff_pages_lines(pages)))
        return
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores",
        "database": "SQLite (WAL)" if options.mode == "single" else "PostgreSQL + Redis",
        "workers": options.workers,
        "seconds": options.seconds,
    }
    kind = "sqlite" if options.mode == "single" else "postgres"
    redis = "redis://127.0.0.1:6379/3" if options.mode == "scale" else ""

    log("small data set and in-process measurements")
    small_env, results["rows_small"] = prepare(kind, "small", page_cache=False, redis_url=redis)
    results["inprocess"] = {
        "small": json.loads(python(small_env, str(BENCH / "inprocess.py"), json.dumps(PAGES), "1"))[
            "pages"
        ]
    }
    log("large data set")
    env, results["rows_large"] = prepare(kind, "large", redis_url=redis)
    measured = json.loads(
        python(
            {**env, "PAGE_CACHE_SECONDS": "0"},
            str(BENCH / "inprocess.py"),
            json.dumps(PAGES),
            str(options.renders),
            "first-load",
        )
    )
    results["inprocess"]["large"] = measured["pages"]
    results["machine_pace_ms"] = measured["machine_pace_ms"]
    results["first_load"] = measured["first_load"]
    log("admin start page per role")
    results["staff_today"] = staff_bench(env, options.renders)
    log("staff pages and lists, the Jurymappe PDF")
    results["staff_pages"] = staff_pages_bench({"small": small_env, "large": env}, options.renders)

    # Scale mode: what a city with two app servers runs, two instances behind one address.
    instances = 2 if options.mode == "scale" else 1
    results["instances"] = instances
    log("load test")
    server = Server(env, options.workers, instances=instances)
    try:
        results["load"] = load_pages(server, options.seconds)
        results["lighthouse"] = lighthouse(server.url + "/")
        log("mixed load test: readers while residents write")
        results["mixed"] = mixed_load(env, server, options.seconds)
    finally:
        server.stop()

    log("online booking: free times with 10 and 10,000 bookings")
    results["booking"] = booking_bench(kind)

    log("event sign-up: the event page with 1,200 sign-ups, sign-ups per second")
    results["events"] = events_bench(kind)
    log("lending: the bike's availability page with few loans and a year of them")
    results["lending"] = lending_bench(kind)

    log("slow clients beside normal visitors")
    results["slow_clients"] = slow_clients_bench(workers=options.workers)

    log("fund submissions")
    results["submissions"] = submissions(env)
    if options.mode == "scale":
        log("two instances against one")
        results["scale"] = two_against_one(env, options.workers, options.seconds)

    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    markdown = table(results)
    (RESULTS / "latest.md").write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    sys.exit(main())
