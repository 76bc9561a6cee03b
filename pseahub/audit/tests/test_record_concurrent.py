"""audit.record from concurrent transactions: appends are serialised, so the chain stays whole and gapless."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from pseahub.audit.models import Action, AuditEvent, AuditHead
from pseahub.audit.services import chain_verify, record

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL; SQLite has one writer"),
]

WRITERS, EACH = 4, 10


def test_concurrent_appends_make_one_unbroken_chain():
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                with transaction.atomic():
                    record(actor=None, action=Action.SETTINGS_UPDATED, data={"writer": n, "i": i})
                    time.sleep(0.001)  # hold the head a moment so that the others queue behind it
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, WRITERS * EACH + 1))
    assert chain_verify() is None
    assert AuditHead.objects.get().last_seq == WRITERS * EACH
