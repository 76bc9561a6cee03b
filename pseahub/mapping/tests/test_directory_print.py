"""/directory/print.pdf: the printable directory of an area fits on one A4 page in English, French and Arabic,
shows the network's ways to report, the listed mechanisms and services, and no unpublished field."""

import shutil
import subprocess
from pathlib import Path

import pytest

from pseahub.mapping.models import ServiceType
from pseahub.mapping.tests.directory_data import directory_world
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"{tool} is missing: install Debian's poppler-utils"
    return found


def _pdf_info(pdf: bytes, tmp_path: Path) -> tuple[int, str, str]:
    """(pages, page size, text) of a PDF, read by poppler."""
    source = tmp_path / "directory.pdf"
    source.write_bytes(pdf)
    info = subprocess.run(  # noqa: S603 - our own file, a fixed command
        [_poppler("pdfinfo"), str(source)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    text = subprocess.run(  # noqa: S603
        [_poppler("pdftotext"), "-layout", str(source), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip(), text


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_an_areas_printable_page_is_one_a4_page_without_unpublished_fields(client, tmp_path, language):
    areas = directory_world()
    ServiceFactory(
        name="Maison sûre Gao", type=ServiceType.SAFETY_SHELTER, address="SHELTERSTREET 17",
        contact_phone="+223 70 00 00 01", areas=[areas["ML07"]], notes="HIDDENNOTE",
        published_fields=["contact_phone", "address"],
    )  # fmt: skip

    response = client.get("/directory/print.pdf", {"area": "ML07"}, headers={"accept-language": language})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pages, size, text = _pdf_info(response.content, tmp_path)
    assert pages == 1
    assert "(A4)" in size
    flat = " ".join(text.split())
    assert "Maison sûre Gao" in flat and "+223 70 00 00 01" in flat
    assert "Ligne verte communautaire 0" in flat  # a Gao mechanism
    assert "80 00 11 22" in flat and "36 200" in flat  # the hotline, the SMS channel
    assert "Centre de prise en charge 1 " not in flat + " "  # a Bandiagara service, not in Gao
    for hidden in ("SHELTERSTREET", "HIDDENNOTE", "SECRET_REFERRAL", "point.focal", "sms-orange", "SMS_KEY"):
        assert hidden not in flat, hidden


def test_it_is_cached_briefly_and_only_answers_reads(client):
    response = client.get("/directory/print.pdf")

    assert response.status_code == 200
    assert {"private", "max-age=300"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert client.post("/directory/print.pdf").status_code == 405


def test_a_client_asking_for_too_many_printable_pages_is_refused_for_the_hour(client, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr("pseahub.mapping.views_directory.PDF_PER_HOUR", 1)

    assert client.get("/directory/print.pdf").status_code == 200
    response = client.get("/directory/print.pdf")

    assert response.status_code == 429
    assert b"Too many printable pages" in response.content
    cache.clear()
