"""A case-page form that fails validation comes back with each error next to its field (issue 11, item 12):
the page is rendered again as the answer to the POST, what was typed is kept, a notice at the top links to
the first field in error, and nothing is saved. Anyone else still gets 404, never the page."""

from __future__ import annotations

import re

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Allegation, Consent, Survivor

from .helpers import events_on, file_complaint, text

NOTICE = "Nothing was saved: correct the fields marked below."


@pytest.fixture
def complaint(personas):
    return file_complaint(narrative="Form-Errors-Narrative", reported_organisation=personas.org_a)


@pytest.fixture
def coordinator(personas, unlocked_client_for):
    return unlocked_client_for(personas.coordinator)


def _form(page: str, action: str) -> str:
    """The HTML of the page's form that posts to ``action``."""
    opening = rf'<form method="post"[^>]* action="{re.escape(action)}(?:#[\w-]+)?"[^>]*>'
    match = re.search(rf"{opening}(.*?)</form>", page, re.S)
    assert match, f"no form posting to {action}"
    return match.group(1)


def _assert_error_beside(page: str, action: str, field_id: str, error: str) -> None:
    form = _form(page, action)
    errors = re.search(rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', form, re.S)
    assert errors and error in errors.group(1), f"no error '{error}' beside {field_id}"
    assert f'id="{field_id}"' in form
    assert NOTICE in page and f'href="#{field_id}"' in page  # the notice at the top links to the field


def _cases(complaint: object) -> list[tuple[str, str, dict[str, str], str, str, str]]:
    """(what, action, data, id of the field in error, error, a value typed that must be kept)."""
    base = f"/cases/{complaint.public_id}/"  # type: ignore[attr-defined]
    allegation = Allegation.objects.get(complaint=complaint)
    survivor = Survivor.objects.get(complaint=complaint)
    return [
        (
            "triage",
            f"{base}triage/",
            {"classification": "", "complainant_type": "survivor", "note": "Kept-Triage-Note"},
            "id_classification",
            "This field is required.",
            "Kept-Triage-Note",
        ),
        (
            "allegation added",
            f"{base}allegations/",
            {"sea_type": "bogus", "personnel_category": "agency_staff"},
            "id_sea_type",
            "Select a valid choice",
            '<option value="agency_staff" selected>',
        ),
        (
            "allegation corrected",
            f"{base}allegations/{allegation.public_id}/",
            {"sea_type": "bogus", "personnel_category": "un_volunteer"},
            f"allegation-{allegation.pk}-sea_type",
            "Select a valid choice",
            '<option value="un_volunteer" selected>',
        ),
        (
            "survivor",
            f"{base}survivors/{survivor.pk}/",
            {f"s{survivor.pk}-sex": "bogus", f"s{survivor.pk}-disability": "unknown", f"s{survivor.pk}-name": "Kept"},
            f"id_s{survivor.pk}-sex",
            "Select a valid choice",
            'value="Kept"',
        ),
        (
            "consent",
            f"{base}consents/",
            {"purpose": "bogus", "decision": "given", "given_by": "survivor"},
            "id_purpose",
            "Select a valid choice",
            "",
        ),
        ("message", f"{base}messages/", {"body": "  "}, "id_body", "This field is required.", ""),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(6))
def test_a_form_in_error_comes_back_with_the_error_beside_its_field(personas, complaint, coordinator, index):
    what, action, data, field_id, error, kept = _cases(complaint)[index]
    before = (Allegation.objects.count(), Consent.objects.count(), Survivor.objects.get().sex)

    response = coordinator.post(action, data)

    assert response.status_code == 200, what
    page = text(response)
    _assert_error_beside(page, action, field_id, error)
    assert kept in _form(page, action)
    assert "Form-Errors-Narrative" in page  # the whole case page, not a bare form
    assert (Allegation.objects.count(), Consent.objects.count(), Survivor.objects.get().sex) == before
    assert not events_on(complaint, Action.COMPLAINT_TRIAGED) and not events_on(complaint, Action.MESSAGE_TO_REPORTER)


@pytest.mark.django_db
def test_the_other_forms_are_shown_empty_beside_the_one_in_error(personas, complaint, coordinator):
    page = text(coordinator.post(f"/cases/{complaint.public_id}/messages/", {"body": ""}))

    assert page.count('class="errorlist"') == 1
    assert "<details open><summary>Add an allegation" not in page


@pytest.mark.django_db
def test_an_allegation_form_in_error_is_shown_open(personas, complaint, coordinator):
    page = text(coordinator.post(f"/cases/{complaint.public_id}/allegations/", {"sea_type": "bogus"}))

    assert "<details open><summary>Add an allegation</summary>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["focal_point_a", "operator", "analyst"])
def test_a_form_in_error_from_anyone_else_is_404_not_the_page(personas, complaint, client_for, who):
    response = client_for(getattr(personas, who)).post(f"/cases/{complaint.public_id}/triage/", {})

    assert response.status_code == 404
    assert "Form-Errors-Narrative" not in text(response) and complaint.reference not in text(response)


@pytest.mark.django_db
def test_a_triage_refused_by_the_rules_keeps_what_was_typed_and_changes_nothing(personas, complaint, coordinator):
    action = f"/cases/{complaint.public_id}/triage/"
    data = {"classification": "programme_feedback", "complainant_type": "survivor"}
    data["forward_to"] = str(personas.org_b.public_id)  # forwarding needs a note

    response = coordinator.post(action, data)

    assert response.status_code == 200
    form = _form(text(response), action)
    assert "Write a note saying where and why the complaint is forwarded." in form
    assert f'<option value="{personas.org_b.public_id}" selected>' in form
    assert '<dd id="complaint-status">New</dd>' in text(response)  # the refused triage left no trace
    assert not events_on(complaint, Action.COMPLAINT_TRIAGED)
