"""The operator's and focal point's form asks consent from a script read out to the caller, and records where
(the report's channel) and how (verbal; written too at a walk-in or through a focal point) it was given, with a
child's assent beside a caregiver's or best-interests decision."""

from __future__ import annotations

import pytest
from django.utils import translation

from pseahub.cases.models import Complaint, Consent
from pseahub.cases.tests.helpers import text
from pseahub.intake.forms import CONSENT_QUESTIONS

from .helpers import post_form, report_data

URL = "/intake/operator/"


def operator_data(**overrides):
    data = report_data(
        channel="hotline",
        language="fr",
        complainant_type="survivor",
        consent_given_by="survivor",
        consent_manner="verbal",
        consent_child_assent="",
        consent_services="given",
        consent_share_identity="refused",
        consent_investigation="",
        consent_statistics="given",
    )
    data.update(overrides)
    return data


def recorded() -> dict[str, tuple[str, ...]]:
    return {c.purpose: (c.decision, c.given_by, c.channel, c.manner, c.child_assent) for c in Consent.objects.all()}


def filed(response) -> bool:
    return 'id="receipt"' in response.content.decode()


@pytest.mark.django_db
def test_the_form_shows_each_question_as_a_script_to_read_out_in_the_operators_language(personas, client_for):
    page = text(client_for(personas.operator).get(URL, HTTP_ACCEPT_LANGUAGE="en"))

    assert "Read each question out in the caller's language" in page
    for question, explanation in CONSENT_QUESTIONS.values():
        assert f"Read out:</strong> <q>{question}</q>" in page
        assert str(explanation) in page


@pytest.mark.django_db
def test_the_questions_are_there_in_the_platforms_other_languages(personas, client_for):
    response = client_for(personas.operator).get(URL)
    page = text(response)

    assert "The questions in another language" in page
    assert '<div lang="fr" dir="ltr">' in page and '<div lang="ar" dir="rtl">' in page
    for code in ("fr", "ar"):
        with translation.override(code):
            assert str(CONSENT_QUESTIONS["services"][0]) in page


@pytest.mark.django_db
def test_a_hotline_call_records_verbal_consent_through_the_hotline(personas, client_for):
    response = post_form(client_for(personas.operator), URL, operator_data())

    assert filed(response)
    assert recorded() == {
        "services": ("given", "survivor", "hotline", "verbal", ""),
        "share_identity": ("refused", "survivor", "hotline", "verbal", ""),
        "statistics": ("given", "survivor", "hotline", "verbal", ""),
    }
    assert set(Consent.objects.values_list("recorded_by", flat=True)) == {personas.operator.pk}


@pytest.mark.django_db
def test_verbal_is_the_default(personas, client_for):
    page = client_for(personas.operator).get(URL).content.decode()

    assert 'name="consent_manner" value="verbal" id="id_consent_manner_0" checked' in page
    assert 'value="own_hand"' not in page  # the reporter's own hand is the web form's, not the operator's


@pytest.mark.django_db
def test_a_form_sent_without_the_manner_records_verbal(personas, client_for):
    data = operator_data()
    del data["consent_manner"]

    assert filed(post_form(client_for(personas.operator), URL, data))
    assert {c.manner for c in Consent.objects.all()} == {"verbal"}


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["walk_in", "focal_point"])
def test_written_consent_at_a_walk_in_or_through_a_focal_point(personas, client_for, channel):
    response = post_form(client_for(personas.operator), URL, operator_data(channel=channel, consent_manner="written"))

    assert filed(response)
    assert {c.channel for c in Consent.objects.all()} == {channel}
    assert {c.manner for c in Consent.objects.all()} == {"written"}


@pytest.mark.django_db
def test_written_consent_is_refused_on_the_hotline(personas, client_for):
    response = post_form(client_for(personas.operator), URL, operator_data(consent_manner="written"))

    assert "On the hotline, consent can only be verbal." in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_caregivers_decision_records_the_childs_assent_beside_it(personas, client_for):
    data = operator_data(
        complainant_type="third_party",
        involves_child="on",
        consent_given_by="caregiver",
        consent_child_assent="given",
        consent_share_identity="",
        consent_statistics="",
    )

    response = post_form(client_for(personas.operator), URL, data)

    assert filed(response)
    assert recorded() == {"services": ("given", "caregiver", "hotline", "verbal", "given")}


@pytest.mark.django_db
@pytest.mark.parametrize("given_by", ["caregiver", "best_interests"])
def test_a_decision_for_a_child_needs_the_childs_assent_recorded(personas, client_for, given_by):
    data = operator_data(complainant_type="third_party", survivor_age_group="12-17", consent_given_by=given_by)

    response = post_form(client_for(personas.operator), URL, data)

    assert "Say whether the child agreed, or that they were not asked." in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_childs_assent_is_refused_beside_the_survivors_own_decision(personas, client_for):
    response = post_form(client_for(personas.operator), URL, operator_data(consent_child_assent="refused"))

    assert "A child's assent is recorded only beside a caregiver's or best-interests decision." in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("complainant_type", ["witness", "third_party"])
def test_a_witness_cannot_give_the_survivors_consent(personas, client_for, complainant_type):
    response = post_form(client_for(personas.operator), URL, operator_data(complainant_type=complainant_type))

    assert "The caller is not the person harmed" in text(response)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_a_witness_call_with_consent_not_asked_is_filed_without_consent(personas, client_for):
    data = operator_data(
        complainant_type="witness", consent_services="", consent_share_identity="", consent_statistics=""
    )

    response = post_form(client_for(personas.operator), URL, data)

    assert filed(response)
    assert Complaint.objects.count() == 1
    assert not Consent.objects.exists()
