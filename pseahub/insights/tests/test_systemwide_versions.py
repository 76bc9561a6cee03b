"""A country's return for a quarter is versioned: a new file adds a version that becomes current, every earlier
one is kept; the same file again stores nothing and says so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.members import Quarter
from pseahub.insights.models import CountryReturn
from pseahub.insights.systemwide import country_return_import, current_returns, return_versions

from .hq_documents import as_csv, as_json, changed, csv_lines, mli

pytestmark = pytest.mark.django_db


def _corrected():
    """MLI's return with one more SE allegation against a UN agency (10 -> 11)."""

    def one_more(document):
        kind = document["tables"][0]
        kind["cells"][0][0], kind["column_totals"][0], kind["total"] = 11, 17, 24
        status = document["tables"][1]
        status["cells"][0][0], status["row_totals"][0], status["column_totals"][0], status["total"] = 9, 19, 14, 24
        year = document["tables"][3]
        year["cells"][0][0], year["row_totals"][0], year["column_totals"][0], year["total"] = 14, 14, 24, 24
        document["data_version"] = "b2c3d4e5"

    return changed(mli(), one_more)


def test_a_new_file_for_the_same_quarter_is_a_new_current_version(personas):
    first = country_return_import(actor=personas.hq, content=as_json(mli()), filename="mli.json").country_return

    second = country_return_import(actor=personas.hq, content=as_json(_corrected()), filename="mli.json")

    assert second.created and second.country_return.version == 2
    assert [r.version for r in return_versions(first)] == [2, 1]
    assert current_returns(Quarter(2026, 2)) == [second.country_return]
    assert CountryReturn.objects.get(pk=first.pk).document == mli()  # the first version is kept as it was
    events = AuditEvent.objects.filter(action=Action.COUNTRY_RETURN_IMPORTED).order_by("seq")
    assert [event.data["version"] for event in events] == [1, 2]


def test_the_same_file_again_stores_nothing(personas):
    content = as_json(mli())
    first = country_return_import(actor=personas.hq, content=content, filename="mli.json")

    again = country_return_import(actor=personas.hq, content=content, filename="mli-copy.json")

    assert not again.created and again.country_return == first.country_return
    assert CountryReturn.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.COUNTRY_RETURN_IMPORTED).count() == 1


def test_the_same_figures_in_the_other_format_are_a_new_version(personas):
    country_return_import(actor=personas.hq, content=as_json(mli()), filename="mli.json")

    other = country_return_import(actor=personas.hq, content=as_csv(csv_lines(mli())), filename="mli.csv")

    assert other.created and other.country_return.version == 2 and other.country_return.format == "csv"


def test_the_page_says_when_the_same_file_was_imported_already(personas, client_for):
    client = client_for(personas.hq)
    content = as_json(mli())
    country_return_import(actor=personas.hq, content=content, filename="mli.json")

    response = client.post(
        "/insights/systemwide/import/", {"file": SimpleUploadedFile("mli.json", content)}, follow=True
    )

    assert "This file was imported already: nothing was stored." in response.content.decode()
    assert CountryReturn.objects.count() == 1
