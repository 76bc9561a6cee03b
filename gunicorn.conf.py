"""Gunicorn's settings when it is started from the repository (``gunicorn config.wsgi``); flags override them.

One sync worker per core by default. What a request costs here is CPU, not waiting: every public report pays
the receipt's Argon2id derivation (64 MiB), and more workers than cores only make derivations share cores and
caches (bench P2 on 2 cores: 2 workers take about 13 % more reports per second than 4, at a lower p99).
Put a buffering proxy (nginx, a load balancer) in front, as for any sync worker, so that a slow client never
holds a worker. ``WEB_CONCURRENCY`` sets another number of workers.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
worker_class = "sync"
