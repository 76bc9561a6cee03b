"""The referral panel's forms on the case page keep their errors next to their fields (issue 11, item 12):
refer an allegation, refer the survivor to a service, exclude a person, close the complaint. The case page
comes back as the answer to the POST, with what was typed, and nothing is sent or changed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pseahub.cases.models import Complaint, Status
from pseahub.referrals.models import Referral

from .helpers import sea_complaint, sign_in, text

NOTICE = "Nothing was saved: correct the fields marked below."


def _form(page: str, action: str) -> str:
    opening = rf'<form method="post"[^>]* action="{re.escape(action)}(?:#[\w-]+)?"[^>]*>'
    match = re.search(rf"{opening}(.*?)</form>", page, re.S)
    assert match, f"no form posting to {action}"
    return match.group(1)


def _cases(complaint: Complaint) -> list[tuple[str, dict[str, str], str, str, str]]:
    """(action, data, id of the field in error, error, a value typed that must be kept)."""
    allegation = complaint.allegations.get()
    return [
        (
            reverse("referrals:allegation_refer", args=[complaint.public_id, allegation.public_id]),
            {"summary": "", "share_identity": "on"},
            f"refer-{allegation.pk}-summary",
            "This field is required.",
            "checked",
        ),
        (
            reverse("referrals:assistance_refer", args=[complaint.public_id]),
            {"service": "", "summary": "Kept-Needs"},
            "assistance-service",
            "This field is required.",
            "Kept-Needs",
        ),
        (
            reverse("referrals:complaint_close", args=[complaint.public_id]),
            {"reason": "bogus", "note": "Kept-Close-Note"},
            "close-complaint-reason",
            "Select a valid choice",
            "Kept-Close-Note",
        ),
        (reverse("referrals:user_exclude", args=[complaint.public_id]), {"user": ""}, "exclude-user", "required", ""),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(4))
def test_a_panel_form_in_error_comes_back_with_the_error_beside_its_field(personas, index):
    complaint = sea_complaint(personas, narrative="Panel-Errors-Narrative")
    action, data, field_id, error, kept = _cases(complaint)[index]

    response = sign_in(personas.coordinator).post(action, data)

    assert response.status_code == 200
    page = text(response)
    form = _form(page, action)
    errors = re.search(rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', form, re.S)
    assert errors and error in errors.group(1)
    assert kept in form
    assert NOTICE in page and f'href="#{field_id}"' in page and "Panel-Errors-Narrative" in page
    # The form stays open to show its error.
    opened = rf'<details open><summary>[^<]*</summary>\s*(<p[^>]*>.*?</p>\s*)?<form method="post" action="{action}'
    assert re.search(opened, page, re.S)
    assert not Referral.objects.exists() and not complaint.exclusions.exists()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.TRIAGED


@pytest.mark.django_db
def test_a_panel_form_in_error_from_a_focal_point_is_404(personas):
    complaint = sea_complaint(personas, narrative="Panel-Errors-Narrative")

    close = reverse("referrals:complaint_close", args=[complaint.public_id])
    response = sign_in(personas.focal_point_a).post(close, {})

    assert response.status_code == 404 and "Panel-Errors-Narrative" not in text(response)


@pytest.mark.django_db
def test_a_referral_refused_by_the_rules_keeps_the_summary_with_the_reason_above_the_form(personas):
    complaint = sea_complaint(personas)  # no consent to share identifying details
    allegation = complaint.allegations.get()
    action = reverse("referrals:allegation_refer", args=[complaint.public_id, allegation.public_id])

    response = sign_in(personas.coordinator).post(action, {"summary": "Kept-Summary-Text", "share_identity": "on"})

    assert response.status_code == 200
    form = _form(text(response), action)
    assert "Identifying details can only be shared with the survivor's consent" in form
    assert "Kept-Summary-Text" in form
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_closing_a_closed_complaint_again_says_so_at_the_top(personas):
    complaint = sea_complaint(personas)
    client = sign_in(personas.coordinator)
    close = reverse("referrals:complaint_close", args=[complaint.public_id])
    client.post(close, {"reason": "withdrawn"})

    response = client.post(close, {"reason": "withdrawn"}, follow=True)

    assert response.redirect_chain[-1][0] == f"/cases/{complaint.public_id}/"
    assert "This complaint is already closed." in text(response)
