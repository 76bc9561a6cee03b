"""A donor report asked for while the network's noise option is set adds calibrated noise to its counts before
suppression, keeps the epsilon with the report's parameters and states it on its page, in its PDF and in its
spreadsheet. Without the option nothing is stated and the counts are exact; the leadership report and the HQ return
never get noise."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action, AuditEvent
from pseahub.insights import reports
from pseahub.insights.models import ReportFormat
from pseahub.network.models import NetworkSettings

from .helpers import ask, asked, file_of, pdf_text, sheets
from .report_records import quarter_records

pytestmark = pytest.mark.django_db

STATED = "Calibrated noise was added to every count (OpenDP, discrete Laplace, ε = 1.0) before small cells were"
QUARTER = {"start": "2026-01-01", "end": "2026-03-31"}


@pytest.fixture
def records(personas):
    return quarter_records(personas)


def _noise(epsilon: float | None) -> None:
    NetworkSettings.objects.update_or_create(pk=1, defaults={"outside_noise_epsilon": epsilon})


@pytest.fixture
def plus_ten(monkeypatch):
    """OpenDP's mechanism replaced by one that adds 10 to every count, so that the noisy figures are known."""
    epsilons: list[float] = []

    def mechanism(epsilon: float):
        epsilons.append(epsilon)
        return lambda count: count + 10

    monkeypatch.setattr("pseahub.insights.noise.laplace_mechanism", mechanism)
    return epsilons


def _report(client, capture, kind: str = "donor", formats=("pdf", "xlsx"), language: str = "en"):
    return asked(ask(client, capture, kind=kind, language=language, formats=list(formats), **QUARTER))


def _table(sheet) -> dict[str, list]:
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    return {row[0]: list(row[1:]) for row in rows if row[0] and not str(row[0]).startswith("Withheld")}


def _notes(workbook) -> str:
    return " ".join(str(value) for row in workbook["Notes"].iter_rows(values_only=True) for value in row if value)


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_a_donor_report_adds_the_noise_and_states_it(
    personas, records, client_for, django_capture_on_commit_callbacks, tmp_path, plus_ten
):
    _noise(1.0)
    report = _report(client_for(personas.coordinator), django_capture_on_commit_callbacks)

    assert report.filters == {"noise_epsilon": 1.0}
    # One mechanism per table of the donor report: its seven own tables and the four of members' own figures.
    assert plus_ten == [1.0] * 11
    assert report.data_source["noise"]["epsilon"] == 1.0
    assert report.data_source["noise"]["mechanism"] == "discrete_laplace"
    requested = AuditEvent.objects.get(action=Action.REPORT_REQUESTED, target_id=str(report.public_id))
    assert requested.data["filters"] == {"noise_epsilon": 1.0}

    workbook = sheets(file_of(report, ReportFormat.XLSX))
    # True: January 1, February 2, March 2. Each plus 10, the total the sum of the noisy months; none under 5.
    assert _table(workbook["1. By month"]) == {
        "January 2026": [11], "February 2026": [12], "March 2026": [12], "Total": [35],
    }  # fmt: skip
    # True: woman, girl, boy and unknown 1 each, man 0, one survivor without consent; each plus 10.
    victims = workbook["6. By victim type"]
    assert _table(victims) == {
        "Woman": [11], "Girl (under 18)": [11], "Man": [10], "Boy (under 18)": [11], "Unknown": [11], "Total": [54],
    }  # fmt: skip
    assert victims["A3"].value == "11 survivors left out: no statistics consent recorded."
    notes = _notes(workbook)
    assert STATED in notes and "Calibrated noise (OpenDP, discrete Laplace), ε = 1.0" in notes
    assert "No noise is added" not in notes

    text = _plain(pdf_text(file_of(report, ReportFormat.PDF), tmp_path))
    assert STATED in text and "Figures may differ from the network's own by a few." in text
    assert "Noise Calibrated noise (OpenDP, discrete Laplace), ε = 1.0" in text
    assert "No noise is added" not in text

    page = client_for(personas.coordinator).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert STATED in _plain(page)


def test_with_opendp_the_report_states_the_noise_and_adds_up(
    personas, records, client_for, django_capture_on_commit_callbacks
):
    _noise(0.5)
    report = _report(client_for(personas.analyst), django_capture_on_commit_callbacks, formats=["xlsx"])

    assert report.data_source["noise"]["library"] == "opendp 0.16.0"
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    assert "ε = 0.5" in _notes(workbook)
    months = _table(workbook["1. By month"])
    assert list(months) == ["January 2026", "February 2026", "March 2026", "Total"]
    # Whatever the noise, what is shown is a whole number of at least k (5) or 0, or withheld.
    assert all(value is None or value == 0 or value >= 5 for (value,) in months.values())


def test_the_noise_is_stated_in_the_language_of_the_report(
    personas, records, client_for, django_capture_on_commit_callbacks, plus_ten
):
    _noise(2.5)
    report = _report(client_for(personas.analyst), django_capture_on_commit_callbacks, formats=["xlsx"], language="fr")

    notes = _notes(sheets(file_of(report, ReportFormat.XLSX)))
    assert "ε = 2,5" in notes  # the French decimal comma


def test_without_the_option_nothing_is_stated_and_the_counts_are_exact(
    personas, records, client_for, django_capture_on_commit_callbacks, tmp_path, plus_ten
):
    NetworkSettings.objects.update_or_create(pk=1, defaults={"small_cell_k": 2})
    report = _report(client_for(personas.coordinator), django_capture_on_commit_callbacks)

    assert report.filters == {} and "noise" not in report.data_source and plus_ten == []
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    # The exact counts, as test_report_xlsx computes them by hand.
    assert _table(workbook["1. By month"]) == {
        "January 2026": [None], "February 2026": [None], "March 2026": [2], "Total": [5],
    }  # fmt: skip
    notes = _notes(workbook)
    assert "Calibrated noise" not in notes and "No noise is added to the counts shown." in notes
    text = _plain(pdf_text(file_of(report, ReportFormat.PDF), tmp_path))
    assert "Calibrated noise" not in text and "No noise is added to the counts shown." in text
    page = client_for(personas.coordinator).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert 'id="noise"' not in page and "Calibrated noise" not in page


def test_the_leadership_report_never_gets_noise(
    personas, records, client_for, django_capture_on_commit_callbacks, tmp_path, plus_ten
):
    NetworkSettings.objects.update_or_create(pk=1, defaults={"small_cell_k": 2, "outside_noise_epsilon": 1.0})
    report = _report(client_for(personas.leadership), django_capture_on_commit_callbacks, kind="leadership")

    assert report.filters == {} and "noise" not in report.data_source and plus_ten == []
    assert reports.noise_epsilon(report) is None
    workbook = sheets(file_of(report, ReportFormat.XLSX))
    assert _table(workbook["2. By month"]) == {
        "January 2026": [None], "February 2026": [None], "March 2026": [2], "Total": [5],
    }  # fmt: skip
    assert "Calibrated noise" not in _notes(workbook)
    assert "Calibrated noise" not in pdf_text(file_of(report, ReportFormat.PDF), tmp_path)


def test_the_hq_return_never_gets_noise(personas, records, client_for, django_capture_on_commit_callbacks, plus_ten):
    _noise(1.0)
    report = asked(
        ask(
            client_for(personas.coordinator), django_capture_on_commit_callbacks, form="hq", quarter="2026-01-01",
            language="en", formats=["xlsx"],
        )
    )  # fmt: skip

    assert report.filters == {} and "noise" not in report.data_source and plus_ten == []
    assert "Calibrated noise" not in _notes(sheets(file_of(report, ReportFormat.XLSX)))


def test_the_noise_is_the_one_set_when_the_report_was_asked_for(
    personas, records, client_for, django_capture_on_commit_callbacks, plus_ten
):
    _noise(1.0)
    report = _report(client_for(personas.coordinator), django_capture_on_commit_callbacks, formats=["xlsx"])
    _noise(None)  # turned off later: the report made with noise still says so

    page = client_for(personas.coordinator).get(f"/insights/reports/{report.public_id}/").content.decode()
    assert STATED in _plain(page)
    assert reports.noise_epsilon(report) == 1.0


def test_the_reports_page_says_donor_reports_get_noise_only_while_the_option_is_set(personas, client_for):
    client = client_for(personas.coordinator)
    assert 'id="donor-noise"' not in client.get("/insights/reports/").content.decode()

    _noise(1.0)

    page = _plain(client.get("/insights/reports/").content.decode())
    assert "The network adds calibrated noise to the counts of donor reports (ε = 1.0)" in page
