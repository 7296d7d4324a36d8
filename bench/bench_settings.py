"""Production settings plus the floor view's URL (bench/bench_urls.py)."""

from quartier.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
