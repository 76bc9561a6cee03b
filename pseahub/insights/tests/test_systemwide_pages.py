"""The HQ user's pages: the import form (a file imported goes to its return's page with a message; a refused one
is shown again with status 400 and the full problem report, nothing stored), and one country's return as the
country published it, with its versions."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pseahub.insights.models import CountryReturn
from pseahub.insights.systemwide import country_return_import

from .hq_documents import as_csv, as_json, changed, csv_lines, mli

pytestmark = pytest.mark.django_db
IMPORT = "/insights/systemwide/import/"


def test_the_import_form_asks_for_a_file(personas, client_for):
    html = client_for(personas.hq).get(IMPORT).content.decode()
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html
    assert "Returns whose smallest published count is under 5 (this installation's) are refused." in html


def test_an_imported_file_goes_to_its_return_s_page(personas, client_for):
    response = client_for(personas.hq).post(
        IMPORT, {"file": SimpleUploadedFile("mli.csv", as_csv(csv_lines(mli())))}, follow=True
    )

    stored = CountryReturn.objects.get()
    assert response.redirect_chain == [(f"/insights/systemwide/{stored.public_id}/", 302)]
    assert "The return of MLI for Q2 2026 is imported." in response.content.decode()


def test_a_refused_file_is_shown_with_every_problem_and_nothing_is_stored(personas, client_for):
    document = changed(mli(), lambda d: d["period"].update(end="2026-06-29"))
    document["tables"][1]["total"] = 24

    response = client_for(personas.hq).post(IMPORT, {"file": SimpleUploadedFile("mli.json", as_json(document))})

    assert response.status_code == 400
    assert not CountryReturn.objects.exists()
    html = response.content.decode()
    assert "The file was refused: 2 problems" in html
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td [^>]*>(.*?)</td><td [^>]*>(.*?)</td></tr>", html)
    assert rows == [
        ("$.period.end", "&#x27;2026-06-29&#x27;", "2026-06-30, the last day of Q2 2026"),
        ("$.tables[1].total (table hq-status)", "24", "23, the sum of its parts"),
    ]
    assert 'type="file"' in html  # the form again, to try another file


def test_a_post_without_a_file_shows_the_form_s_error(personas, client_for):
    response = client_for(personas.hq).post(IMPORT, {})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert not CountryReturn.objects.exists()


def test_a_return_s_page_shows_its_tables_as_published_and_its_versions(personas, client_for):
    first = country_return_import(actor=personas.hq, content=as_json(mli()), filename="mli.json").country_return
    second = changed(mli(), lambda d: d.update(data_version="e5e5e5e5"))
    country_return_import(actor=personas.hq, content=as_json(second), filename="mli.json")

    html = client_for(personas.hq).get(f"/insights/systemwide/{first.public_id}/").content.decode()

    assert "<h1>Return of MLI for Q2 2026</h1>" in html
    assert "This is version 1, not the current one." in html
    table = re.search(r'<table id="table-hq-type">(.*?)</table>', html, re.S).group(1)
    assert re.search(r'<th scope="row">UN agencies, funds and programmes</th><td>10</td><td><abbr [^>]*>\*</abbr>'
                     r"</td><td>\*</td>", table)  # fmt: skip
    assert '<tfoot><tr><th scope="row">Total</th><td>16</td><td>7</td><td>23</td>' in table
    assert "2 survivors left out: no statistics consent recorded." in html
    versions = re.search(r'<table class="stack" id="versions">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r"<code>(\w+)</code>", versions) == ["e5e5e5e5", "a1b2c3d4"]
    assert "(current)" in versions and personas.hq.display_name in versions
