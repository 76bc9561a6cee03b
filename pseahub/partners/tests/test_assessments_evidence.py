"""Evidence is sealed to the assessment's keyring: checked for type and size, readable by the partner, the lead
agency and the coordinator only, every download audited; a reader who holds the key passes it to new readers."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.tests.helpers import sign_in_unlocked
from pseahub.partners import assessments as svc
from pseahub.partners.models import AssessmentEvidence
from pseahub.vault.models import KeyGrant

from .assessments_helpers import PDF, other_agency_fp, start

pytestmark = pytest.mark.django_db


def _upload(personas, client, assessment, name="code.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    standard = assessment.tool.standards.first()
    return client.post(
        reverse("partners:assessment_evidence", args=[assessment.public_id]),
        {"standard": standard.pk, "kind": "code_of_conduct", "file": SimpleUploadedFile(name, content)},
    )


def test_the_partner_uploads_and_the_file_is_sealed(personas, client_for):
    assessment = start(personas)
    response = _upload(personas, client_for(personas.focal_point_a), assessment)
    assert response.status_code == 302
    evidence = AssessmentEvidence.objects.get()
    assert PDF not in bytes(evidence.sealed_file.ciphertext)
    assert evidence.sealed_file.keyring_id == assessment.keyring_id
    event = AuditEvent.objects.get(action=Action.PARTNER_EVIDENCE_ADDED)
    assert "code" not in str(event.data.get("kind", "")).replace("code_of_conduct", "")  # codes only, no file name


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("virus.exe", b"MZ\x90\x00", "Upload a PDF"),
        ("fake.pdf", b"<html>", "Upload a PDF"),
        ("fake.docx", b"PK\x03\x04not a zip", "not the document its name says"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_wrong_files_are_refused_with_a_form_error(personas, client_for, name, content, error):
    assessment = start(personas)
    response = _upload(personas, client_for(personas.focal_point_a), assessment, name, content)
    assert response.status_code == 400 and error in response.content.decode()
    assert not AssessmentEvidence.objects.exists()


def test_too_large_files_are_refused(personas):
    assessment = start(personas)
    big = PDF + b"0" * svc.MAX_EVIDENCE_BYTES
    with pytest.raises(ValidationError):
        svc.evidence_add(
            actor=personas.focal_point_a, assessment=assessment, standard=assessment.tool.standards.first(),
            kind="other", upload=svc.Upload(filename="big.pdf", content=big),
        )  # fmt: skip


def test_only_the_partner_adds_evidence(personas):
    assessment = start(personas)
    with pytest.raises(ValidationError):
        svc.evidence_add(
            actor=personas.focal_point_b, assessment=assessment, standard=assessment.tool.standards.first(),
            kind="other", upload=svc.Upload(filename="a.pdf", content=PDF),
        )  # fmt: skip


@pytest.mark.parametrize("persona", ["focal_point_a", "focal_point_b", "coordinator"])
def test_the_partner_the_lead_and_the_coordinator_download_it_audited(personas, persona):
    assessment = start(personas)
    evidence = svc.evidence_add(
        actor=personas.focal_point_a, assessment=assessment, standard=assessment.tool.standards.first(),
        kind="code_of_conduct", upload=svc.Upload(filename="code.pdf", content=PDF),
    )  # fmt: skip
    client = sign_in_unlocked(getattr(personas, persona))
    page = client.get(reverse("partners:assessment", args=[assessment.public_id])).content.decode()
    assert "code.pdf" in page  # the sealed name opens for a reader
    response = client.post(reverse("partners:assessment_evidence_download", args=[assessment.public_id, evidence.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Disposition"] == f'attachment; filename="evidence-{evidence.pk}.pdf"'
    read = AuditEvent.objects.get(action=Action.PARTNER_EVIDENCE_READ)
    assert read.actor == getattr(personas, persona) and read.data == {"evidence": evidence.pk}


def test_other_agencies_and_co_chairs_hold_no_key(personas):
    other = other_agency_fp()
    assessment = start(personas)
    holders = set(
        KeyGrant.objects.filter(keyring=assessment.keyring, user__isnull=False).values_list("user", flat=True)
    )
    assert holders == {personas.focal_point_a.pk, personas.focal_point_b.pk, personas.coordinator.pk}
    assert not svc.reads_evidence(other, assessment) and not svc.reads_evidence(personas.co_chair, assessment)


def test_a_new_focal_point_gets_the_key_from_a_reader_who_holds_it(personas):
    assessment = start(personas)
    newcomer = UserFactory(email="new.fp@example.org")
    role_grant(actor=None, user=newcomer, role=Role.FOCAL_POINT, organisation=personas.org_b)
    assert not KeyGrant.objects.filter(keyring=assessment.keyring, user=newcomer).exists()
    client = sign_in_unlocked(personas.focal_point_b)
    assert client.post(reverse("partners:assessment_access", args=[assessment.public_id])).status_code == 302
    assert KeyGrant.objects.filter(keyring=assessment.keyring, user=newcomer).exists()
    # And one who leaves the organisation loses it at the next update.
    newcomer.role_assignments.all().delete()
    client.post(reverse("partners:assessment_access", args=[assessment.public_id]))
    assert not KeyGrant.objects.filter(keyring=assessment.keyring, user=newcomer).exists()


def test_a_locked_key_is_told_not_served(personas, client_for):
    assessment = start(personas)
    evidence = svc.evidence_add(
        actor=personas.focal_point_a, assessment=assessment, standard=assessment.tool.standards.first(),
        kind="code_of_conduct", upload=svc.Upload(filename="code.pdf", content=PDF),
    )  # fmt: skip
    url = reverse("partners:assessment_evidence_download", args=[assessment.public_id, evidence.pk])
    response = client_for(personas.focal_point_a).post(url)  # signed in without the key unlocked
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=Action.PARTNER_EVIDENCE_READ).exists()


def test_a_too_large_upload_gets_a_form_error(personas, client_for):
    assessment = start(personas)
    big = PDF + b"0" * svc.MAX_EVIDENCE_BYTES
    response = _upload(personas, client_for(personas.focal_point_a), assessment, "big.pdf", big)
    assert response.status_code == 400 and "larger than 10 MB" in response.content.decode()
    assert not AssessmentEvidence.objects.exists()
