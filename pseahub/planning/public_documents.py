"""The network's public documents (their versions in force) for the public directory (``core.discovery``)."""

from __future__ import annotations

from django.urls import reverse

from pseahub.core.discovery import PublicDocument

from .documents import public_versions
from .models import LANGUAGES, DocumentKind

_LANGUAGE_NAMES = dict(LANGUAGES)


def public_documents() -> list[PublicDocument]:
    return [
        PublicDocument(
            title=version.document.title,
            kind=str(DocumentKind(version.document.kind).label),
            language=_LANGUAGE_NAMES.get(version.language, version.language),
            language_code=version.language,
            url=reverse("planning:public_document", args=[version.public_id]),
        )
        for version in public_versions()
    ]
