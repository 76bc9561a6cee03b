"""A separate process that increments a shared counter: ``python -m pseahub.core.tests.counter_worker NAME COUNT
START_AT`` waits until the Unix time START_AT (so several workers overlap), counts COUNT times and prints the
values it got as JSON. The store is whatever its environment configures (DATABASE_URL, REDIS_URL)."""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from pseahub.core.counters import counter_incr

    name, count, start_at = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    while time.time() < start_at:
        time.sleep(0.001)
    print(json.dumps([counter_incr(name, ttl=600) for _i in range(count)]))


if __name__ == "__main__":
    main()
