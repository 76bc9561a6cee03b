"""draft → submitted → returned → submitted → final, or cancelled; who may move it; the plan, monitoring and the
final determination; one assessment in progress per partner; every step audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners import assessments as svc
from pseahub.partners.models import AssessmentState, PartnerAssessment

from .assessments_helpers import answer, final, start

pytestmark = pytest.mark.django_db


def test_the_whole_way_with_a_return(personas):
    partner, lead = personas.focal_point_a, personas.focal_point_b
    assessment = start(personas)
    assert assessment.state == AssessmentState.DRAFT and assessment.keyring is not None
    with pytest.raises(ValidationError):  # not every standard answered
        svc.assessment_submit(actor=partner, assessment=assessment)
    assessment = svc.assessment_submit(actor=partner, assessment=answer(assessment, partner, [2] * 6))
    assert assessment.state == AssessmentState.SUBMITTED and assessment.rating == "medium"
    with pytest.raises(ValidationError):  # answers are closed while the lead agency reviews
        answer(assessment, partner, [3] * 6)
    assessment = svc.assessment_return(actor=lead, assessment=assessment, comment="Add the training records.")
    assert assessment.state == AssessmentState.RETURNED
    assessment = svc.assessment_submit(actor=partner, assessment=answer(assessment, partner, [3] * 6))
    assessment = svc.assessment_finalise(
        actor=lead, assessment=assessment, preliminary_rating="full", decision_note="All in place.",
        finalised_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    assert (assessment.state, assessment.valid_until, assessment.current_rating) == (
        AssessmentState.FINAL,
        dt.date(2029, 3, 1),
        "full",
    )
    svc.action_add(actor=lead, assessment=assessment, action="Refresher training", due_on=dt.date(2026, 6, 1))
    svc.monitoring_note_add(actor=lead, assessment=assessment, text="Visit done.")
    assessment = svc.final_determination_set(actor=lead, assessment=assessment, rating="medium")
    assert assessment.current_rating == "medium"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        Action.PARTNER_ASSESSMENT_CREATED, Action.PARTNER_ASSESSMENT_SUBMITTED, Action.PARTNER_ASSESSMENT_RETURNED,
        Action.PARTNER_ASSESSMENT_FINALISED, Action.CAPACITY_ACTION_ADDED, Action.PARTNER_ASSESSMENT_MONITORED,
        Action.PARTNER_ASSESSMENT_DETERMINED,
    } <= actions  # fmt: skip


def test_only_the_partner_answers_and_only_the_lead_reviews(personas):
    assessment = start(personas)
    with pytest.raises(ValidationError):
        answer(assessment, personas.focal_point_b, [3] * 6)
    assessment = svc.assessment_submit(
        actor=personas.focal_point_a, assessment=answer(assessment, personas.focal_point_a, [3] * 6)
    )
    for who in (personas.focal_point_a, personas.co_chair, personas.leadership):
        with pytest.raises(ValidationError):
            svc.assessment_return(actor=who, assessment=assessment, comment="No.")
    # The coordinator stands in for a lead agency without a focal point.
    svc.assessment_return(actor=personas.coordinator, assessment=assessment, comment="Complete it.")


def test_one_assessment_in_progress_per_partner_and_cancelling(personas):
    assessment = start(personas)
    with pytest.raises(ValidationError):
        start(personas)
    with pytest.raises(ValidationError):
        svc.assessment_cancel(actor=personas.focal_point_a, assessment=assessment)
    svc.assessment_cancel(actor=personas.focal_point_b, assessment=assessment)
    assert PartnerAssessment.objects.get().state == AssessmentState.CANCELLED
    assert start(personas).state == AssessmentState.DRAFT  # a new one may start


def test_a_final_assessment_cannot_be_returned_or_cancelled(personas):
    assessment = final(personas)
    with pytest.raises(ValidationError):
        svc.assessment_return(actor=personas.focal_point_b, assessment=assessment, comment="Late.")
    with pytest.raises(ValidationError):
        svc.assessment_cancel(actor=personas.focal_point_b, assessment=assessment)


def test_a_focal_point_starts_only_what_its_organisation_leads(personas):
    from pseahub.partners.tests.assessments_helpers import unicef

    with pytest.raises(ValidationError):
        svc.assessment_create(
            actor=personas.focal_point_a, partner=personas.org_a, lead_agency=personas.org_b, tool=unicef(),
            type="agency", reason="new_partner",
        )  # fmt: skip
    created = svc.assessment_create(
        actor=personas.focal_point_b, partner=personas.org_a, lead_agency=personas.org_b, tool=unicef(),
        type="agency", reason="new_partner",
    )  # fmt: skip
    assert created.lead_agency == personas.org_b


def test_the_pages_at_each_state(personas, client_for):
    from django.urls import reverse

    from .assessments_helpers import other_agency_fp

    assessment = start(personas)
    url = reverse("partners:assessment", args=[assessment.public_id])
    partner, lead = client_for(personas.focal_point_a), client_for(personas.focal_point_b)
    assert 'id="answers-form"' in partner.get(url).content.decode()
    assert 'id="answers-form"' not in lead.get(url).content.decode()
    assessment = svc.assessment_submit(
        actor=personas.focal_point_a, assessment=answer(assessment, personas.focal_point_a, [1] * 6)
    )
    assert 'id="finalise-form"' in lead.get(url).content.decode()
    svc.assessment_return(actor=personas.focal_point_b, assessment=assessment, comment="Joindre la politique.")
    page = partner.get(url).content.decode()
    assert "Joindre la politique." in page and 'id="answers-form"' in page
    assessment = svc.assessment_submit(actor=personas.focal_point_a, assessment=assessment)
    response = lead.post(reverse("partners:assessment_finalise", args=[assessment.public_id]),
                         {"preliminary_rating": "low", "decision_note": "Plan sur six mois."})  # fmt: skip
    assert response.status_code == 302
    response = lead.post(reverse("partners:assessment_action_add", args=[assessment.public_id]),
                         {"action": "Former le personnel", "due_on": "2020-01-01"})  # fmt: skip
    assert response.status_code == 302
    item = assessment.actions.get()
    page = lead.get(url).content.decode()
    assert "past due" in page and 'aria-labelledby="monitoring-title"' in page and "Plan sur six mois." in page
    status_url = reverse("partners:assessment_action_status", args=[assessment.public_id, item.public_id])
    assert partner.post(status_url, {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "open"  # the partner does not close the lead agency's actions
    assert lead.post(status_url, {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done" and item.done_on is not None
    assert (
        lead.post(reverse("partners:assessment_note_add", args=[assessment.public_id]), {"text": ""}).status_code == 400
    )
    assert (
        lead.post(reverse("partners:assessment_note_add", args=[assessment.public_id]), {"text": "Visite."}).status_code
        == 302
    )
    assert (
        lead.post(
            reverse("partners:assessment_determination", args=[assessment.public_id]), {"rating": "medium"}
        ).status_code
        == 302
    )
    result = client_for(other_agency_fp()).get(url).content.decode()
    assert (
        "Medium capacity (moderate risk)" in result and "Visite." not in result and "Plan sur six mois." not in result
    )
