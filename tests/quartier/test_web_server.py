"""The web server as `make run` starts it (gunicorn reads gunicorn.conf.py from the project
folder, as the production unit does) keeps answering while slow clients hold connections
open: a smaller run of bench/slow_clients.py, 20 clients that never finish their request."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.db import connection

from tests.app_servers import free_port, wait_until_up

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_CLIENTS = 20


def _database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _slow_client(port: int, stop: threading.Event) -> None:
    """Begins a request and sends one more header line every 10 seconds, never the end."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /sprechzeiten/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            while not stop.wait(10):
                sock.sendall(b"X-Slow: a\r\n")
    except OSError:
        pass  # closed by the server: allowed


def test_normal_requests_are_answered_while_slow_clients_hold_connections():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DATABASE_URL": _database_url(), "PAGE_CACHE_SECONDS": "0"}
    environment.pop("REDIS_URL", None)
    # `make run`'s command line; the rest comes from gunicorn.conf.py in the working folder.
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            *(sys.executable, "-m", "gunicorn", "quartier.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stop = threading.Event()
    answered = []
    try:
        wait_until_up(base, server, path="/sprechzeiten/")
        clients = [
            threading.Thread(target=_slow_client, args=(port, stop), daemon=True)
            for _ in range(SLOW_CLIENTS)
        ]
        for client in clients:
            client.start()
        time.sleep(1)  # every slow client has connected and begun its request
        for _ in range(5):
            start = time.monotonic()
            try:
                with urllib.request.urlopen(base + "/sprechzeiten/", timeout=10) as page:  # noqa: S310
                    answered.append((page.status, time.monotonic() - start))
            except OSError:
                answered.append((None, None))
    finally:
        stop.set()
        server.terminate()
        server.wait(20)

    assert [status for status, _seconds in answered] == [200] * 5
    # Generous for a busy test machine: blocked, these requests are never answered at all.
    assert max(seconds for _status, seconds in answered) < 5
