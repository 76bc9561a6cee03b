"""The URLs the page catalogue leaves out as "POST only" refuse a GET (405), so the reason stays true."""

from __future__ import annotations

import uuid

import pytest
from django.urls import NoReverseMatch, reverse

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant

from .pages import all_excluded

POST_ONLY = sorted(name for name, reason in all_excluded().items() if reason.startswith("POST only"))
# The parameters these URLs take, in the combinations they take them (nothing needs to exist: a GET is refused
# before any object is looked up).
ARGUMENTS = [
    {},
    {"public_id": uuid.uuid4()},
    {"public_id": uuid.uuid4(), "allegation_id": uuid.uuid4()},
    {"public_id": uuid.uuid4(), "survivor_id": 1},
    {"public_id": uuid.uuid4(), "perpetrator_id": uuid.uuid4()},
    {"public_id": uuid.uuid4(), "fmt": "pdf"},
    {"link_id": 1},  # partners (assessments)
    {"public_id": uuid.uuid4(), "evidence_id": 1},  # partners (assessments)
    {"public_id": uuid.uuid4(), "action_id": uuid.uuid4()},  # partners (assessments)
    {"public_id": uuid.uuid4(), "standard_id": 1},  # partners (a network's own capacity tool)
    {"public_id": uuid.uuid4(), "language_code": "bm"},  # partners (key messages)
]


def _path(name: str) -> str:
    for kwargs in ARGUMENTS:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    raise AssertionError(f"{name}: add its parameters to ARGUMENTS")


@pytest.mark.django_db
@pytest.mark.parametrize("name", POST_ONLY)
def test_a_url_excluded_as_post_only_refuses_a_get(name, personas, client_for):
    for role in (Role.OPERATOR, Role.NETWORK_ADMIN):
        role_grant(actor=None, user=personas.coordinator, role=role)
    response = client_for(personas.coordinator).get(_path(name))
    assert response.status_code == 405, f"{name} answers a GET with {response.status_code}"
