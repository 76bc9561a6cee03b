"""What one public report costs the database (benchmark P2, issue 3): the POST writes in one transaction (the
report limit's count, the complaint, the one-time claim and the encrypted receipt together), the receipt page
takes the receipt with one statement, and opening the form or resending it writes nothing.

Before, the same report made six short write transactions (the limit, the claim, the receipt, the claim marked
done, the receipt deleted) and 28 statements, which cost P2 about a quarter of its throughput (bench/README.md).
A change that adds a statement here should say why in bench/README.md and move the budget on purpose."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.cases.models import Complaint

from .helpers import form_token, report_data

# The POST, as the tests run it (SQLite; PostgreSQL runs the same statements): 2 reads of its own (the claim,
# the limit) and 4 of readers a server keeps a few seconds per process (receipt KDF parameters, coordinators,
# recovery key, network settings), then one transaction (savepoint and release here) of 10 writes: the limit's
# count, keyring, grants, reference, complaint, survivor, audit entry and head (3), claim and receipt (one INSERT).
POST_BUDGET = 18
POST_WRITES = 10
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in ctx.captured_queries]


def _opens(sql: str) -> bool:
    return sql.upper().startswith("SAVEPOINT") or sql.upper().startswith("BEGIN")


def _closes(sql: str) -> bool:
    upper = sql.upper()
    return upper.startswith("RELEASE SAVEPOINT") or upper.startswith("COMMIT")


def _transactions_that_write(statements: list[str]) -> int:
    """How many write transactions the statements make in production: each block (a savepoint here, as the test
    itself runs in a transaction) that writes counts once, and each write outside a block counts on its own."""
    count, depth, block_writes = 0, 0, False
    for sql in statements:
        if _opens(sql):
            depth += 1
        elif _closes(sql):
            depth -= 1
            if depth == 0 and block_writes:
                count, block_writes = count + 1, False
        elif WRITE.match(sql):
            if depth:
                block_writes = True
            else:
                count += 1  # autocommit: a transaction of its own
    return count


@pytest.mark.django_db
def test_a_report_is_filed_in_one_write_transaction(client, personas):
    token = form_token(client)
    client.post("/report", {**report_data(), "form_token": form_token(client)})  # warm the per-process readers

    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/report", {**report_data(), "form_token": token})

    assert response.status_code == 302
    statements = _statements(ctx)
    assert _transactions_that_write(statements) == 1, "\n".join(statements)
    assert len([sql for sql in statements if WRITE.match(sql)]) <= POST_WRITES, "\n".join(statements)
    assert len(statements) <= POST_BUDGET, "\n".join(statements)
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_the_receipt_page_takes_the_receipt_in_one_statement(client, personas):
    client.post("/report", {**report_data(), "form_token": form_token(client)})

    with CaptureQueriesContext(connection) as ctx:
        shown = client.get("/report/receipt")

    assert 'id="receipt"' in shown.content.decode()
    writes = [sql for sql in _statements(ctx) if WRITE.match(sql)]
    assert len(writes) == 1, "\n".join(_statements(ctx))
    assert writes[0].upper().startswith("DELETE") and "RETURNING" in writes[0].upper()
    assert len(_statements(ctx)) <= 2  # and the help block's network settings, which a server keeps


@pytest.mark.django_db
def test_opening_the_form_and_sending_it_again_write_nothing(client, personas):
    token = form_token(client)
    client.post("/report", {**report_data(), "form_token": token})

    with CaptureQueriesContext(connection) as form_ctx:
        client.get("/report")
    with CaptureQueriesContext(connection) as again_ctx:
        again = client.post("/report", {**report_data(), "form_token": token})

    assert again.status_code == 302
    assert _transactions_that_write(_statements(form_ctx)) == 0, "\n".join(_statements(form_ctx))
    assert _statements(again_ctx) == _statements(again_ctx)[:1], "a resubmission reads its claim, nothing more"
    assert Complaint.objects.count() == 1
