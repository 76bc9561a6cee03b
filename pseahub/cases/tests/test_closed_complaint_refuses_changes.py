"""A closed complaint is final: every service that changes it or what belongs to it (triage, intake facts,
allegations, survivors, perpetrators, consents, messages, the reporter's additions) refuses with "This
complaint is closed." and changes nothing, whoever calls it; the case page shows the message instead of a
server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.cases import record, services
from pseahub.cases.models import Allegation, Complaint, Consent, Message, Status, Survivor, Vocabulary
from pseahub.core.exceptions import ApplicationError

from .helpers import file_complaint, term, text

CLOSED = "This complaint is closed."


def _closed(personas: Any) -> Complaint:
    complaint = file_complaint(reported_organisation=personas.org_a, perpetrator_description="Someone")
    return services.complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")


def _survivor_profile() -> dict[str, Any]:
    return {
        "sex": "female",
        "age_group": term(Vocabulary.AGE_GROUP, "18-25"),
        "disability": "no",
        "displacement": None,
        "is_child": False,
    }


CHANGES: dict[str, Callable[[Any, Complaint], object]] = {
    "triage": lambda p, c: services.complaint_triage(
        actor=p.coordinator,
        complaint=c,
        classification="sea",
        complainant_type="survivor",
        is_urgent=True,
        involves_child=False,
    ),
    "allegation_add": lambda p, c: services.allegation_add(
        actor=p.coordinator, complaint=c, organisation=p.org_b, personnel_category=None, sea_type=None
    ),
    "allegation_update": lambda p, c: services.allegation_update(
        actor=p.coordinator,
        allegation=c.allegations.get(),
        organisation=p.org_b,
        personnel_category=None,
        sea_type=None,
        perpetrator_description="Changed",
    ),
    "survivor_update": lambda p, c: services.survivor_update(
        actor=p.coordinator, survivor=c.survivors.get(), name="New name", **_survivor_profile()
    ),
    "survivor_add": lambda p, c: record.survivor_add(
        actor=p.coordinator, complaint=c, name="Another", **_survivor_profile()
    ),
    "perpetrator_add": lambda p, c: record.perpetrator_add(actor=p.coordinator, complaint=c, organisation=p.org_b),
    "perpetrator_update": lambda p, c: record.perpetrator_update(
        actor=p.coordinator, perpetrator=c.perpetrators.get(), organisation=p.org_b, description="Changed"
    ),
    "intake_facts_update": lambda p, c: record.intake_facts_update(
        actor=p.coordinator,
        complaint=c,
        first_reported_at=c.received_at,
        received_by_organisation=p.org_b,
        incident_date=None,
        incident_date_unknown=True,
        incident_time_of_day="",
        reported_before="yes",
        reported_before_to="",
        goods_exchanged="yes",
        needs_medical=True,
        needs_safety=False,
        needs_shelter=False,
    ),
    "consent_record": lambda p, c: services.consent_record(
        actor=p.coordinator, complaint=c, purpose="services", decision="given", given_by="survivor"
    ),
    "message_to_reporter": lambda p, c: services.message_to_reporter(actor=p.coordinator, complaint=c, body="Hello"),
    "reporter_information_add": lambda p, c: services.reporter_information_add(
        complaint=c, body="More details", attachments=[]
    ),
}


def _snapshot(complaint: Complaint) -> tuple[Any, ...]:
    complaint.refresh_from_db()
    allegation = complaint.allegations.get()
    survivor = complaint.survivors.get()
    return (
        complaint.status,
        complaint.classification,
        complaint.is_urgent,
        complaint.updated_at,
        list(Allegation.objects.filter(complaint=complaint).values_list("pk", "organisation_id", "updated_at")),
        bytes(allegation.sealed),
        (survivor.sex, bytes(survivor.sealed) if survivor.sealed else None, survivor.age_group_id),
        list(complaint.perpetrators.values_list("organisation_id", "sealed")),
        (complaint.received_by_organisation_id, complaint.reported_before, complaint.needs_medical),
        Consent.objects.filter(complaint=complaint).count(),
        Message.objects.filter(complaint=complaint).count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("change", list(CHANGES))
def test_each_change_is_refused_by_the_service(personas, change):
    complaint = _closed(personas)
    before = _snapshot(complaint)

    with pytest.raises(ApplicationError) as error:
        CHANGES[change](personas, Complaint.objects.get(pk=complaint.pk))

    assert error.value.message == CLOSED
    assert _snapshot(complaint) == before


@pytest.mark.django_db
def test_closing_again_is_refused_and_the_guard_lets_an_open_complaint_through(personas):
    complaint = _closed(personas)
    with pytest.raises(ApplicationError, match="already closed"):
        services.complaint_close(actor=personas.coordinator, complaint=complaint, reason="withdrawn")

    services.complaint_require_open(file_complaint())  # no error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("triage/", {"classification": "sea", "complainant_type": "survivor"}),
        ("consents/", {"purpose": "services", "decision": "given", "given_by": "survivor"}),
        ("messages/", {"body": "Hello"}),
        ("survivors/{survivor}/", {"s{survivor}-sex": "female", "s{survivor}-disability": "no"}),
        ("survivors/", {"survivor-new-sex": "female", "survivor-new-disability": "no"}),
        ("perpetrators/", {"role": "staff", "sex": "male"}),
        ("intake/", {"first_reported_at": "2020-01-01T10:00", "reported_before": "yes", "goods_exchanged": "yes"}),
    ],
)
def test_the_case_page_shows_the_message(personas, unlocked_client_for, path, data):
    complaint = _closed(personas)
    survivor = complaint.survivors.get().pk
    before = _snapshot(complaint)
    coordinator = unlocked_client_for(personas.coordinator)

    response = coordinator.post(
        f"/cases/{complaint.public_id}/{path.format(survivor=survivor)}",
        {key.format(survivor=survivor): value for key, value in data.items()},
        follow=True,
    )

    assert response.status_code == 200
    page = text(response)
    assert CLOSED in page
    assert _snapshot(complaint)[:-1] == before[:-1]  # reading the page back is audited, nothing else
    assert Survivor.objects.get(pk=survivor).sex == before[6][0]
    assert Survivor.objects.filter(complaint=complaint).count() == 1
    assert Complaint.objects.get(pk=complaint.pk).status == Status.CLOSED
