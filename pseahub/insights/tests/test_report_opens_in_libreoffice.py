"""Each kind of report's spreadsheet, in each language, opens in LibreOffice: converted headless, every sheet
comes out (the notes, then one per table) with the report's title first and the figures openpyxl wrote. Skipped
where LibreOffice is not installed (Debian's libreoffice-calc-nogui), as the tracker export's check is."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from pseahub.insights.models import Report, ReportFormat, ReportKind

from .helpers import ask, asked, file_of, sheets
from .report_records import quarter_records

pytestmark = pytest.mark.django_db

# Every sheet to its own CSV file (UTF-8, comma, double quote; the last token -1: all sheets, LibreOffice ≥ 7.2).
EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.fixture
def office() -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (no `libreoffice` or `soffice` on PATH): opening not checked")
    return found


def _made(client, capture, kind: str, language: str) -> Report:
    if kind == ReportKind.HQ_QUARTERLY:
        return asked(ask(client, capture, form="hq", quarter="2026-01-01", language=language, formats=["xlsx"]))
    return asked(
        ask(client, capture, kind=kind, start="2026-01-01", end="2026-03-31", language=language, formats=["xlsx"])
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("kind", ReportKind.values)
def test_the_spreadsheet_opens_in_libreoffice(
    office, personas, client_for, django_capture_on_commit_callbacks, tmp_path: Path, kind, language
):
    quarter_records(personas)
    report = _made(client_for(personas.analyst), django_capture_on_commit_callbacks, kind, language)
    content = file_of(report, ReportFormat.XLSX)
    source = tmp_path / "report.xlsx"
    source.write_bytes(content)
    result = subprocess.run(  # noqa: S603 - fixed arguments, a path found on PATH
        [
            office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
            EVERY_SHEET, "--outdir", str(tmp_path / "out"), str(source),
        ],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode(errors="replace")

    workbook = sheets(content)
    converted = sorted((tmp_path / "out").glob("*.csv"))
    assert len(converted) == len(workbook.sheetnames), [path.name for path in converted]
    by_sheet = {path.name.removeprefix("report-").removesuffix(".csv"): path for path in converted}
    notes = list(csv.reader(by_sheet[workbook.sheetnames[0]].open(encoding="utf-8")))
    assert notes[0][0] == workbook.worksheets[0]["A1"].value  # the report's title, in its language
    table = workbook.worksheets[1]
    opened = list(csv.reader(by_sheet[workbook.sheetnames[1]].open(encoding="utf-8")))
    written = [["" if value is None else str(value) for value in row] for row in table.iter_rows(values_only=True)]
    # The same figures in the same cells (LibreOffice drops trailing empty cells of a row; compare the filled ones).
    assert [[value for value in row if value] for row in opened] == [
        [value for value in row if value] for row in written
    ]
