"""Django's PostgreSQL backend, with a health check that needs no round trip.

Connections persist between requests (``DB_CONN_MAX_AGE``) and Django checks a reused one before the first
query of each request. Its check is a ``SELECT 1`` round trip: on a busy form that is one statement more per
request for the server to parse and answer. Here an idle connection is checked by looking at its socket
instead: nothing is ever waiting to be read on an idle connection unless the server closed it (a restart,
``pg_terminate_backend``, an idle timeout) or sent a notice, so a quiet socket means usable, and a readable
one gets Django's ``SELECT 1`` to tell which. A connection that a network cut dropped without a word is
not detected: its first query fails, and Django closes it at the end of that request, as it would without
health checks.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return bool(super().is_usable())
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable or bool(super().is_usable())
