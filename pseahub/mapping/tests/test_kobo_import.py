"""The Kobo import: a dry run shows the consultations (one per area and group) and every row's problem and
creates nothing; "Import" creates them (source kobo) with one audit entry of counts; the same dry run imported
twice creates them once. XLSX with a select_multiple column, CSV with one 0/1 column per choice."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import CommunityConsultation, ConsultationSource
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import lines_of

pytestmark = pytest.mark.django_db

URL = "/mapping/consultations/import/"


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SELECT_MULTIPLE = [
    ["start", "group_resp/gender", "group_resp/age", "disability", "preferred_channels", "pcode", "_uuid"],
    ["2026-11-02", "female", 34, "no", "face_to_face committee", "ML0501", "u1"],
    ["2026-11-02", "female", 41, "no", "help_desk", "ML0501", "u2"],
    ["2026-11-02", "male", 16, "yes", "sms phone", "ML0501", "u3"],
    ["2026-11-02", "female", 29, "no", "", "ML0501", "u4"],  # no answer: consulted, prefers nothing
    ["2026-11-02", "female", 62, "no", "box", "ML07", "u5"],
    ["2026-11-02", "unknown_value", 30, "no", "hotline", "ML0501", "u6"],  # row 7: bad sex
    ["2026-11-02", "male", 30, "no", "carrier_pigeon", "ML0501", "u7"],  # row 8: unknown channel
    ["2026-11-02", "male", 30, "no", "hotline", "ML9999", "u8"],  # row 9: unknown p-code
]

CHOICE_COLUMNS = (
    "sex;age_group;disability;preferred_channels/hotline;preferred_channels/whatsapp;preferred_channels/volunteers\n"
    "female;adults;no;1;0;1\n"
    "female;adults;no;0;0;1\n"
    "male;children;no;0;1;0\n"
    "male;children;no;maybe;1;0\n"
)


def _form(file: SimpleUploadedFile, organisation=None, area=None) -> dict:
    return {
        "file": file,
        "date": "2026-11-02",
        "area": area.pk if area else "",
        "method": "survey",
        "organisation": organisation.pk if organisation else "",
    }


def _token(page: str) -> str:
    marker = 'name="plan" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_a_dry_run_of_an_xlsx_shows_groups_and_row_errors_and_creates_nothing(personas, client_for):
    mali_areas()
    client = client_for(personas.coordinator)
    upload = SimpleUploadedFile("kobo.xlsx", _xlsx(SELECT_MULTIPLE))
    response = client.post(URL, _form(upload, personas.org_a))

    page = response.content.decode()
    assert response.status_code == 200
    assert CommunityConsultation.objects.count() == 0
    assert not AuditEvent.objects.filter(action=Action.PREFERENCES_IMPORTED).exists()
    assert "8 respondents read" in page and "5 without errors, in 3 consultations" in page
    # Each row error: row number, column, problem.
    assert '<th scope="row">7</th>' in page and "Not a sex this import knows" in page
    assert '<th scope="row">8</th>' in page and "“carrier_pigeon” is not a channel this import knows." in page
    assert '<th scope="row">9</th>' in page and "Not the p-code of a region or district." in page
    assert "group_resp/gender" in page

    response = client.post(URL, {"plan": _token(page)})
    assert response.status_code == 302 and response["Location"] == reverse("mapping:consultations")
    consultations = {
        (c.area.pcode, p.sex, p.age_group, p.disability): c for c in CommunityConsultation.objects.all()
        for p in [*c.preferences.all()][:1]
    }  # fmt: skip
    assert CommunityConsultation.objects.count() == 3
    assert all(c.source == ConsultationSource.KOBO for c in CommunityConsultation.objects.all())
    women = consultations[("ML0501", "female", "adults", "without")]
    assert women.number_consulted == 3  # the one who answered nothing is consulted too
    assert lines_of(women) == {
        ("female", "adults", "without", "help_desk", 2),
        ("female", "adults", "without", "community", 1),
    }
    boy = consultations[("ML0501", "male", "children", "with")]
    assert boy.number_consulted == 1
    assert lines_of(boy) == {("male", "children", "with", "sms", 1), ("male", "children", "with", "hotline", 1)}
    older = consultations[("ML07", "female", "older", "without")]
    assert lines_of(older) == {("female", "older", "without", "suggestion_box", 1)}
    assert {c.organisation for c in CommunityConsultation.objects.all()} == {personas.org_a}

    event = AuditEvent.objects.get(action=Action.PREFERENCES_IMPORTED)
    assert event.data == {
        "consultations": 3,
        "areas": ["ML0501", "ML07"],
        "rows": 8,
        "rows_skipped": 3,
        "consulted": 5,
        "preferences": 5,
    }

    # The same dry run imported again adds nothing.
    client.post(URL, {"plan": _token(page)})
    assert CommunityConsultation.objects.count() == 3
    assert AuditEvent.objects.filter(action=Action.PREFERENCES_IMPORTED).count() == 1


def test_a_csv_with_one_column_per_choice_and_the_area_chosen(personas, client_for):
    area = mali_areas()["ML07"]
    client = client_for(personas.focal_point_a)
    upload = SimpleUploadedFile("kobo.csv", CHOICE_COLUMNS.encode())
    page = client.post(URL, _form(upload, personas.org_a, area)).content.decode()
    assert "4 respondents read" in page
    assert '<th scope="row">5</th>' in page and "preferred_channels/hotline" in page and "Expected yes or no." in page
    assert CommunityConsultation.objects.count() == 0

    assert client.post(URL, {"plan": _token(page)}).status_code == 302
    women = CommunityConsultation.objects.filter(preferences__sex="female").distinct().get()
    assert women.area == area and women.number_consulted == 2
    assert lines_of(women) == {
        ("female", "adults", "without", "community", 2),
        ("female", "adults", "without", "hotline", 1),
    }
    boys = CommunityConsultation.objects.filter(preferences__sex="male").distinct().get()
    assert lines_of(boys) == {("male", "children", "without", "whatsapp", 1)}


def test_bad_files_get_a_clear_error(personas, client_for):
    mali_areas()
    client = client_for(personas.coordinator)
    cases = [
        (SimpleUploadedFile("kobo.pdf", b"%PDF-1.4"), "Upload an Excel workbook"),
        (SimpleUploadedFile("kobo.xlsx", b"not a workbook"), "could not be read as a spreadsheet"),
        (SimpleUploadedFile("kobo.csv", b"sex;age\nfemale;30\n"), "No column of preferred channels was found"),
        (SimpleUploadedFile("kobo.csv", b"sex;preferred_channel\nfemale;sms\n"), "Choose the area"),
        (SimpleUploadedFile("kobo.csv", b"sex;preferred_channel;pcode\n"), "no respondents"),
    ]
    for upload, message in cases:
        response = client.post(URL, _form(upload))
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    assert CommunityConsultation.objects.count() == 0


def test_too_many_rows_are_refused(personas, client_for, settings):
    from pseahub.mapping import kobo

    mali_areas()
    content = "sex;preferred_channel;pcode\n" + "female;sms;ML0501\n" * (kobo.KOBO_MAX_ROWS + 1)
    response = client_for(personas.coordinator).post(URL, _form(SimpleUploadedFile("kobo.csv", content.encode())))
    assert response.status_code == 400
    assert "more than 5000 respondents" in response.content.decode()


def test_an_altered_or_foreign_plan_is_refused(personas, client_for):
    mali_areas()
    upload = SimpleUploadedFile("kobo.csv", b"sex;preferred_channel;pcode\nfemale;sms;ML0501\n")
    page = client_for(personas.coordinator).post(URL, _form(upload)).content.decode()
    token = _token(page)
    other = client_for(personas.focal_point_a)
    response = other.post(URL, {"plan": token}, follow=True)
    assert "This dry run cannot be used: upload the file again." in response.content.decode()
    response = client_for(personas.coordinator).post(URL, {"plan": token[:-2] + "xx"}, follow=True)
    assert "This dry run cannot be used" in response.content.decode()
    assert CommunityConsultation.objects.count() == 0


def test_a_focal_point_imports_only_for_their_organisation(personas, client_for):
    mali_areas()
    upload = SimpleUploadedFile("kobo.csv", b"sex;preferred_channel;pcode\nfemale;sms;ML0501\n")
    response = client_for(personas.focal_point_a).post(URL, _form(upload, personas.org_b))
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()


def test_an_unknown_choice_column_is_reported_and_the_others_are_used(personas, client_for):
    area = mali_areas()["ML0501"]
    content = (
        "gender,age_group,preferred_channels/telephone,preferred_channels/pigeon\nfemale,older,1,1\nfemale,older,0,1\n"
    )
    client = client_for(personas.coordinator)
    page = client.post(URL, _form(SimpleUploadedFile("kobo.csv", content.encode()), area=area)).content.decode()
    assert "“pigeon” is not a channel this import knows." in page
    assert "2 respondents read" in page and "2 without errors, in 1 consultation (one" in page
    client.post(URL, {"plan": _token(page)})
    item = CommunityConsultation.objects.get()
    assert item.organisation is None and item.number_consulted == 2
    assert lines_of(item) == {("female", "older", "all", "hotline", 1)}
