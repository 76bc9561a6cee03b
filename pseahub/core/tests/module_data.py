"""Data written once for all the tests of a module, for data that is slow to make (the demo network): a
module-scoped fixture writes it inside one transaction that is rolled back after the module's last test. Each
test still runs in its own savepoint (pytest-django's ``db``), so what a test writes is undone after it, and what
the data's writers leave for after a commit is never run, as in an ordinary test.

Only for modules whose tests are not transactional (no ``transactional_db``, no live server)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections, transaction


@contextmanager
def module_transaction(django_db_blocker: Any) -> Iterator[None]:
    """A transaction around the block, rolled back at its end. The fixture writes its data under
    ``django_db_blocker.unblock()`` and then yields inside the block::

        @pytest.fixture(scope="module")
        def demo(django_db_setup, django_db_blocker):
            with module_transaction(django_db_blocker):
                with django_db_blocker.unblock():
                    load_the_data()
                yield
    """
    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            for alias, atomic in reversed(list(zip(connections, atomics, strict=True))):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)
