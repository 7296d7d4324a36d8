"""Many residents at the same moment: threads that start together behind a barrier, each with
its own database connection, as several gunicorn workers would."""

import threading
from collections.abc import Callable

from django.db import connections


def at_once(work: Callable[[int], object], count: int) -> tuple[list, list]:
    """Runs work(0) … work(count - 1) at the same moment; returns (outcomes, errors)."""
    barrier = threading.Barrier(count)
    outcomes, errors = [], []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes.append(work(number))
        except Exception as error:  # the caller asserts there were none
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return outcomes, errors
