"""The demo HQ user finds the system-wide view filled: three countries' returns for the last four complete
quarters, imported through the real import (so each passed its checks; Mali's made from the demo network's own
records), Congo's latest not sent yet, Lebanon's latest corrected; loading again adds nothing."""

import pytest

from pseahub.accounts.models import User
from pseahub.insights.hq_demo import country_returns_demo
from pseahub.insights.members import Quarter
from pseahub.insights.models import CountryReturn, Report, ReportKind
from pseahub.insights.systemwide import countries_missing, current_returns
from pseahub.network.demo import demo_load
from pseahub.network.selectors import network_settings_get

pytestmark = pytest.mark.django_db


def test_the_demo_imports_three_countries_returns(client_for):
    demo_load()

    assert country_returns_demo() == {"country_returns": 12}
    assert country_returns_demo() == {"country_returns": 0}

    hq = User.objects.get(email="hq@demo.psea.test")
    latest = Quarter.current().previous()
    assert [r.country for r in current_returns(latest)] == ["LBN", "MLI"]
    assert countries_missing(latest, current_returns(latest)) == [("COD", "Réseau PSEA RDC")]
    assert CountryReturn.objects.filter(version=2).get().country == "LBN"
    assert set(CountryReturn.objects.values_list("imported_by", flat=True)) == {hq.pk}
    earliest = latest.previous().previous().previous()
    assert [r.country for r in current_returns(earliest)] == ["COD", "LBN", "MLI"]
    assert any(
        value is None for r in CountryReturn.objects.all() for t in r.document["tables"] for row in t["cells"]
        for value in row
    ), "the demo shows no withheld value"  # fmt: skip

    # Mali, the demo network's own country, sends what its own records give: its coordinator's HQ return.
    mali = CountryReturn.objects.get(country="MLI", year=latest.year, quarter=latest.quarter)
    made = Report.objects.get(kind=ReportKind.HQ_QUARTERLY, start=latest.start, end=latest.end)
    assert mali.document["data_version"] == made.data_version
    assert mali.document["network"] == network_settings_get().name

    html = client_for(hq).get("/insights/systemwide/").content.decode()
    assert f"Returns for {latest.label}" in html and "No return yet from:</strong> COD" in html
