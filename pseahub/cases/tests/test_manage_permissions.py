"""The vocabulary and message-template pages belong to coordinators: anonymous visitors go to the login page,
every other role (focal point, provider, operator, analyst, network admin, no role) gets 403, and nothing
changes whatever they post."""

from __future__ import annotations

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.cases.models import MessageTemplateVersion, Term

NOT_COORDINATORS = ["focal_point_a", "provider", "operator", "analyst", "admin", "no_role"]

# Every URL, with a POST that would change something if it were allowed.
REQUESTS = [
    ("/cases/vocabularies/", {}),
    ("/cases/vocabularies/sea_type/", {"code": "forced_labour", "en": "Forced labour", "sort_order": "1"}),
    ("/cases/vocabularies/sea_type/rape/", {"action": "retire"}),
    ("/cases/vocabularies/sea_type/rape/", {"action": "delete"}),
    ("/cases/vocabularies/sea_type/rape/", {"action": "save", "en": "Changed", "sort_order": "1"}),
    ("/cases/templates/", {}),
    ("/cases/templates/new/", {"code": "new_one", "language": "en", "title": "T", "body": "B"}),
    ("/cases/templates/received/en/", {"title": "T", "body": "Changed", "save": "1"}),
    ("/cases/templates/received/en/history/", {"version": "0"}),
]
PATHS = sorted({path for path, _data in REQUESTS})


def _state():
    return (
        AuditEvent.objects.count(),
        MessageTemplateVersion.objects.count(),
        tuple(Term.objects.order_by("pk").values_list("code", "labels", "is_active", "sort_order")),
    )


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    before = _state()

    for path, data in REQUESTS:
        for response in (client.get(path), client.post(path, data)):
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/?next="), path

    assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", NOT_COORDINATORS)
def test_every_other_role_gets_403_and_changes_nothing(personas, client_for, name):
    client = client_for(getattr(personas, name))
    before = _state()

    for path, data in REQUESTS:
        assert client.get(path).status_code == 403, (name, path)
        assert client.post(path, data).status_code == 403, (name, path)

    assert _state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
def test_a_coordinator_opens_every_page(personas, client_for, path):
    assert client_for(personas.coordinator).get(path).status_code == 200


@pytest.mark.django_db
def test_the_header_links_coordinators_to_the_pages_and_nobody_else(personas, client_for):
    link = 'href="/cases/vocabularies/">Vocabularies and templates</a>'

    assert link in client_for(personas.coordinator).get("/accounts/profile/").content.decode()
    for name in NOT_COORDINATORS:
        assert link not in client_for(getattr(personas, name)).get("/accounts/profile/").content.decode()


@pytest.mark.django_db
def test_a_get_changes_nothing(personas, client_for):
    client = client_for(personas.coordinator)
    before = _state()

    for path in PATHS:
        client.get(path)
    client.get("/cases/vocabularies/sea_type/rape/?action=delete")

    assert _state() == before
