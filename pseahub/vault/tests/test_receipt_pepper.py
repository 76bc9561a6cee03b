"""Receipts are peppered with a secret outside the database before Argon2id."""

import pytest

from pseahub.vault.services import receipt_derive


@pytest.mark.django_db
def test_the_lookup_depends_on_the_pepper_kept_outside_the_database(settings):
    settings.VAULT_RECEIPT_PEPPER = "pepper-one"
    first = receipt_derive("1234567812345678")
    assert receipt_derive("1234567812345678") == first
    settings.VAULT_RECEIPT_PEPPER = "pepper-two"
    second = receipt_derive("1234567812345678")
    # Same receipt, same salt and cost in the database: without the pepper nobody can recompute the lookup.
    assert second.lookup != first.lookup
    assert second.key != first.key
