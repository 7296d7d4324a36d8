"""Measurements inside one Django process: SQL queries, bytes and uncached render time per page,
and the first-load weight of the home page. Prints one JSON object."""

import gzip
import json
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def static_size(url: str) -> tuple[int, int]:
    """Raw and compressed size of a collected static file, as WhiteNoise serves it."""
    path = Path(settings.STATIC_ROOT) / urlsplit(url).path.removeprefix(settings.STATIC_URL)
    data = path.read_bytes()
    compressed = Path(f"{path}.gz")
    return len(data), compressed.stat().st_size if compressed.exists() else gz(data)


def media_size(url: str) -> int:
    path = Path(settings.MEDIA_ROOT) / urlsplit(url).path.removeprefix(settings.MEDIA_URL)
    return path.stat().st_size


def first_load(client: Client) -> dict:
    html = client.get("/").content
    text = html.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"(?! media="print")', text)
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', text)
    # A phone takes the smallest WebP of each picture (400 px wide).
    pictures = [
        srcset.split(",")[0].strip().split(" ")[0]
        for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', text)
    ]
    css = [static_size(url) for url in stylesheets]
    icon = [static_size(url) for url in icons]
    images = sum(media_size(url) for url in pictures)
    without_pictures = gz(html) + sum(c for _, c in css) + sum(c for _, c in icon)
    return {
        "html_gzip": gz(html),
        "css_gzip": sum(c for _, c in css),
        "fonts": 0,  # the site uses the system fonts: nothing to load
        "icons_gzip": sum(c for _, c in icon),
        "pictures": images,
        "picture_count": len(pictures),
        "total_without_pictures": without_pictures,
        "total_with_pictures": without_pictures + images,
    }


def calls_of(client: Client, path: str) -> int:
    """Function calls (Python and C) of one render: the same on every run and every machine
    for the same code and data, so a change shows even where the milliseconds are noise."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        client.get(path)
    finally:
        sys.setprofile(None)
    return count


def machine_pace_ms() -> float:
    """Median time of a fixed piece of pure Python (a million additions): how fast this
    machine runs Python today. Render times of two runs compare only in this unit."""
    timings = []
    for _ in range(7):
        start = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1)


def measure(pages: dict[str, str], renders: int) -> dict:
    client = Client()
    results = {}
    for name, path in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries.captured_queries)
        assert response.status_code == 200, (path, response.status_code)
        body = response.content
        timings, cpu = [], []
        for _ in range(renders):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        results[name] = {
            "queries": query_count,
            "bytes": len(body),
            "bytes_gzip": gz(body),
            "render_ms_median": round(statistics.median(timings), 2),
            # This process's own CPU time: what the page costs when the machine is busy with
            # other work (the database's share is not in it).
            "render_cpu_ms_median": round(statistics.median(cpu), 2),
            "calls": calls_of(client, path),
        }
    return results


if __name__ == "__main__":
    pages = json.loads(sys.argv[1])
    renders = int(sys.argv[2])
    output = {"machine_pace_ms": machine_pace_ms(), "pages": measure(pages, renders)}
    if len(sys.argv) > 3 and sys.argv[3] == "first-load":
        output["first_load"] = first_load(Client())
    print(json.dumps(output))
