"""A consultation records who took part (by sex, age group and disability, when known) and its findings (issue 16
item 7): shown on its page; each dimension adds up to at most the number consulted (a form error otherwise); the
findings never go to the audit log."""

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.mapping.models import CommunityConsultation
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import consultation_post

pytestmark = pytest.mark.django_db

PARTICIPANTS = {
    "participants_female": "12",
    "participants_male": "8",
    "participants_children": "5",
    "participants_adults": "13",
    "participants_older": "2",
    "participants_with_disability": "3",
}


def test_participants_and_findings_are_recorded_and_shown(personas, client_for):
    client = client_for(personas.focal_point_a)
    data = consultation_post(
        mali_areas()["ML0501"], personas.org_a, lines=[("female", "adults", "all", "help_desk", 9)],
        findings="Les femmes craignent d'être vues au bureau.", **PARTICIPANTS,
    )  # fmt: skip
    response = client.post(reverse("mapping:consultation_new"), data)

    item = CommunityConsultation.objects.get()
    assert response.status_code == 302
    assert (item.participants_female, item.participants_male, item.participants_with_disability) == (12, 8, 3)
    assert item.findings.startswith("Les femmes")
    page = client.get(response["Location"]).content.decode()
    assert 'id="consultation-participants"' in page and "People with disabilities: 3" in page
    assert 'id="consultation-findings"' in page
    assert "craignent" not in str(AuditEvent.objects.get(action=Action.CONSULTATION_CREATED).data)

    data["findings"] = "Autre constat confidentiel"
    data["participants_with_disability"] = "4"
    data["preferences-INITIAL_FORMS"] = "1"  # the line is the consultation's own now
    assert client.post(response["Location"], data).status_code == 302
    event = AuditEvent.objects.get(action=Action.CONSULTATION_UPDATED)
    assert set(event.data["fields"]) == {"findings", "participants_with_disability"}
    assert event.data["new"] == {"participants_with_disability": 4} and "constat" not in str(event.data)


@pytest.mark.parametrize(
    "overrides",
    [
        {"participants_female": "15", "participants_male": "6"},  # 21 > 20
        {"participants_children": "10", "participants_adults": "10", "participants_older": "1"},
        {"participants_with_disability": "21"},
    ],
)
def test_more_participants_than_consulted_is_a_form_error(personas, client_for, overrides):
    client = client_for(personas.coordinator)
    data = consultation_post(mali_areas()["ML05"], **overrides)
    response = client.post(reverse("mapping:consultation_new"), data)
    assert response.status_code == 400
    assert "More participants than the 20 people consulted." in response.content.decode()
    assert not CommunityConsultation.objects.exists()


def test_participants_may_be_left_unknown(personas, client_for):
    client = client_for(personas.coordinator)
    assert client.post(reverse("mapping:consultation_new"), consultation_post(mali_areas()["ML05"])).status_code == 302
    item = CommunityConsultation.objects.get()
    assert item.participants_female is None and not item.participants_known


def test_the_demo_consultations_say_who_took_part_and_what_was_found():
    from pseahub.mapping.demo_preferences import DEMO_FINDINGS, demo_preferences_load
    from pseahub.network.demo import demo_load

    demo_load()
    demo_preferences_load()

    women = CommunityConsultation.objects.get(area__pcode="ML0501", number_consulted=18)
    assert (women.participants_female, women.participants_male, women.participants_adults) == (18, 0, 18)
    assert women.findings and CommunityConsultation.objects.exclude(findings="").count() == len(DEMO_FINDINGS)
    assert CommunityConsultation.objects.filter(participants_with_disability__isnull=False).count() == 3
