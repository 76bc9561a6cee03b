"""The network's documents (TORs, SOPs, endorsed plans): versions per language, the one in force, downloads.

Writes are audited in their transaction with ids, kinds and digests only (never a title or file name). Files
are kept in the database, checked for what they claim to be (PDF, or an Office / OpenDocument file) and limited
in size.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record

from .access import edits_network, reads_network
from .models import DocumentKind, DocumentVersion, NetworkDocument

MAX_BYTES = 10 * 1024 * 1024

#: Accepted files by extension: their content type, and how their content must start.
FILE_TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
}


# --- reads -------------------------------------------------------------------------------------------------------


def _with_versions(documents: QuerySet[NetworkDocument]) -> QuerySet[NetworkDocument]:
    versions = DocumentVersion.objects.defer("content").select_related("uploaded_by")
    return documents.prefetch_related(Prefetch("versions", queryset=versions))


def document_list(user: User) -> QuerySet[NetworkDocument]:
    """Every document for those who read the network's work; nothing for anyone else."""
    if not reads_network(user):
        return NetworkDocument.objects.none()
    return _with_versions(NetworkDocument.objects.all())


def document_get_for(user: User, public_id: uuid.UUID) -> NetworkDocument:
    document = document_list(user).filter(public_id=public_id).first()
    if document is None:
        raise Http404
    return document


def version_get_for(user: User, public_id: uuid.UUID) -> DocumentVersion:
    if not reads_network(user):
        raise Http404
    version = DocumentVersion.objects.select_related("document").filter(public_id=public_id).first()
    if version is None:
        raise Http404
    return version


def public_versions() -> QuerySet[DocumentVersion]:
    """What anyone may read: the versions in force of public documents (for the public directory)."""
    return (
        DocumentVersion.objects.defer("content")
        .filter(in_force=True, document__is_public=True)
        .select_related("document")
        .order_by("document__kind", "document__title", "language")
    )


def public_version_get(public_id: uuid.UUID) -> DocumentVersion:
    version = DocumentVersion.objects.filter(in_force=True, document__is_public=True, public_id=public_id).first()
    if version is None:
        raise Http404
    return version


# --- writes ------------------------------------------------------------------------------------------------------


def _editor_check(actor: User) -> None:
    if not edits_network(actor):
        raise PermissionError("Only the coordinator and the co-chairs keep the network's documents.")


@transaction.atomic
def document_create(
    *, actor: User, kind: DocumentKind | str, title: str, description: str = "", is_public: bool = False
) -> NetworkDocument:
    _editor_check(actor)
    document = NetworkDocument(kind=kind, title=title.strip(), description=description.strip(), is_public=is_public)
    document.full_clean()
    document.save()
    record(
        actor=actor, action=Action.DOCUMENT_CREATED, target=document, data={"kind": document.kind, "public": is_public}
    )
    return document


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def _checked(upload: Upload) -> tuple[str, str]:
    """The file's clean name and content type, or a ValidationError on ``file`` saying what is wrong."""
    name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FILE_TYPES:
        raise ValidationError(
            {"file": _("Upload a PDF, Word, Excel or OpenDocument file (.pdf, .docx, .xlsx, .odt, .ods).")}
        )
    if not upload.content:
        raise ValidationError({"file": _("The file is empty.")})
    if len(upload.content) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    content_type, magic = FILE_TYPES[extension]
    if not upload.content.startswith(magic):
        raise ValidationError(
            {"file": _("The file's content is not what its name says (.%(extension)s).") % {"extension": extension}}
        )
    return name, content_type


@transaction.atomic
def version_upload(
    *, actor: User, document: NetworkDocument, language: str, label: str, upload: Upload, in_force: bool, note: str = ""
) -> DocumentVersion:
    """Add a version in one language; ``in_force`` puts it in force in place of that language's current one.
    The same file uploaded again for the same document and language is refused (nothing is stored twice)."""
    _editor_check(actor)
    name, content_type = _checked(upload)
    digest = hashlib.sha256(upload.content).hexdigest()
    if document.versions.filter(language=language, sha256=digest).exists():
        raise ValidationError({"file": _("This file is already a version of this document in this language.")})
    if in_force:
        document.versions.filter(language=language, in_force=True).update(in_force=False)
    version = DocumentVersion(
        document=document, language=language, label=label.strip(), filename=name, content_type=content_type,
        content=upload.content, size=len(upload.content), sha256=digest, in_force=in_force, uploaded_by=actor,
        note=note.strip(),
    )  # fmt: skip
    version.full_clean()
    version.save()
    record(
        actor=actor,
        action=Action.DOCUMENT_VERSION_UPLOADED,
        target=version,
        data={"document": str(document.public_id), "language": language, "in_force": in_force, "sha256": digest},
    )
    return version


@transaction.atomic
def version_put_in_force(*, actor: User, version: DocumentVersion) -> DocumentVersion:
    """Put an earlier (or later) version back in force in its language; the current one is kept, not in force."""
    _editor_check(actor)
    if version.in_force:
        return version
    DocumentVersion.objects.filter(document=version.document, language=version.language, in_force=True).update(
        in_force=False
    )
    version.in_force = True
    version.save(update_fields=["in_force", "updated_at"])
    record(
        actor=actor,
        action=Action.DOCUMENT_VERSION_IN_FORCE,
        target=version,
        data={"document": str(version.document.public_id), "language": version.language},
    )
    return version


@transaction.atomic
def version_download(*, actor: User, version: DocumentVersion) -> DocumentVersion:
    """A network-only version's content for a reader, the download audited."""
    if not reads_network(actor):
        raise PermissionError("Only the network's members read its documents.")
    record(
        actor=actor,
        action=Action.DOCUMENT_DOWNLOADED,
        target=version,
        data={"document": str(version.document.public_id), "sha256": version.sha256},
    )
    return DocumentVersion.objects.get(pk=version.pk)
