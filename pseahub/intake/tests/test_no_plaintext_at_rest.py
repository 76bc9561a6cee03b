"""A stolen database reveals no identifying data.

The database is filled through the real pages — the public form, the operator's form, the reporter's follow-up,
the coordinator's triage, survivor, allegation and message forms — with distinctive names and narratives. Then
the raw bytes of the SQLite database (or a ``pg_dump`` on PostgreSQL) are searched for every one of them, also
lower-cased and in UTF-16: none may appear. A clear control value (the complaint reference) must appear, which
shows the scan reads the data at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from pseahub.cases.models import Complaint, Survivor
from pseahub.cases.tests.helpers import receipt_on_page, sign_in_unlocked

from .helpers import post_form, post_report, report_data, upload

MARKERS = {
    "narrative": "Zanzibar-Quokka-7731",
    "place": "Tamarind-Well-Site-4417",
    "organisation_text": "Obsidian-Relief-Mission-2290",
    "perpetrator": "Captain-Vermilion-Okoro-6604",
    "reporter_name": "Ngozi-Halcyon-Bamba-3158",
    "reporter_contact": "halcyon.bamba.3158@example.net",
    "phone": "+223-7019-4482-61",
    "file_name": "Saffron-Ledger-Photo-8823",
    "file_content": "Quartz-Embedded-Evidence-5512",
    "operator_narrative": "Marimba-Hotline-Story-9047",
    "operator_caller": "Idrissa-Kapok-Touré-1183",
    "operator_file": "Cobalt-Walkin-Letter-7365",
    "reporter_addition": "Juniper-Followup-Detail-2671",
    "reporter_file": "Basalt-Second-Photo-4930",
    "message": "Heliotrope-Coordinator-Reply-5821",
    "note": "Lapis-Triage-Note-6190",
    "survivor_name": "Awa-Persimmon-Diallo-7702",
    "survivor_contact": "Persimmon-Phone-0077",
    "allegation": "Sergeant-Indigo-Mbeki-3345",
}


def _variants(marker: str) -> list[bytes]:
    return [
        marker.encode("utf-8"),
        marker.lower().encode("utf-8"),
        marker.encode("utf-16-le"),
        marker.encode("utf-16-be"),
        marker.lower().encode("utf-16-le"),
    ]


def _jpeg(marker: str) -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + marker.encode() * 20


def _pdf(marker: str) -> bytes:
    return b"%PDF-1.4\n(" + marker.encode() + b")\n%%EOF\n"


def _fill_through_the_pages(personas) -> Complaint:
    public = Client()
    response = post_report(
        public,
        report_data(
            narrative=f"{MARKERS['narrative']} asked my sister for sex for food.",
            location_detail=MARKERS["place"],
            organisation_text=MARKERS["organisation_text"],
            perpetrator_description=MARKERS["perpetrator"],
            complainant_type="witness",
            contact_method="email",
            reporter_name=MARKERS["reporter_name"],
            reporter_contact=MARKERS["reporter_contact"],
            attachments=[upload(f"{MARKERS['file_name']}.jpg", _jpeg(MARKERS["file_content"]), "image/jpeg")],
        ),
    )
    receipt = receipt_on_page(response)

    operator = sign_in_unlocked(personas.operator)
    response = post_form(
        operator,
        "/intake/operator/",
        report_data(
            channel="hotline",
            language="fr",
            consent_given_by="survivor",
            consent_services="given",
            narrative=MARKERS["operator_narrative"],
            reporter_name=MARKERS["operator_caller"],
            reporter_contact=MARKERS["phone"],
            contact_method="phone",
            attachments=[upload("letter.pdf", _pdf(MARKERS["operator_file"]), "application/pdf")],
        ),
    )
    assert response.status_code == 200 and 'id="receipt"' in response.content.decode()

    web = Complaint.objects.get(channel="web")
    coordinator = sign_in_unlocked(personas.coordinator)
    base = f"/cases/{web.public_id}"
    coordinator.post(f"{base}/messages/", {"body": MARKERS["message"]})
    survivor = Survivor.objects.get(complaint=web)
    prefix = f"s{survivor.pk}"
    coordinator.post(
        f"{base}/survivors/{survivor.pk}/",
        {
            f"{prefix}-sex": "female",
            f"{prefix}-disability": "no",
            f"{prefix}-name": MARKERS["survivor_name"],
            f"{prefix}-contact": MARKERS["survivor_contact"],
        },
    )
    # The description of a person accused, added on the case page, is sealed on the perpetrator's row.
    coordinator.post(
        f"{base}/perpetrators/",
        {
            "organisation": str(personas.org_a.public_id),
            "role": "staff",
            "sex": "male",
            "description": MARKERS["allegation"],
        },
    )
    coordinator.post(
        f"{base}/allegations/",
        {
            "organisation": str(personas.org_a.public_id),
            "sea_type": "transactional_sex",
            "perpetrators": [perpetrator.pk for perpetrator in web.perpetrators.all()],
        },
    )
    coordinator.post(
        f"{base}/triage/",
        {"classification": "sea", "complainant_type": "witness", "note": MARKERS["note"]},
    )

    public.post("/report/follow", {"receipt": receipt})
    response = public.post(
        "/report/status",
        {
            "body": MARKERS["reporter_addition"],
            "attachments": [upload("second.jpg", _jpeg(MARKERS["reporter_file"]), "image/jpeg")],
        },
    )
    assert response.status_code == 302

    # Everything went in: the coordinator reads every marker back through the page.
    page = coordinator.get(f"{base}/").content.decode()
    for key in (
        "narrative",
        "place",
        "perpetrator",
        "reporter_name",
        "message",
        "note",
        "survivor_name",
        "allegation",
        "reporter_addition",
    ):
        assert MARKERS[key] in page, key
    return web


def _sqlite_images() -> list[bytes]:
    """The raw bytes of the database: the file (and its WAL and journal), or, for an in-memory test database,
    its serialised image (free pages included) and a VACUUM INTO copy on disk."""
    name = str(connection.settings_dict["NAME"])
    images: list[bytes] = []
    if name and name != ":memory:" and "mode=memory" not in name and Path(name).exists():
        for suffix in ("", "-wal", "-journal", "-shm"):
            path = Path(name + suffix)
            if path.exists():
                images.append(path.read_bytes())
        return images
    connection.ensure_connection()
    raw = connection.connection
    if hasattr(raw, "serialize"):
        images.append(bytes(raw.serialize()))
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(copy)])
        images.append(copy.read_bytes())
    return images


def _pg_dump() -> bytes:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump is needed to check the PostgreSQL database (apt-get install postgresql-client)")
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    command = [
        pg_dump,
        "-h",
        str(settings.get("HOST") or "127.0.0.1"),
        "-p",
        str(settings.get("PORT") or 5432),
        "-U",
        str(settings.get("USER") or "postgres"),
        "--no-owner",
        str(settings["NAME"]),
    ]
    return subprocess.run(command, env=env, check=True, capture_output=True, timeout=120).stdout  # noqa: S603


def _new_temp_files(since: float) -> list[bytes]:
    """Files written to the temporary directory during the test (where Django would spool uploads)."""
    found = []
    for entry in os.scandir(tempfile.gettempdir()):
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime >= since and entry.stat().st_size < 2**26:
                found.append(Path(entry.path).read_bytes())
        except OSError:
            continue
    return found


@pytest.mark.django_db(transaction=True)
def test_no_name_or_narrative_is_readable_in_the_database(personas):
    started = time.time() - 1
    complaint = _fill_through_the_pages(personas)

    if connection.vendor == "sqlite":
        images = _sqlite_images()
    elif connection.vendor == "postgresql":
        images = [_pg_dump()]
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        pytest.fail(f"no raw scan for {connection.vendor}")

    assert images and all(images)
    for image in images:
        assert complaint.reference.encode() in image, "the scan does not see the stored data"
        lowered = image.lower()
        for key, marker in MARKERS.items():
            for variant in _variants(marker):
                assert variant not in image, f"{key} ({variant!r}) is readable at rest"
            assert marker.lower().encode() not in lowered, f"{key} is readable at rest (case-insensitive)"
    for spooled in _new_temp_files(started):
        for key, marker in MARKERS.items():
            assert marker.encode() not in spooled, f"{key} was written to a temporary file"
