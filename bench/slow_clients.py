"""Slow clients beside normal visitors: 50 connections that send one header line every 10 s
(never finishing their request) while a visitor asks for /sprechzeiten/ again and again.
gunicorn is started as `make run` starts it (gunicorn.conf.py), and once more with the sync
workers it had before, for comparison. 127.0.0.1 only; bounded in clients and seconds; stops
by itself.

    python bench/slow_clients.py                 # 50 slow clients, 40 s per server
    python bench/slow_clients.py --slow 20 --seconds 10
"""

import argparse
import json
import socket
import statistics
import sys
import threading
import time
import urllib.request

from harness import RESULTS, environment, fresh_database, log, manage
from load import Server

HOST = "127.0.0.1"  # never anywhere else
MAX_SLOW = 200
MAX_SECONDS = 120
PATH = "/sprechzeiten/"


def slow_client(port: int, stop: threading.Event, interval: float) -> None:
    """Start a request and never finish it: one more header line every `interval` seconds."""
    try:
        with socket.create_connection((HOST, port), timeout=5) as sock:
            sock.sendall(f"GET {PATH} HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            number = 0
            while not stop.wait(interval):
                number += 1
                sock.sendall(f"X-Slow-{number}: {'a' * 10}\r\n".encode())
    except OSError:
        pass  # the server closed it: that is allowed


def visitor(url: str, stop: threading.Event, timeout: float) -> list[float | None]:
    """Normal requests one after the other; None for one not answered within `timeout`."""
    times: list[float | None] = []
    while not stop.is_set():
        start = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:
                answer.read()
            times.append(time.monotonic() - start)
        except OSError:
            times.append(None)
        stop.wait(0.2)
    return times


def measure(port: int, *, slow: int, seconds: float, interval: float = 10.0) -> dict:
    """Open `slow` slow connections, then measure normal requests for `seconds`."""
    if not 0 <= slow <= MAX_SLOW or not 0 < seconds <= MAX_SECONDS:
        raise ValueError("slow clients and seconds are bounded")
    stop = threading.Event()
    clients = [
        threading.Thread(target=slow_client, args=(port, stop, interval), daemon=True)
        for _ in range(slow)
    ]
    for client in clients:
        client.start()
    time.sleep(min(2.0, seconds / 4))  # every slow client has connected and begun
    result: list = []
    measuring = threading.Thread(
        target=lambda: result.extend(visitor(f"http://{HOST}:{port}{PATH}", stop, timeout=5)),
        daemon=True,
    )
    measuring.start()
    time.sleep(seconds)
    stop.set()
    measuring.join(timeout=10)
    for client in clients:
        client.join(timeout=10)
    answered = sorted(t for t in result if t is not None)
    return {
        "slow_clients": slow,
        "seconds": seconds,
        "requests": len(result),
        "answered": len(answered),
        "unanswered": len(result) - len(answered),
        "median_ms": statistics.median(answered) * 1000 if answered else None,
        "max_ms": answered[-1] * 1000 if answered else None,
    }


def slow_clients_bench(*, slow: int = 50, seconds: float = 40, workers: int = 2) -> dict:
    """`make run`'s configuration and the sync workers of before, each under slow clients."""
    env = environment(fresh_database("sqlite", "bench_slow_clients"))
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "load_demo_data")
    results = {}
    for name, options in {
        "make run (gthread)": (),
        "sync workers (before)": ("--worker-class", "sync", "--threads", "1"),
    }.items():
        server = Server(env, workers, options)
        try:
            results[name] = measure(server.port, slow=slow, seconds=seconds)
        finally:
            server.stop()
        log(f"{name}: {json.dumps(results[name])}")
    return results


def slow_clients_line(results: dict) -> str:
    parts = []
    for name, data in results.items():
        median = f"{data['median_ms']:.0f} ms median" if data["median_ms"] is not None else "–"
        parts.append(
            f"{name}: {data['answered']} of {data['requests']} answered ({median}, "
            f"{data['unanswered']} unanswered after 5 s)"
        )
    first = next(iter(results.values()))
    return (
        f"Slow clients ({first['slow_clients']} connections sending one header line every "
        f"10 s, requests to {PATH} for {first['seconds']:.0f} s): " + "; ".join(parts) + "."
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = slow_clients_bench(
        slow=options.slow, seconds=options.seconds, workers=options.workers
    )
    (RESULTS / "slow_clients.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(slow_clients_line(results))


if __name__ == "__main__":
    sys.exit(main())
