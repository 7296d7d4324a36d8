"""gunicorn's settings for `make run` and the production unit (docs/deploy.md); gunicorn reads
this file from the working directory, command-line options override it.

Threads, not sync workers: a sync worker is held by one client for as long as that client
takes to send its request, so a few dozen clients that send one header line every ten seconds
held every worker and the site answered nobody (bench/slow_clients.py measures it). A thread
waits for such a client instead, and the worker's other threads keep serving. A worker takes
no more connections than it has threads, so a worker whose threads all wait stops accepting
and the other workers take the new visitors. Behind nginx (docs/deploy.md) slow clients never
reach gunicorn at all: nginx reads the whole request first."""

import os

wsgi_app = "quartier.wsgi"
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "32"))
worker_connections = threads
# No connection is kept open for a next request: a thread per open connection is the budget.
keepalive = 0
# A worker whose main loop hangs this long is replaced; threads waiting on clients do not count.
timeout = 30
graceful_timeout = 20
control_socket_disable = True
