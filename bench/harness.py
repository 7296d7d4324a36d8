"""What every benchmark needs: a fresh database with a data set, the environment of a
production-like server, and the commands to prepare it. 127.0.0.1 only."""

import json
import os
import secrets
import socket
import subprocess
import time
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
    "Initiativen und Gruppen": "/initiativen/",
    "Atom-Feed": "/aktuelles/feed/",
    "Kalender Sprechzeiten": "/sprechzeiten/kalender.ics",
    "Kalender Veranstaltungen": "/veranstaltungen/kalender.ics",
    "Ideen, Seite 1": "/ideen/",
    "Ideen, Seite 100": "/ideen/?seite=100",
}
IDEA_PAGES = {name: path for name, path in PAGES.items() if path.startswith("/ideen/")}
FLOOR = "/_floor/"
# PostgreSQL databases are named after this, so two benchmark runs on one server can coexist.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "bench")


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
    env = environment(fresh_database(kind, f"{DATABASE_PREFIX}_{scale}"), **env_options)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    rows = python(env, str(BENCH / "dataset.py"), scale).strip().splitlines()[-1]
    return env, json.loads(rows)


def booking_bench(kind: str) -> dict:
    """Free times of 3 offices × 4 weeks with 10 and with 10,000 bookings (bench/booking.py)."""
    env = environment(fresh_database(kind, f"{DATABASE_PREFIX}_booking"), page_cache=False)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")  # rate limits and the outbox lock live in the cache
    return json.loads(python(env, str(BENCH / "booking.py")).strip().splitlines()[-1])


def _on_its_own_database(kind: str, name: str, script: str) -> dict:
    """Runs bench/<script> against a fresh database of its own, uncached; returns its JSON."""
    env = environment(fresh_database(kind, f"{DATABASE_PREFIX}_{name}"), page_cache=False)
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    return json.loads(python(env, str(BENCH / script)).strip().splitlines()[-1])


def events_bench(kind: str) -> dict:
    """The event page and sign-up form with few and with 1,200 sign-ups, and sign-ups per
    second for one event (bench/events.py)."""
    return _on_its_own_database(kind, "events", "events.py")


def lending_bench(kind: str) -> dict:
    """The bike's availability page, uncached, with few loans and a year of them
    (bench/lending.py)."""
    return _on_its_own_database(kind, "lending", "lending.py")


def staff_bench(env: dict, renders: int) -> dict:
    """ "Heute zu tun" per role, logged in, uncached (bench/staff_today.py)."""
    output = python({**env, "PAGE_CACHE_SECONDS": "0"}, str(BENCH / "staff_today.py"), str(renders))
    return json.loads(output.strip().splitlines()[-1])


def staff_pages_bench(envs: dict[str, dict], renders: int) -> dict:
    """The team's pages and lists and the Jurymappe PDF, logged in, uncached, per data set
    ("small", "large"; bench/staff_pages.py)."""
    return {
        scale: json.loads(
            python(
                {**env, "PAGE_CACHE_SECONDS": "0"},
                str(BENCH / "staff_pages.py"),
                scale,
                str(renders),
            )
            .strip()
            .splitlines()[-1]
        )
        for scale, env in envs.items()
    }
