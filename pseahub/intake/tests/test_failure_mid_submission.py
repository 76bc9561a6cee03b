"""A failure in the middle of a submission leaves no orphan rows: the keyring, grants, complaint, survivor,
allegation, consents, sealed files and audit row commit together or not at all."""

from __future__ import annotations

import pytest
from django.test import Client

from pseahub.audit.models import AuditEvent
from pseahub.cases import services as case_services
from pseahub.cases.models import (
    Allegation,
    Attachment,
    Complaint,
    Consent,
    ReferenceCounter,
    Survivor,
    Vocabulary,
)
from pseahub.cases.services import AttachmentInput, ComplaintInput, ConsentInput, complaint_create
from pseahub.cases.tests.helpers import term
from pseahub.vault.models import KeyGrant, Keyring, SealedFile

from .helpers import JPEG, post_report, report_data, upload

TABLES = [Complaint, Survivor, Allegation, Consent, Attachment, SealedFile, Keyring, KeyGrant, AuditEvent]


def _counts():
    return {model.__name__: model.objects.count() for model in TABLES} | {
        "reference": list(ReferenceCounter.objects.values_list("year", "last"))
    }


def _full_input(**extra):
    return ComplaintInput(
        channel="hotline",
        narrative="Half-Saved-Narrative",
        reported_organisation=extra.pop("organisation", None),
        perpetrator_category=term(Vocabulary.PERSONNEL_CATEGORY, "contractor"),
        consents=[ConsentInput(purpose="services", decision="given", given_by="survivor")],
        **extra,
    )


@pytest.mark.django_db
def test_a_bad_attachment_after_a_good_one_rolls_everything_back(personas):
    complaint_create(actor=None, data=ComplaintInput(channel="web"))  # an earlier, good complaint stays
    before = _counts()
    bad = AttachmentInput(content=None, filename="broken.jpg", content_type="image/jpeg")  # type: ignore[arg-type]
    good = AttachmentInput(content=JPEG, filename="fine.jpg", content_type="image/jpeg")

    with pytest.raises(TypeError):
        complaint_create(
            actor=personas.operator, data=_full_input(organisation=personas.org_a, attachments=[good, bad])
        )

    assert _counts() == before


@pytest.mark.django_db
def test_an_unknown_consent_after_the_inserts_rolls_everything_back(personas):
    before = _counts()
    data = _full_input(organisation=personas.org_a)
    data.consents.append(ConsentInput(purpose="gossip", decision="given", given_by="survivor"))

    with pytest.raises(case_services.ApplicationError):
        complaint_create(actor=personas.operator, data=data)

    assert _counts() == before


@pytest.mark.django_db
def test_a_failing_audit_write_rolls_the_complaint_back(personas, monkeypatch):
    before = _counts()

    def broken_record(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(case_services, "record", broken_record)

    with pytest.raises(RuntimeError):
        complaint_create(
            actor=None,
            data=_full_input(organisation=personas.org_a, attachments=[AttachmentInput(JPEG, "a.jpg", "image/jpeg")]),
        )

    assert _counts() == before


@pytest.mark.django_db
def test_a_failure_during_a_web_submission_leaves_nothing_behind(personas, monkeypatch):
    before = _counts()

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    # The attachment is stored after the keyring, complaint, survivor and allegation rows of the transaction.
    monkeypatch.setattr(SealedFile, "save", broken_save)
    client = Client(raise_request_exception=False)

    response = post_report(client, report_data(attachments=[upload("a.jpg", JPEG)]))

    assert response.status_code == 500
    assert 'id="receipt"' not in response.content.decode()
    assert _counts() == before
