"""The grid's errors, beside their line: more people than consulted, a line without a channel, the same group
and channel twice; a focal point cannot name another organisation; nothing is saved."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.mapping.models import CommunityConsultation
from pseahub.mapping.tests.factories import mali_areas
from pseahub.mapping.tests.prefs import consultation_post

pytestmark = pytest.mark.django_db


def _post(client, data):
    response = client.post(reverse("mapping:consultation_new"), data)
    assert response.status_code == 400
    assert CommunityConsultation.objects.count() == 0
    return response.content.decode()


def test_more_people_than_consulted_is_refused(personas, client_for):
    data = consultation_post(mali_areas()["ML0501"], lines=[("female", "all", "all", "hotline", 21)])
    page = _post(client_for(personas.coordinator), data)
    assert "More than the 20 people consulted." in page
    assert "Correct the lines marked below." in page


def test_a_line_must_name_a_channel_and_a_number(personas, client_for):
    data = consultation_post(mali_areas()["ML0501"], lines=[("female", "all", "all", "", 5)])
    page = _post(client_for(personas.coordinator), data)
    assert "Choose the channel these people prefer." in page
    data = consultation_post(mali_areas()["ML0501"], lines=[("female", "all", "all", "sms", "")])
    assert "Enter how many people prefer this channel." in _post(client_for(personas.coordinator), data)


def test_the_same_group_and_channel_twice_is_refused(personas, client_for):
    line = ("female", "children", "with", "sms", 5)
    data = consultation_post(mali_areas()["ML0501"], lines=[line, ("male", "children", "with", "sms", 5), line])
    page = _post(client_for(personas.coordinator), data)
    assert "This group and channel are already given on another line." in page


def test_the_consultation_fields_are_checked(personas, client_for):
    areas = mali_areas()
    client = client_for(personas.coordinator)
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert "The date must not be in the future." in _post(client, consultation_post(areas["ML0501"], date=future))
    page = _post(client, consultation_post(areas["MLI"]))
    assert "Select a valid choice" in page  # only regions and districts are offered


def test_a_focal_point_names_their_own_organisation(personas, client_for):
    client = client_for(personas.focal_point_a)
    area = mali_areas()["ML0501"]
    assert "Select a valid choice" in _post(client, consultation_post(area, personas.org_b))
    assert "This field is required." in _post(client, consultation_post(area, None))
