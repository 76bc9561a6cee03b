"""Sheets for the import tests: CSV and XLSX bytes from rows, and the dry run / confirmation posts."""

from __future__ import annotations

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

MECHANISM_HEADER = [
    "Organisation", "Mechanism type", "Name", "Areas", "Languages", "Days and hours", "Contact", "Cost",
    "Accessible to people with disabilities", "Staff trained on SEA intake", "Status", "Last verified",
]  # fmt: skip
SERVICE_HEADER = [
    "Who (organisation)", "What (type of assistance)", "Service name", "Where: admin 1", "Where: admin 2", "Phone",
    "Hours", "Languages", "Sex served", "Minimum age", "Maximum age", "Capacity", "Cost", "Referral contact",
    "Post-rape care within 72 hours", "Accessible to people with disabilities", "Active",
]  # fmt: skip


def mechanism_row(**overrides: str) -> list[str]:
    row = {
        "Organisation": "ALPHA",
        "Mechanism type": "Hotline",
        "Name": "Ligne verte Mopti",
        "Areas": "ML05; Bandiagara",
        "Languages": "fr, Bambara",
        "Days and hours": "Mon-Sat 8:00-18:00",
        "Contact": "80 00 11 22",
        "Cost": "Toll-free number",
        "Accessible to people with disabilities": "yes",
        "Staff trained on SEA intake": "1",
        "Status": "Active",
        "Last verified": "2026-01-05",
    }
    row.update(overrides)
    return [row[name] for name in MECHANISM_HEADER]


def service_row(**overrides: str) -> list[str]:
    row = {
        "Who (organisation)": "ALPHA",
        "What (type of assistance)": "Health",
        "Service name": "Centre de santé de Sévaré",
        "Where: admin 1": "ML05",
        "Where: admin 2": "Bandiagara",
        "Phone": "+223 70 00 00 01",
        "Hours": "Mon-Fri 8:00-16:00",
        "Languages": "fr; bm",
        "Sex served": "Everyone",
        "Minimum age": "",
        "Maximum age": "",
        "Capacity": "20 a month",
        "Cost": "Free",
        "Referral contact": "Dr Diallo, 70 00 00 02",
        "Post-rape care within 72 hours": "oui",
        "Accessible to people with disabilities": "non",
        "Active": "yes",
    }
    row.update(overrides)
    return [row[name] for name in SERVICE_HEADER]


def csv_bytes(header: list[str], *rows: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(header: list[str], *rows: list[object]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dry_run(client, kind: str, content: bytes, filename: str = "sheet.csv"):
    return client.post(reverse(f"mapping:import_{kind}"), {"file": SimpleUploadedFile(filename, content)})


def token_of(response) -> str:
    found = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert found, "the dry run offers no import"
    return found[1]


def confirm(client, kind: str, response):
    return client.post(reverse(f"mapping:import_{kind}_confirm"), {"token": token_of(response)})


def imported(client, kind: str, content: bytes, filename: str = "sheet.csv"):
    """Dry run then confirm; the confirmation's response."""
    return confirm(client, kind, dry_run(client, kind, content, filename))
