"""Receipts: 16 random digits, normalised from what people type, stored only as an Argon2id-derived lookup."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from pseahub.vault import services as vault
from pseahub.vault.models import ReceiptKdf


def test_a_receipt_is_16_random_digits():
    receipts = {vault.receipt_new() for _i in range(200)}

    assert all(re.fullmatch(r"[0-9]{16}", r) for r in receipts)
    assert len(receipts) == 200


def test_it_is_shown_in_groups_of_four():
    assert vault.receipt_format("1234567890123456") == "1234 5678 9012 3456"


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("1234567890123456", "1234567890123456"),
        ("1234 5678 9012 3456", "1234567890123456"),
        (" 1234-5678-9012-3456 ", "1234567890123456"),
        ("1234.5678.9012.3456", "1234567890123456"),
        ("123456789012345", None),
        ("12345678901234567", None),
        ("1234567890I23456", None),
        ("١٢٣٤ ٥٦٧٨ ٩٠١٢ ٣٤٥٦", "1234567890123456"),  # typed on an Arabic keypad
        ("۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶", "1234567890123456"),  # Persian (extended Arabic-Indic) digits
        ("123456789012345²", None),  # a superscript is a "digit" to Python, not a decimal digit
        ("", None),
    ],
)
def test_it_normalises_what_people_type(typed, normalised):
    assert vault.receipt_normalise(typed) == normalised


@pytest.mark.django_db
def test_the_derivation_is_stable_and_gives_a_lookup_and_a_separate_key():
    first = vault.receipt_derive("1234567890123456")
    again = vault.receipt_derive("1234567890123456")
    other = vault.receipt_derive("1234567890123457")

    assert first == again
    assert first.lookup != other.lookup and first.key != other.key
    assert re.fullmatch(r"[0-9a-f]{64}", first.lookup)
    assert len(first.key) == 32
    assert first.key.hex() not in first.lookup
    assert "1234567890123456" not in first.lookup


@pytest.mark.django_db
def test_the_parameters_are_fixed_at_first_use_so_old_receipts_keep_working():
    before = vault.receipt_derive("1234567890123456")
    kdf = ReceiptKdf.objects.get()

    with override_settings(VAULT_RECEIPT_OPSLIMIT=2, VAULT_RECEIPT_MEMLIMIT=16 * 1024):
        after = vault.receipt_derive("1234567890123456")

    assert after == before
    assert ReceiptKdf.objects.get().opslimit == kdf.opslimit
    assert len(bytes(kdf.salt)) == 16


@pytest.mark.django_db
def test_each_installation_has_its_own_salt():
    lookup = vault.receipt_derive("1234567890123456").lookup
    ReceiptKdf.objects.all().delete()

    assert vault.receipt_derive("1234567890123456").lookup != lookup
