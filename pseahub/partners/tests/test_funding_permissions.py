"""Stakeholders and funding: signed out → sign in; the coordinator and the co-chairs keep them; leadership reads
them; focal points (of any organisation) and everyone else get 403; an unknown id 404."""

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.partners.tests.outreach_world import outreach_world

pytestmark = pytest.mark.django_db

OTHERS = ["focal_point_a", "provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]


def _read_urls(world):
    return [reverse("partners:stakeholders"), reverse("partners:funding")]


def _edit_urls(world):
    return [
        reverse("partners:stakeholder_new"),
        reverse("partners:stakeholder_edit", args=[world.stakeholder.public_id]),
        reverse("partners:donor_new"),
        reverse("partners:funding_new"),
        reverse("partners:funding_edit", args=[world.funding.public_id]),
        reverse("partners:proposal_new"),
        reverse("partners:proposal_edit", args=[world.proposal.public_id]),
        reverse("partners:donor_report_new"),
        reverse("partners:donor_report_edit", args=[world.report.public_id]),
    ]


def test_signed_out_visitors_are_sent_to_sign_in(personas):
    world = outreach_world()
    for url in _read_urls(world) + _edit_urls(world):
        assert Client().get(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("persona", ["coordinator", "co_chair"])
def test_editors_read_and_edit(personas, client_for, persona):
    world = outreach_world()
    client = client_for(getattr(personas, persona))
    for url in _read_urls(world) + _edit_urls(world):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("partners:funding")).content.decode()
    assert "Subvention PSEA" in page and "Proposition 2027" in page and "ECHO" in page
    home = client.get(reverse("partners:home")).content.decode()
    assert reverse("partners:funding") in home and 'id="donor-reports-due"' not in home  # due in 40 days
    world.report.due_on = world.report.period_end
    world.report.save(update_fields=["due_on"])
    assert "1 donor report due within two weeks or overdue" in client.get(reverse("partners:home")).content.decode()


def test_leadership_reads_only(personas, client_for):
    world = outreach_world()
    client = client_for(personas.leadership)
    for url in _read_urls(world):
        response = client.get(url)
        assert response.status_code == 200
        assert "/new/" not in response.content.decode()
    assert "Awa Diallo" in client.get(reverse("partners:stakeholders")).content.decode()
    for url in _edit_urls(world):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url


@pytest.mark.parametrize("persona", OTHERS)
def test_focal_points_and_others_are_refused(personas, client_for, persona):
    world = outreach_world()
    client = client_for(getattr(personas, persona))
    for url in _read_urls(world) + _edit_urls(world):
        assert client.get(url).status_code == 403, url
    if persona == "focal_point_a":
        assert reverse("partners:funding") not in client.get(reverse("partners:home")).content.decode()


def test_an_unknown_id_is_not_found(personas, client_for):
    client = client_for(personas.coordinator)
    for name in ("stakeholder_edit", "funding_edit", "proposal_edit", "donor_report_edit"):
        assert client.get(reverse(f"partners:{name}", args=[uuid.uuid4()])).status_code == 404
