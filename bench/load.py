"""Load on the served site: gunicorn as in production, wrk for the readers, threads for the
residents who write at the same time, and fund submissions per second."""

import itertools
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from harness import BENCH, FLOOR, GUNICORN, PAGES, PYTHON, ROOT, free_port, log, python


class Server:
    """gunicorn as `make run` and production start it (gunicorn.conf.py: threaded workers, no
    control socket), bound to 127.0.0.1. `options` add or override command-line options.

    With `instances=2`, two gunicorn instances share one address (SO_REUSEPORT: the kernel
    hands each new connection to one of them), as two app servers behind one load balancer;
    the workers are split between them, so one and two instances use the same processes."""

    def __init__(
        self, env: dict, workers: int, options: tuple[str, ...] = (), *, instances: int = 1
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes = []
        shared = ("--reuse-port",) if instances > 1 else ()
        for _ in range(instances):
            # Each instance also listens on an address of its own, to know when it is up.
            own = free_port() if instances > 1 else self.port
            binds = [f"127.0.0.1:{self.port}"] + ([f"127.0.0.1:{own}"] if own != self.port else [])
            process = subprocess.Popen(
                [
                    GUNICORN,
                    "--config",
                    str(ROOT / "gunicorn.conf.py"),
                    *itertools.chain.from_iterable(("--bind", bind) for bind in binds),
                    "--workers",
                    str(max(1, workers // instances)),
                    "--log-level",
                    "warning",
                    *shared,
                    *options,
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.processes.append(process)
            self._wait_for(f"http://127.0.0.1:{own}")

    def _wait_for(self, url: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + FLOOR, timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=20)


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


def two_against_one(env: dict, workers: int, seconds: int) -> dict:
    """The same workers as one instance and as two behind one address, on the floor and on
    the home page, interleaved (one, two, two, one) so a drift falls on both."""
    results = {}
    for name, path in {"floor": FLOOR, "home": "/"}.items():
        runs = {1: [], 2: []}
        for instances in (1, 2, 2, 1):
            server = Server(env, workers, instances=instances)
            try:
                wrk(server.url + path, seconds=1)  # warm the page cache and the workers
                runs[instances].append(wrk(server.url + path, seconds=max(1, seconds // 2)))
            finally:
                server.stop()
        results[name] = {
            "one": _combined(runs[1])["rps"],
            "two": _combined(runs[2])["rps"],
        }
        log(
            f"{name}: one instance {results[name]['one']:.0f} req/s, two {results[name]['two']:.0f}"
        )
    return results


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
