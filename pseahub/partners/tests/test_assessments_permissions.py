"""Every assessment URL: signed out → sign in; outsiders 403; the partner, the lead agency, another agency, the
coordinator and co-chairs, leadership each get what their part allows, and no more."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.partners import assessments as svc
from pseahub.partners.models import AssessmentAnswer, AssessmentState, PartnerAssessment, PartnerLink

from .assessments_helpers import PDF, common, other_agency_fp, start, unicef

pytestmark = pytest.mark.django_db

OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]


@pytest.fixture
def world(personas):
    assessment = start(personas)
    standard = assessment.tool.standards.first()
    evidence = svc.evidence_add(
        actor=personas.focal_point_a, assessment=assessment, standard=standard, kind="code_of_conduct",
        upload=svc.Upload(filename="code.pdf", content=PDF),
    )  # fmt: skip
    svc.answers_save(
        actor=personas.focal_point_a,
        assessment=assessment,
        answers={s.pk: (2, "SECRET-COMMENT") for s in assessment.tool.standards.all()},
    )
    assessment = svc.assessment_submit(actor=personas.focal_point_a, assessment=assessment)
    action = svc.action_add(
        actor=personas.focal_point_b, assessment=assessment, action="Train", due_on=dt.date(2027, 1, 1)
    )
    link = svc.partner_link_add(actor=personas.focal_point_b, agency=personas.org_b, partner=personas.org_a)
    return {"assessment": assessment, "evidence": evidence, "action": action, "link": link, "other": other_agency_fp()}


def _urls(world):
    a = world["assessment"].public_id
    tool = unicef().public_id
    return {
        "get": [
            reverse("partners:assessments"),
            reverse("partners:assessment_new"),
            reverse("partners:assessment", args=[a]),
            reverse("partners:assessment_tools"),
            reverse("partners:assessment_tool", args=[tool]),
            reverse("partners:assessment_tool_edit", args=[tool]),
        ],
        "post": [
            reverse("partners:assessment_link_add"),
            reverse("partners:assessment_link_remove", args=[world["link"].pk]),
            reverse("partners:assessment_tool_copy", args=[tool]),
            reverse("partners:assessment_standard_add", args=[tool]),
            reverse("partners:assessment_standard_remove", args=[tool, unicef().standards.first().pk]),
            reverse("partners:assessment_answers", args=[a]),
            reverse("partners:assessment_evidence", args=[a]),
            reverse("partners:assessment_evidence_download", args=[a, world["evidence"].pk]),
            reverse("partners:assessment_access", args=[a]),
            reverse("partners:assessment_submit", args=[a]),
            reverse("partners:assessment_return", args=[a]),
            reverse("partners:assessment_finalise", args=[a]),
            reverse("partners:assessment_cancel", args=[a]),
            reverse("partners:assessment_action_add", args=[a]),
            reverse("partners:assessment_action_status", args=[a, world["action"].public_id]),
            reverse("partners:assessment_note_add", args=[a]),
            reverse("partners:assessment_determination", args=[a]),
        ],
    }


def test_signed_out_visitors_are_sent_to_sign_in(world):
    urls = _urls(world)
    for url in urls["get"]:
        assert Client().get(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url
    for url in urls["post"]:
        assert Client().post(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_are_refused_everywhere(personas, client_for, world, persona):
    client = client_for(getattr(personas, persona))
    urls = _urls(world)
    for url in urls["get"]:
        assert client.get(url).status_code == 403, url
    for url in urls["post"]:
        assert client.post(url).status_code == 403, url


def test_leadership_reads_the_register_and_results_only(personas, client_for, world):
    client = client_for(personas.leadership)
    assert client.get(reverse("partners:assessments")).status_code == 200
    page = client.get(reverse("partners:assessment", args=[world["assessment"].public_id])).content.decode()
    assert "SECRET-COMMENT" not in page and 'id="standards"' not in page
    assert client.get(reverse("partners:assessment_new")).status_code == 403
    for url in _urls(world)["post"]:
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["coordinator", "co_chair", "focal_point_a", "focal_point_b"])
def test_the_partner_the_lead_and_the_network_see_the_answers(personas, client_for, world, persona):
    page = client_for(getattr(personas, persona)).get(
        reverse("partners:assessment", args=[world["assessment"].public_id])
    )
    assert page.status_code == 200 and "SECRET-COMMENT" in page.content.decode()


def test_another_agency_sees_the_result_never_the_answers_nor_the_evidence(personas, client_for, world):
    client = client_for(world["other"])
    a = world["assessment"]
    page = client.get(reverse("partners:assessment", args=[a.public_id])).content.decode()
    assert "SECRET-COMMENT" not in page and "Download" not in page and personas.org_b.name in page
    assert "New partnership" not in page  # why a partner is assessed (e.g. an SEA allegation) is not shared
    download = reverse("partners:assessment_evidence_download", args=[a.public_id, world["evidence"].pk])
    assert client.post(download).status_code == 404
    scores = {f"score_{s.pk}": "1" for s in a.tool.standards.all()}
    assert client.post(reverse("partners:assessment_answers", args=[a.public_id]), scores).status_code == 403
    assert client.post(reverse("partners:assessment_finalise", args=[a.public_id]), {
        "preliminary_rating": "low", "decision_note": "x"}).status_code == 403  # fmt: skip
    assert client.post(reverse("partners:assessment_cancel", args=[a.public_id])).status_code == 302
    assert client.post(reverse("partners:assessment_link_remove", args=[world["link"].pk])).status_code == 404
    a.refresh_from_db()
    assert a.state == AssessmentState.SUBMITTED and not a.preliminary_rating
    assert not AssessmentAnswer.objects.filter(score=1).exists() and PartnerLink.objects.exists()


def test_co_chairs_never_download_evidence(personas, client_for, world):
    a = world["assessment"]
    url = reverse("partners:assessment_evidence_download", args=[a.public_id, world["evidence"].pk])
    assert client_for(personas.co_chair).post(url).status_code == 404
    page = client_for(personas.co_chair).get(reverse("partners:assessment", args=[a.public_id])).content.decode()
    assert "1 sealed document" in page


def test_the_lead_reviews_from_the_page_and_the_partner_cannot(personas, client_for, world):
    a = world["assessment"]
    url = reverse("partners:assessment_finalise", args=[a.public_id])
    data = {"preliminary_rating": "medium", "decision_note": "Decided."}
    refused = client_for(personas.focal_point_a).post(url, data)
    assert refused.status_code == 400 and "Only the lead agency reviews" in refused.content.decode()
    assert client_for(personas.focal_point_b).post(url, {"preliminary_rating": "medium"}).status_code == 400
    assert client_for(personas.focal_point_b).post(url, data).status_code == 302
    assert PartnerAssessment.objects.get().state == AssessmentState.FINAL


def test_starting_an_assessment_from_the_page(personas, client_for, world):
    personas.org_a.type = "nngo"
    personas.org_a.save()
    client = client_for(personas.coordinator)
    data = {
        "partner": personas.org_a.public_id, "lead_agency": personas.org_b.public_id, "tool": common().public_id,
        "type": "un_common", "reason": "new_partner", "started_on": "2026-12-01",
    }  # fmt: skip
    again = client.post(reverse("partners:assessment_new"), data)  # org_a has one in progress already
    assert again.status_code == 400 and "already has an assessment in progress" in again.content.decode()
    svc.assessment_cancel(actor=personas.coordinator, assessment=world["assessment"])
    assert client.post(reverse("partners:assessment_new"), data).status_code == 302
    # A focal point may only name its own organisation as the lead agency.
    fp = client_for(world["other"])
    assert fp.get(reverse("partners:assessment_new")).status_code == 200
    assert fp.post(reverse("partners:assessment_new"), data).status_code == 400


def test_works_with_is_recorded_by_the_agencies_own_focal_point(personas, client_for, world):
    url = reverse("partners:assessment_link_add")
    fp = client_for(world["other"])
    assert fp.post(url, {"agency": personas.org_b.public_id, "partner": personas.org_a.public_id}).status_code == 400
    other_org = world["other"].role_assignments.get().organisation
    assert fp.post(url, {"agency": other_org.public_id, "partner": personas.org_a.public_id}).status_code == 302
    assert fp.post(url, {"agency": other_org.public_id, "partner": personas.org_a.public_id}).status_code == 302
    assert PartnerLink.objects.filter(partner=personas.org_a).count() == 2
    remove = reverse("partners:assessment_link_remove", args=[world["link"].pk])
    assert client_for(personas.focal_point_b).post(remove).status_code == 302
    assert not PartnerLink.objects.filter(pk=world["link"].pk).exists()


def test_tools_are_read_by_readers_and_copied_by_editors(personas, client_for, world):
    tool = unicef()
    for persona in ("coordinator", "co_chair", "focal_point_a", "leadership"):
        client = client_for(getattr(personas, persona))
        assert client.get(reverse("partners:assessment_tools")).status_code == 200
        assert client.get(reverse("partners:assessment_tool", args=[tool.public_id])).status_code == 200
    copy_url = reverse("partners:assessment_tool_copy", args=[tool.public_id])
    data = {"code": "mali-2026", "name": "Outil du réseau", "version": "2026"}
    assert client_for(personas.focal_point_a).post(copy_url, data).status_code == 403
    response = client_for(personas.co_chair).post(copy_url, data)
    assert response.status_code == 302
    assert client_for(personas.co_chair).post(copy_url, data).status_code == 400  # the code is taken
    copy = type(tool).objects.get(code="mali-2026")
    edit = reverse("partners:assessment_tool_edit", args=[copy.public_id])
    assert client_for(personas.focal_point_a).get(edit).status_code == 403
    assert client_for(personas.coordinator).get(edit).status_code == 200
    # The shipped tool's edit page sends editors to copy it.
    assert (
        client_for(personas.coordinator)
        .get(reverse("partners:assessment_tool_edit", args=[tool.public_id]))
        .status_code
        == 302
    )


@pytest.mark.parametrize("persona", ["coordinator", "co_chair", "focal_point_a", "leadership"])
def test_the_partners_page_links_to_the_register(personas, client_for, persona):
    page = client_for(getattr(personas, persona)).get(reverse("partners:home")).content.decode()
    assert f'href="{reverse("partners:assessments")}"' in page
