"""What a reporter sends and gets back on the public pages."""

from __future__ import annotations

import re
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from pseahub.cases.tests.helpers import receipt_on_page

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x11" * 200
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def report_data(**overrides: Any) -> dict[str, Any]:
    """The public form as a browser without JavaScript sends it: the radio defaults are checked."""
    data: dict[str, Any] = {
        "narrative": "A man from the distribution asked for sex in exchange for food.",
        "complainant_type": "anonymous",
        "survivor_sex": "unknown",
        "disability": "unknown",
        "contact_method": "none",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


def form_token(client: Client, url: str = "/report", **extra: Any) -> str:
    """The one-time token of a fresh form, as a browser gets it by opening the page."""
    match = TOKEN_RE.search(client.get(url, **extra).content.decode())
    assert match, "the form has no one-time token"
    return match.group(1)


def post_form(client: Client, url: str, data: dict[str, Any], *, follow: bool = True, **extra: Any) -> Any:
    """Open the form and send it with its token, following the redirect to the receipt (as a browser does)."""
    return client.post(url, {**data, "form_token": form_token(client, url, **extra)}, follow=follow, **extra)


def post_report(client: Client, data: dict[str, Any], **extra: Any) -> Any:
    return post_form(client, "/report", data, **extra)


def file_report(client: Client, **overrides: Any) -> str:
    """Send the public form and return the receipt shown."""
    response = post_report(client, report_data(**overrides))
    assert response.status_code == 200, response.content.decode()[:3000]
    return receipt_on_page(response)


def follow(client: Client, receipt: str) -> Any:
    return client.post("/report/follow", {"receipt": receipt}, follow=True)


CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf(content: bytes) -> str:
    """A page without its per-response CSRF token, to compare two answers."""
    return CSRF_RE.sub("", content.decode())
