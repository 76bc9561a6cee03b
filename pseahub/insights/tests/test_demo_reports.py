"""The demo's donor report: made and published by the demo coordinator, so the demo donor finds it; idempotent."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import User
from pseahub.insights.demo import demo_reports_load
from pseahub.insights.models import Report, ReportKind, ReportState
from pseahub.network.demo import DEMO_DOMAIN, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_donor_finds_a_published_report(client_for):
    demo_load()
    assert demo_reports_load() == 1
    report = Report.objects.get()
    assert report.kind == ReportKind.DONOR and report.state == ReportState.DONE and report.published_at
    assert report.language == "fr" and report.files.count() == 2
    assert demo_reports_load() == 0 and Report.objects.count() == 1
    donor = User.objects.get(email=f"donor@{DEMO_DOMAIN}")
    page = client_for(donor).get("/insights/donor/").content.decode()
    assert f'action="/insights/reports/{report.public_id}/download/pdf/"' in page
