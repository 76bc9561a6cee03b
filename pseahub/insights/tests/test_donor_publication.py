"""Donors see and download only the donor reports a coordinator published to them (audited); withdrawing one
takes it off their page. Other kinds of report, and reports not made yet, cannot be published."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights.models import Report, ReportState

from .helpers import ask, asked

pytestmark = pytest.mark.django_db


def _made(client, capture, kind: str = "donor") -> Report:
    return asked(
        ask(client, capture, kind=kind, start="2026-01-01", end="2026-03-31", language="fr", formats=["pdf", "xlsx"])
    )


@pytest.fixture
def donor_report(personas, client_for, django_capture_on_commit_callbacks) -> Report:
    return _made(client_for(personas.analyst), django_capture_on_commit_callbacks)


def _publish(client, report: Report, action: str = "publish"):
    response = client.post(f"/insights/reports/{report.public_id}/{action}/")
    report.refresh_from_db()
    return response


def test_donors_see_nothing_until_a_donor_report_is_published(personas, client_for, donor_report):
    donor = client_for(personas.donor)
    page = donor.get("/insights/donor/").content.decode()
    assert "Nothing has been published yet." in page and str(donor_report.public_id) not in page
    assert donor.post(f"/insights/reports/{donor_report.public_id}/download/pdf/").status_code == 404


def test_a_published_donor_report_is_on_the_donors_page_and_downloads(personas, client_for, donor_report):
    response = _publish(client_for(personas.coordinator), donor_report)
    assert response.status_code == 302 and response["Location"] == f"/insights/reports/{donor_report.public_id}/"
    assert donor_report.published_at and donor_report.published_by == personas.coordinator
    [event] = AuditEvent.objects.filter(action=Action.REPORT_PUBLISHED)
    assert event.actor_id == personas.coordinator.pk and event.target_id == str(donor_report.public_id)
    donor = client_for(personas.donor)
    page = donor.get("/insights/donor/").content.decode()
    assert f'action="/insights/reports/{donor_report.public_id}/download/pdf/"' in page
    assert f'action="/insights/reports/{donor_report.public_id}/download/xlsx/"' in page
    response = donor.post(f"/insights/reports/{donor_report.public_id}/download/xlsx/")
    assert response.status_code == 200
    [download] = AuditEvent.objects.filter(action=Action.REPORT_DOWNLOADED)
    assert download.actor_id == personas.donor.pk
    # Donors have no report page of the network's: only their own page.
    assert donor.get(f"/insights/reports/{donor_report.public_id}/").status_code == 403


def test_publishing_twice_records_once(personas, client_for, donor_report):
    coordinator = client_for(personas.coordinator)
    _publish(coordinator, donor_report)
    _publish(coordinator, donor_report)
    assert AuditEvent.objects.filter(action=Action.REPORT_PUBLISHED).count() == 1


def test_a_withdrawn_report_leaves_the_donors_page(personas, client_for, donor_report):
    coordinator = client_for(personas.coordinator)
    _publish(coordinator, donor_report)
    _publish(coordinator, donor_report, "unpublish")
    assert donor_report.published_at is None
    assert AuditEvent.objects.filter(action=Action.REPORT_UNPUBLISHED).count() == 1
    donor = client_for(personas.donor)
    assert str(donor_report.public_id) not in donor.get("/insights/donor/").content.decode()
    assert donor.post(f"/insights/reports/{donor_report.public_id}/download/pdf/").status_code == 404


def test_only_donor_reports_are_published(personas, client_for, django_capture_on_commit_callbacks):
    leadership = _made(client_for(personas.analyst), django_capture_on_commit_callbacks, kind="leadership")
    coordinator = client_for(personas.coordinator)
    _publish(coordinator, leadership)
    assert leadership.published_at is None
    page = coordinator.get(f"/insights/reports/{leadership.public_id}/", follow=True).content.decode()
    assert "Publish to donors" not in page
    assert client_for(personas.donor).post(f"/insights/reports/{leadership.public_id}/download/pdf/").status_code == 404


def test_a_report_not_made_yet_is_not_published(personas, client_for, donor_report):
    Report.objects.filter(pk=donor_report.pk).update(state=ReportState.QUEUED)
    coordinator = client_for(personas.coordinator)
    response = coordinator.post(f"/insights/reports/{donor_report.public_id}/publish/", follow=True)
    assert "The report is not ready yet." in response.content.decode()
    donor_report.refresh_from_db()
    assert donor_report.published_at is None and not AuditEvent.objects.filter(action=Action.REPORT_PUBLISHED).exists()


def test_the_coordinator_sees_the_publish_button_on_a_donor_report(personas, client_for, donor_report):
    assert (
        "Publish to donors"
        in client_for(personas.coordinator).get(f"/insights/reports/{donor_report.public_id}/").content.decode()
    )
    # Leadership, co-chairs and analysts read it but do not publish it.
    assert (
        "Publish to donors"
        not in client_for(personas.co_chair).get(f"/insights/reports/{donor_report.public_id}/").content.decode()
    )
