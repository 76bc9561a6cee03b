"""What reporters may attach, decided by the file's content (its first bytes), never by its name."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from pseahub.cases.services import AttachmentInput
from pseahub.core.exceptions import ApplicationError


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def sniff(head: bytes) -> Kind | None:
    """The kind of file by its signature, or None for anything not allowed."""
    if head.startswith(b"\xff\xd8\xff"):
        return Kind("image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind("image/png", "png")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind("image/webp", "webp")
    if head.startswith(b"%PDF-"):
        return Kind("application/pdf", "pdf")
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return Kind("audio/mpeg", "mp3")
    if head.startswith(b"OggS"):
        return Kind("audio/ogg", "ogg")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Kind("audio/wav", "wav")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B "):
            return Kind("audio/mp4", "m4a")
        return Kind("video/mp4", "mp4")
    return None


def attachments_from_upload(files: list[UploadedFile], *, oversize: list[str]) -> list[AttachmentInput]:
    """Check every uploaded file and return them ready for sealing; one bad file refuses them all."""
    limit = settings.INTAKE_MAX_ATTACHMENT_BYTES
    if oversize:
        raise ApplicationError(
            _("A file is larger than %(mb)d MB. Nothing was sent; attach smaller files.") % {"mb": limit // 2**20}
        )
    if len(files) > settings.INTAKE_MAX_ATTACHMENTS:
        raise ApplicationError(_("You can attach at most %(n)d files.") % {"n": settings.INTAKE_MAX_ATTACHMENTS})
    result = []
    for upload in files:
        content = upload.read()
        if len(content) > limit:
            raise ApplicationError(
                _("A file is larger than %(mb)d MB. Nothing was sent; attach smaller files.") % {"mb": limit // 2**20}
            )
        if not content:
            raise ApplicationError(_("One of the files is empty."))
        kind = sniff(content[:16])
        if kind is None:
            raise ApplicationError(
                _("One of the files is not a photo, PDF, audio or video file. Nothing was sent; remove it and retry.")
            )
        # The name the reporter gave is kept (sealed) only as a label; the extension follows the content.
        stem = (upload.name or "file").rsplit(".", 1)[0][:80] or "file"
        result.append(
            AttachmentInput(content=content, filename=f"{stem}.{kind.extension}", content_type=kind.content_type)
        )
    return result
