"""Helpers of the reports' tests: ask for a report as a person does (the task runs at once in tests), open its
files, and look at a PDF's first page."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.test import Client
from openpyxl import load_workbook
from PIL import Image

from pseahub.insights.models import Report, ReportFile


def ask(client: Client, capture: Any, **fields: Any) -> Any:
    """POST the periodic/donor form (``form="hq"`` for the HQ return's), running the queued task on commit."""
    which = fields.pop("form", "report")
    data = {"form": which, **{f"{which}-{key}": value for key, value in fields.items()}}
    with capture(execute=True):
        return client.post("/insights/reports/new/", data)


def asked(response: Any) -> Report:
    assert response.status_code == 302, response.content.decode()[:3000]
    return Report.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def file_of(report: Report, fmt: str) -> bytes:
    return bytes(ReportFile.objects.get(report=report, format=fmt).content)


def sheets(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    assert found, "pdftoppm is missing: install Debian's poppler-utils"
    return found


def first_page(pdf: bytes, tmp_path: Path) -> Image.Image:
    """The PDF's first page as an image (poppler's pdftoppm, 50 dpi)."""
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - our own file, a fixed command
        [pdftoppm(), "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    return Image.open(tmp_path / "page.png").convert("L")


def ink(image: Image.Image) -> float:
    """The share of the page's pixels that are not white."""
    histogram = image.histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)


def pdf_fonts(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "fonts.pdf"
    source.write_bytes(pdf)
    pdffonts = shutil.which("pdffonts")
    assert pdffonts, "pdffonts is missing: install Debian's poppler-utils"
    return subprocess.run([pdffonts, str(source)], check=True, capture_output=True, text=True, timeout=60).stdout  # noqa: S603


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    source = tmp_path / "text.pdf"
    source.write_bytes(pdf)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: install Debian's poppler-utils"
    return subprocess.run(  # noqa: S603
        [pdftotext, "-layout", str(source), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
