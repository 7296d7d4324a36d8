"""Real app servers for tests: gunicorn in a subprocess on a free port, on the test's own
database (a file on SQLite, the test database on PostgreSQL), so tests can show what holds
across worker processes and across servers."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import connection


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(port: int, *, workers: int = 1, **env: str) -> subprocess.Popen:
    """gunicorn serving the site on 127.0.0.1:port; env adds to or overrides the test's."""
    environment = {**os.environ, "DATABASE_URL": database_url(), "PAGE_CACHE_SECONDS": "0"}
    environment.pop("REDIS_URL", None)
    environment.update(env)
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "quartier.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_up(base: str, process: subprocess.Popen, path: str = "/") -> None:
    deadline = time.monotonic() + 120  # a busy CI machine boots several workers slowly
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn stopped"
        try:
            urllib.request.urlopen(base + path, timeout=10).read()  # noqa: S310 - loopback
            return
        # Not up yet, or a worker still starting when the first page was asked for.
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(10)
