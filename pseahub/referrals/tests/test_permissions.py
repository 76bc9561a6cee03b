"""Who may open what, for every view in pseahub/referrals/urls.py.

Anonymous visitors go to the login page. A referral's page and every action on it answer 404 to anyone who is not
its recipient — a focal point or provider of another organisation, the wrong kind of recipient, an operator, an
analyst, an admin, a user without a role — and the coordinator-only actions (refer, assistance, revoke, close the
complaint, exclude) answer 404 to everyone but a coordinator of the complaint. Nothing changes on a refused
request. The inbox belongs to focal points and providers (403 for anyone else)."""

from __future__ import annotations

import uuid

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import AuditEvent
from pseahub.cases.models import Complaint, Exclusion, Status
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import Referral, ReferralState

from .helpers import refer, refer_assistance, sea_complaint

LOGIN = "/accounts/login/"


@pytest.fixture
def world(personas):
    """One complaint about org A with an allegation referral (to org A's focal point) and an assistance
    referral (to org A's provider); a provider of org B as an outsider."""
    provider_b = UserFactory(email="provider.b@example.org")
    role_grant(actor=None, user=provider_b, role=Role.SERVICE_PROVIDER, organisation=personas.org_b)
    complaint = sea_complaint(personas, consents=("services",))
    service = ServiceFactory(provider=personas.org_a)
    allegation_referral = refer(personas, complaint)
    assistance_referral = refer_assistance(personas, complaint, service)
    return {
        "complaint": complaint,
        "service": service,
        "allegation": allegation_referral,
        "assistance": assistance_referral,
        "provider_b": provider_b,
    }


def _user(personas, world, name):
    return world["provider_b"] if name == "provider_b" else getattr(personas, name)


def _referral_requests(referral):
    base = f"/referrals/{referral.public_id}"
    return [
        ("get", f"{base}/", {}),
        ("post", f"{base}/acknowledge/", {}),
        ("post", f"{base}/decline/", {"reason": "not_our_staff"}),
        ("post", f"{base}/progress/", {"note": "Investigator appointed."}),
        ("post", f"{base}/close/", {"outcome": "substantiated"}),
        ("post", f"{base}/follow-up/", {"follow_up_on": "2026-12-01"}),
        ("post", f"{base}/revoke/", {"note": ""}),
    ]


def _coordinator_requests(personas, world):
    complaint = world["complaint"]
    base = f"/cases/{complaint.public_id}"
    allegation = complaint.allegations.get()
    return [
        ("post", f"{base}/allegations/{allegation.public_id}/refer/", {"summary": "Again."}),
        ("post", f"{base}/assistance/", {"service": str(world["service"].public_id), "summary": "Again."}),
        ("post", f"{base}/close/", {"reason": "duplicate"}),
        ("post", f"{base}/exclude/", {"user": str(personas.focal_point_b.public_id)}),
        ("post", f"/referrals/{world['allegation'].public_id}/revoke/", {"note": ""}),
    ]


def _snapshot():
    return (
        sorted(Referral.objects.values_list("pk", "state")),
        Exclusion.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_anonymous_visitors_go_to_the_login_page(client, personas, world):
    requests = [
        ("get", "/referrals/", {}),
        *_referral_requests(world["allegation"]),
        *_referral_requests(world["assistance"]),
        *_coordinator_requests(personas, world),
    ]
    before = _snapshot()

    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{LOGIN}?next="), url

    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("focal_point_b", "allegation"),  # focal point of another organisation
        ("focal_point_b", "assistance"),
        ("provider_b", "allegation"),  # provider of another organisation
        ("provider_b", "assistance"),
        ("provider", "allegation"),  # right organisation, wrong kind: providers get assistance referrals only
        ("focal_point_a", "assistance"),  # and focal points allegation referrals only
        ("operator", "allegation"),
        ("analyst", "allegation"),
        ("admin", "allegation"),
        ("no_role", "assistance"),
    ],
)
def test_everyone_but_the_recipient_and_the_coordinator_gets_404(personas, world, client_for, name, kind):
    client = client_for(_user(personas, world, name))
    before = _snapshot()

    for method, url, data in _referral_requests(world[kind]):
        assert getattr(client, method)(url, data).status_code == 404, url

    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["focal_point_a", "focal_point_b", "provider", "provider_b", "operator", "analyst", "admin", "no_role"]
)
def test_coordinator_actions_are_404_for_everyone_else(personas, world, client_for, name):
    client = client_for(_user(personas, world, name))
    before = _snapshot()

    for method, url, data in _coordinator_requests(personas, world):
        assert getattr(client, method)(url, data).status_code == 404, url

    assert _snapshot() == before
    assert Complaint.objects.get(pk=world["complaint"].pk).status != Status.CLOSED


@pytest.mark.django_db
def test_the_coordinator_reads_referrals_but_cannot_answer_them(personas, world, client_for):
    client = client_for(personas.coordinator)
    before = _snapshot()

    assert client.get(f"/referrals/{world['allegation'].public_id}/").status_code == 200
    for method, url, data in _referral_requests(world["allegation"])[1:6]:  # the recipient's answers
        assert getattr(client, method)(url, data).status_code == 404, url

    assert sorted(Referral.objects.values_list("pk", "state")) == before[0]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["focal_point_a", "provider"])
def test_recipients_reach_their_own_referral(personas, world, client_for, name):
    referral = world["allegation" if name == "focal_point_a" else "assistance"]
    client = client_for(getattr(personas, name))

    assert client.get(f"/referrals/{referral.public_id}/").status_code == 200
    response = client.post(f"/referrals/{referral.public_id}/acknowledge/")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACKNOWLEDGED


@pytest.mark.django_db
def test_an_unknown_referral_is_404_for_everyone(personas, world, client_for):
    class Missing:
        public_id = uuid.uuid4()

    for user in (personas.coordinator, personas.focal_point_a, personas.provider):
        client = client_for(user)
        for method, url, data in _referral_requests(Missing):
            assert getattr(client, method)(url, data).status_code == 404, (user.email, url)


@pytest.mark.django_db
def test_post_only_views_refuse_get(personas, world, client_for):
    client = client_for(personas.coordinator)

    for _method, url, _data in [*_referral_requests(world["allegation"])[1:], *_coordinator_requests(personas, world)]:
        assert client.get(url).status_code == 405, url


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["coordinator", "operator", "analyst", "admin", "no_role"])
def test_the_inbox_is_403_for_anyone_who_receives_no_referrals(personas, world, client_for, name):
    assert client_for(getattr(personas, name)).get("/referrals/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["focal_point_a", "focal_point_b", "provider", "provider_b"])
def test_the_inbox_opens_for_focal_points_and_providers(personas, world, client_for, name):
    assert client_for(_user(personas, world, name)).get("/referrals/").status_code == 200
