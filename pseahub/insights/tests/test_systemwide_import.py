"""At HQ, a country's return file is imported whole: a valid JSON or CSV file (with its HXL hashtags) becomes the
country's return for the quarter, as the schema's document, with the file's digest and size, audited."""

import hashlib

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.models import CountryReturn
from pseahub.insights.systemwide import country_return_import

from .hq_documents import as_csv, as_json, csv_lines, mli

pytestmark = pytest.mark.django_db


def test_a_valid_json_file_is_stored_as_the_country_s_return(personas):
    content = as_json(mli())

    imported = country_return_import(actor=personas.hq, content=content, filename="mli-2026-q2.json")

    stored = CountryReturn.objects.get()
    assert imported.country_return == stored and imported.created and not imported.refused
    assert (stored.country, stored.network, stored.year, stored.quarter, stored.version) == (
        "MLI", "Réseau PSEA Mali", 2026, 2, 1,
    )  # fmt: skip
    assert (stored.small_cell_k, stored.data_version, stored.format) == (5, "a1b2c3d4", "json")
    assert stored.sha256 == hashlib.sha256(content).hexdigest() and stored.size == len(content)
    assert stored.imported_by == personas.hq
    assert stored.document == mli()


def test_a_valid_csv_file_reads_as_the_same_document(personas):
    content = as_csv(csv_lines(mli()))

    imported = country_return_import(actor=personas.hq, content=content, filename="mli-2026-q2.csv")

    stored = CountryReturn.objects.get()
    assert imported.created and stored.format == "csv"
    assert stored.document == mli()
    assert stored.document["tables"][0]["cells"] == [[10, None], [6, None]]


def test_the_csv_is_read_by_its_hashtags_in_any_column_order_and_with_a_byte_order_mark(personas):
    lines = csv_lines(mli())
    order = list(reversed(range(len(lines[0]))))
    lines = [[line[index] for index in order] for line in lines]
    lines[1] = [tag.upper().replace("#INDICATOR+ROW+CODE", "#indicator+code+row") for tag in lines[1]]

    imported = country_return_import(actor=personas.hq, content=b"\xef\xbb\xbf" + as_csv(lines), filename="r.csv")

    assert imported.created
    assert CountryReturn.objects.get().document == mli()


def test_the_import_is_audited_with_counts_only(personas):
    content = as_json(mli())

    imported = country_return_import(actor=personas.hq, content=content, filename="mli.json")

    event = AuditEvent.objects.get(action=Action.COUNTRY_RETURN_IMPORTED)
    assert event.actor == personas.hq and event.target_id == str(imported.country_return.public_id)
    assert event.data == {
        "country": "MLI", "year": 2026, "quarter": 2, "version": 1, "format": "json", "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(), "k": 5, "data_version": "a1b2c3d4",
    }  # fmt: skip


@pytest.mark.parametrize(("noise", "expected"), [("", None), ("laplace", {"mechanism": "laplace"})])
def test_the_csv_s_noise_column_is_read_when_there_is_one(personas, client_for, noise, expected):
    lines = csv_lines(mli())
    lines = [[*lines[0], "noise"], [*lines[1], "#meta+noise"], *[[*line, noise] for line in lines[2:]]]

    imported = country_return_import(actor=personas.hq, content=as_csv(lines), filename="mli.csv")

    assert imported.created
    assert imported.country_return.document.get("noise") == expected
    page = client_for(personas.hq).get(f"/insights/systemwide/{imported.country_return.public_id}/")
    shown = "Calibrated noise was added before suppression." if noise else "None added."
    assert shown in page.content.decode()
