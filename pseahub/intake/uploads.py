"""An upload handler that keeps files in memory only: they are sealed before anything is stored, so no
plaintext upload ever reaches a temporary file on disk. Files over the size cap are dropped while
streaming and named on ``request.intake_oversize`` so the form can refuse them with a clear message."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class SealedMemoryUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer: BytesIO | None = BytesIO()
        self.size = 0
        count = getattr(self.request, "intake_file_count", 0) + 1
        self.request.intake_file_count = count  # type: ignore[union-attr]
        if not hasattr(self.request, "intake_oversize"):
            self.request.intake_oversize = []  # type: ignore[union-attr]
        # Past the allowed number of files, stop buffering: the form will refuse the request anyway.
        if count > settings.INTAKE_MAX_ATTACHMENTS + 1:
            self.buffer = None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.size += len(raw_data)
        if self.buffer is None:
            return None
        if self.size > settings.INTAKE_MAX_ATTACHMENT_BYTES:
            self.buffer = None
            self.request.intake_oversize.append(self.file_name)  # type: ignore[union-attr]
            return None
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        if self.buffer is None:
            return None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
