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
import itertools
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

PAGES = {
    "Startseite": "/",
    "Sprechzeiten": "/sprechzeiten/",
    "Büro-Seite": "/partner/quartiersmanagement/",
    "Aktuelles, Seite 1": "/aktuelles/",
    "Aktuelles, Seite 50": "/aktuelles/?seite=50",
    "Meldung": "/aktuelles/bench-meldung-1/",
    "Stadtteilfonds": "/stadtteilfonds/",
    "Atom-Feed": "/aktuelles/feed/",
    "Kalender Sprechzeiten": "/sprechzeiten/kalender.ics",
    "Kalender Veranstaltungen": "/veranstaltungen/kalender.ics",
}
FLOOR = "/_floor/"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url: str, *, redis_url: str = "", page_cache: bool = True) -> dict:
    # Several servers share Redis: tasks go through RQ there, else through the database.
    return {
        "TASKS_BACKEND": "rq" if redis_url else "database",
        **os.environ,
        "PYTHONPATH": f"{ROOT}:{BENCH}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "HTTPS": "0",
        # Without it the system check refuses to start (links in emails); no mail is read here.
        "SITE_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(RESULTS / "static"),
        "MEDIA_ROOT": str(RESULTS / "media"),
        "PRIVATE_MEDIA_ROOT": str(RESULTS / "private"),
        "PAGE_CACHE_SECONDS": "60" if page_cache else "0",
        # Submissions come from many residents: the harness sends one address per request.
        "TRUSTED_PROXY_COUNT": "1",
        "SERVE_MEDIA": "1",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout


def python(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, *args], env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(f"{args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def fresh_database(kind: str, name: str) -> str:
    if kind == "sqlite":
        path = RESULTS / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run(
            [*command, "-h", "127.0.0.1", "-U", "postgres", name], check=True, capture_output=True
        )
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def prepare(kind: str, scale: str, **env_options) -> tuple[dict, dict]:
    env = environment(fresh_database(kind, f"bench_{scale}"), **env_options)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    rows = python(env, str(BENCH / "dataset.py"), scale).strip().splitlines()[-1]
    return env, json.loads(rows)


def booking_bench(kind: str) -> dict:
    """Free times of 3 offices × 4 weeks with 10 and with 10,000 bookings (bench/booking.py)."""
    env = environment(fresh_database(kind, "bench_booking"), page_cache=False)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")  # rate limits and the outbox lock live in the cache
    return json.loads(python(env, str(BENCH / "booking.py")).strip().splitlines()[-1])


def staff_bench(env: dict, renders: int) -> dict:
    """ "Heute zu tun" per role, logged in, uncached (bench/staff_today.py)."""
    output = python({**env, "PAGE_CACHE_SECONDS": "0"}, str(BENCH / "staff_today.py"), str(renders))
    return json.loads(output.strip().splitlines()[-1])


def staff_line(staff: dict) -> str:
    roles = ", ".join(
        f"{role} {data['render_ms_median']:.1f} ms ({data['queries']} queries; "
        f"password page {data.get('reference_ms_median', 0):.1f} ms)"
        for role, data in staff.items()
    )
    return f"Admin start page „Heute zu tun“ (large data set, logged in, median): {roles}."


def booking_line(booking: dict) -> str:
    few, many = booking["few"], booking["many"]
    return (
        f"Online booking, free times of 3 offices × 4 weeks ({many['free_times']} to "
        f"{few['free_times']} times offered): median {few['median_ms']:.1f} ms with "
        f"{few['bookings']} bookings, {many['median_ms']:.1f} ms with {many['bookings']:,} "
        f"bookings ({many['claims']:,} seat claims); {few['queries']} / {many['queries']} "
        "SQL queries."
    )


class Server:
    """gunicorn as in production: sync workers, no control socket, bound to 127.0.0.1."""

    def __init__(self, env: dict, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "quartier.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + FLOOR, timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def wrk(url: str, *, seconds: int, connections: int = 16) -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(BENCH / "report.lua"),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(output.strip().splitlines()[-1])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def load_pages(server: Server, seconds: int) -> dict:
    """Each page measured between two halves of a floor measurement (floor, page, page, floor):
    on a noisy machine, and with writers whose load drifts, the ratio of interleaved
    measurements says more than one floor for the whole run or one floor just before."""
    results = {}
    half = max(1, seconds // 2)
    for name, path in {"Boden (HttpResponse)": FLOOR, **PAGES}.items():
        wrk(server.url + path, seconds=1)  # warm the page cache and the workers
        if path == FLOOR:
            results[name] = wrk(server.url + FLOOR, seconds=seconds)
            results[name]["floor_rps"] = results[name]["rps"]
        else:
            floor = [wrk(server.url + FLOOR, seconds=half)]
            runs = [wrk(server.url + path, seconds=half) for _ in range(2)]
            floor.append(wrk(server.url + FLOOR, seconds=half))
            results[name] = _combined(runs)
            results[name]["floor_rps"] = _combined(floor)["rps"]
        log(f"{name}: {results[name]['rps']:.0f} req/s (floor {results[name]['floor_rps']:.0f})")
    return results


def _combined(runs: list[dict]) -> dict:
    """Two wrk runs as one: requests over time; latencies of the slower run (conservative)."""
    combined = dict(max(runs, key=lambda run: run.get("p99_us", 0)))
    for key in ("requests", "errors", "non_2xx"):
        combined[key] = sum(run[key] for run in runs)
    combined["duration_us"] = sum(run["duration_us"] for run in runs)
    combined["rps"] = combined["requests"] / (combined["duration_us"] / 1e6)
    return combined


class BackgroundWorker:
    """The task worker beside gunicorn, as `make run` starts it (RQ with Redis)."""

    def __init__(self, env: dict):
        command = (
            ["rqworker", "default", "--job-class", "django_tasks_rq.backend.Job"]
            if env["TASKS_BACKEND"] == "rq"
            else ["db_worker"]
        )
        self.process = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), *command],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


class Writers:
    """Residents writing while others read: fund draft steps and appointment requests at a
    steady rate, each from its own address, through the real forms."""

    def __init__(
        self, env: dict, url: str, *, drafts_per_second: float, requests_per_second: float
    ):
        self.url = url
        self.stop_event = threading.Event()
        self.counts = {"draft_steps": 0, "appointment_requests": 0, "errors": 0}
        self.tokens = [
            line
            for line in python(env, str(BENCH / "dataset.py"), "drafts", "200").split()
            if len(line) > 40
        ]
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(), _NoRedirect()
        )
        overview = self.opener.open(url + "/sprechzeiten/").read().decode()
        self.office = re.search(r"/sprechzeiten/termin/([\w-]+)/", overview).group(1)
        form = self.opener.open(f"{url}/sprechzeiten/termin/{self.office}/").read().decode()
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        self.addresses = (f"10.1.{n // 256 % 256}.{n % 256}" for n in itertools.count())
        self.threads = [
            threading.Thread(target=self._every, args=(1 / drafts_per_second, self._draft_step)),
            threading.Thread(
                target=self._every, args=(1 / requests_per_second, self._appointment_request)
            ),
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join()

    def _every(self, interval: float, action) -> None:
        due = time.monotonic()
        while not self.stop_event.is_set():
            action()
            due += interval
            self.stop_event.wait(max(0, due - time.monotonic()))

    def _post(self, path: str, fields: dict, counter: str) -> None:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf, **fields}).encode()
        request = urllib.request.Request(
            self.url + path, data=body, headers={"X-Forwarded-For": next(self.addresses)}
        )
        try:
            self.opener.open(request, timeout=30).close()
            self.counts[counter] += 1
        except urllib.error.HTTPError as answer:
            self.counts[counter if answer.code in {302, 422} else "errors"] += 1
        except OSError:
            self.counts["errors"] += 1

    def _draft_step(self) -> None:
        token = self.tokens[self.counts["draft_steps"] % len(self.tokens)]
        self._post(
            f"/stadtteilfonds/antrag/{token}/projekt/",
            {"title": "Hochbeete im Hof", "summary": "Wir bauen Beete."},
            "draft_steps",
        )

    def _appointment_request(self) -> None:
        self._post(
            f"/sprechzeiten/termin/{self.office}/",
            {
                "name": "Ayşe Yılmaz",
                "phone": "0231 123456",
                "topic": "Weiterbewilligung",
                "privacy_consent": "on",
            },
            "appointment_requests",
        )


def mixed_load(env: dict, server: Server, seconds: int) -> dict:
    """The public pages again, while residents write and the worker sends."""
    worker = BackgroundWorker(env)
    try:
        with Writers(env, server.url, drafts_per_second=5, requests_per_second=2) as writers:
            pages = load_pages(server, seconds)
        counts = dict(writers.counts)
    finally:
        worker.stop()
    return {"pages": pages, "writes": counts}


def submissions(env: dict, count: int = 1000, workers: int = 4, clients: int = 16) -> dict:
    """Complete applications sent through the real form endpoint by many residents at once,
    then checked in the database: none lost, none twice."""
    tokens = [
        line
        for line in python(env, str(BENCH / "dataset.py"), "drafts", str(count)).split()
        if len(line) > 40
    ]
    before = _application_count(env)
    server = Server(env, workers)
    try:
        # The submission ends with the redirect to the confirmation; the page itself is not
        # part of it (and is a plain read).
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(), _NoRedirect())
        page = opener.open(server.url + "/stadtteilfonds/antrag/").read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "declares_not_started": "on",
                "declares_no_other_funding": "on",
                "consents_to_privacy": "on",
            }
        ).encode()

        def send(item: tuple[int, str]) -> bool:
            number, token = item
            request = urllib.request.Request(
                f"{server.url}/stadtteilfonds/antrag/{token}/absenden/",
                data=body,
                headers={"X-Forwarded-For": f"10.0.{number // 256}.{number % 256}"},
            )
            try:
                opener.open(request, timeout=30).close()
            except urllib.error.HTTPError as redirect:
                return redirect.code == 302 and "bestaetigung" in redirect.headers["Location"]
            except OSError:
                return False
            return False

        start = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            outcomes = list(pool.map(send, enumerate(tokens)))
        elapsed = time.monotonic() - start
    finally:
        server.stop()
    stored, distinct = _application_count(env)
    return {
        "workers": workers,
        "clients": clients,
        "seconds": round(elapsed, 1),
        "sent": outcomes.count(True),
        "errors": outcomes.count(False),
        "per_second": outcomes.count(True) / elapsed,
        "new_applications": stored - before[0],
        "new_distinct_references": distinct - before[1],
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _application_count(env: dict) -> tuple[int, int]:
    output = python(
        env,
        "-c",
        (
            "import django; django.setup(); from fund_applications.models import Application as A;"
            "print(A.objects.count(), A.objects.values('reference').distinct().count())"
        ),
    )
    total, distinct = output.split()[-2:]
    return int(total), int(distinct)


def lighthouse(url: str) -> dict | None:
    """Lighthouse mobile scores, offline, with Debian's Chromium; None where it cannot run."""
    tool = BENCH / ".lighthouse"
    if not shutil.which("npm") or not Path("/usr/bin/chromium").exists():
        return None
    if not (tool / "node_modules" / ".bin" / "lighthouse").exists():
        tool.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(tool), "--silent", "lighthouse@12"],
            check=False,
            capture_output=True,
        )
    binary = tool / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return None
    report = RESULTS / "lighthouse.json"
    for _attempt in range(2):  # Lighthouse's trace sometimes fails (NO_NAVSTART): try again
        scores = _lighthouse_once(binary, url, report)
        if scores and scores.get("performance") is not None:
            break
    return scores


def _lighthouse_once(binary: Path, url: str, report: Path) -> dict | None:
    report.unlink(missing_ok=True)
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility,seo",
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=False,
        capture_output=True,
    )
    if not report.exists():
        return None
    data = json.loads(report.read_text())
    scores = {
        key: None if value["score"] is None else round(value["score"] * 100)
        for key, value in data["categories"].items()
    }
    if data.get("runtimeError"):
        scores["error"] = data["runtimeError"].get("message", "")[:200]
    return scores


def table(results: dict) -> str:
    mixed = results.get("mixed", {}).get("pages", {})
    lines = [
        f"Run {results['date']} on {results['machine']} ({results['database']}, "
        f"{results['workers']} gunicorn sync workers, wrk -t2 -c16 -d{results['seconds']}s).",
        "",
        "| page | req/s | × floor | mixed req/s | mixed × floor | p50 ms | p99 ms "
        "| queries (small / large) | HTML KB | gzip KB | render ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, data in results["load"].items():
        under_writes = (
            f"{mixed[name]['rps']:.0f} | {mixed[name]['rps'] / mixed[name]['floor_rps']:.2f}"
            if name in mixed
            else "– | –"
        )
        page = results["inprocess"]["large"].get(name)
        small = results["inprocess"]["small"].get(name)
        extra = (
            f"{small['queries']} / {page['queries']} | {page['bytes'] / 1024:.1f} | "
            f"{page['bytes_gzip'] / 1024:.1f} | {page['render_ms_median']:.1f}"
            if page
            else "– | – | – | –"
        )
        ratio = data["rps"] / data["floor_rps"]
        lines.append(
            f"| {name} | {data['rps']:.0f} | {ratio:.2f} | {under_writes} | "
            f"{data['p50_us'] / 1000:.1f} | {data['p99_us'] / 1000:.1f} | {extra} |"
        )
    first = results["first_load"]
    if results.get("mixed"):
        w = results["mixed"]["writes"]
        lines += [
            "",
            f"Mixed run: while wrk read each page, residents wrote {w['draft_steps']} fund "
            f"draft steps (5/s) and {w['appointment_requests']} appointment requests (2/s), "
            f"{w['errors']} errors; the worker sent the notices. "
            "Each ratio is to the floor measured just before that page, in the same conditions.",
        ]
    lines += [
        "",
        f"Home page first load (compressed): {first['total_without_pictures'] / 1024:.1f} KB "
        f"without pictures (HTML {first['html_gzip'] / 1024:.1f}, "
        f"CSS {first['css_gzip'] / 1024:.1f}, fonts 0), "
        f"{first['total_with_pictures'] / 1024:.1f} KB with {first['picture_count']} pictures "
        "as a phone loads them.",
    ]
    if results.get("lighthouse"):
        scores = ", ".join(f"{k} {v}" for k, v in results["lighthouse"].items())
        lines.append(f"Lighthouse (mobile, home page): {scores}.")
    if results.get("submissions"):
        s = results["submissions"]
        lines.append(
            f"Fund submissions (SQLite WAL, {s['workers']} workers, {s['clients']} clients): "
            f"{s['per_second']:.0f} complete applications/s ({s['sent']} in {s['seconds']} s), "
            f"{s['errors']} errors, {s['new_applications']} stored with "
            f"{s['new_distinct_references']} distinct reference numbers."
        )
    if results.get("booking"):
        lines.append(booking_line(results["booking"]))
    if results.get("staff_today"):
        lines.append(staff_line(results["staff_today"]))
    if results.get("scale"):
        sc = results["scale"]
        lines.append(
            f"Scale-out (PostgreSQL + Redis, home page): one instance {sc['one']:.0f} req/s, "
            f"two instances {sc['two']:.0f} req/s ({sc['two'] / sc['one']:.2f}×) on this one "
            "2-core machine."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["single", "scale"], default="single")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=["booking", "staff"], help="run one part only")
    options = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if options.only == "booking":
        booking = booking_bench("sqlite" if options.mode == "single" else "postgres")
        (RESULTS / "booking.json").write_text(json.dumps(booking, indent=2))
        print(booking_line(booking))
        return
    if options.only == "staff":
        kind = "sqlite" if options.mode == "single" else "postgres"
        staff = staff_bench(prepare(kind, "large")[0], options.renders)
        (RESULTS / "staff_today.json").write_text(json.dumps(staff, indent=2, ensure_ascii=False))
        print(staff_line(staff))
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
    results["first_load"] = measured["first_load"]
    log("admin start page per role")
    results["staff_today"] = staff_bench(env, options.renders)

    log("load test")
    server = Server(env, options.workers)
    try:
        results["load"] = load_pages(server, options.seconds)
        results["lighthouse"] = lighthouse(server.url + "/")
        log("mixed load test: readers while residents write")
        results["mixed"] = mixed_load(env, server, options.seconds)
    finally:
        server.stop()

    log("online booking: free times with 10 and 10,000 bookings")
    results["booking"] = booking_bench(kind)

    if options.mode == "single":
        log("fund submissions")
        results["submissions"] = submissions(env)
    else:
        log("two instances against one")
        servers = [Server(env, options.workers) for _ in range(2)]
        try:
            one = wrk(servers[0].url + "/", seconds=options.seconds)["rps"]
            with ThreadPoolExecutor(2) as pool:
                both = list(
                    pool.map(
                        lambda s: wrk(s.url + "/", seconds=options.seconds, connections=8), servers
                    )
                )
            results["scale"] = {"one": one, "two": sum(r["rps"] for r in both)}
        finally:
            for server in servers:
                server.stop()

    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    markdown = table(results)
    (RESULTS / "latest.md").write_text(markdown)
    print(markdown)


if __name__ == "__main__":
    sys.exit(main())
