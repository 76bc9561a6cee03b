"""The network's coordination pages. Documents: readers list and download them; the coordinator and co-chairs
add documents and versions and choose the version in force. Public documents' versions in force are read by
anyone."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import User
from pseahub.core.decorators import role_required
from pseahub.core.forms import service_errors_add

from .access import NETWORK_EDITORS, NETWORK_READERS, edits_network
from .documents import (
    Upload,
    document_create,
    document_get_for,
    document_list,
    public_version_get,
    version_download,
    version_get_for,
    version_put_in_force,
    version_upload,
)
from .forms import DocumentForm, VersionForm
from .models import DocumentVersion
from .summary import network_summary


def _file_response(version: DocumentVersion) -> HttpResponse:
    response = HttpResponse(bytes(version.content), content_type=version.content_type)
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in version.filename) or "document"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(*NETWORK_READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The network's workspace: its documents, meetings, risk assessment and action plan, by role, and what
    needs doing (the co-chairs' landing page)."""
    user = cast(User, request.user)
    return render(request, "planning/home.html", {"edits": edits_network(user), "summary": network_summary(user)})


@role_required(*NETWORK_READERS)
@require_safe
def document_list_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    documents = list(document_list(user))
    for document in documents:
        document.in_force = [v for v in document.versions.all() if v.in_force]  # type: ignore[attr-defined]
    return render(request, "planning/document_list.html", {"documents": documents, "edits": edits_network(user)})


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = document_create(actor=cast(User, request.user), **form.cleaned_data)
        messages.success(request, _("The document was added. Upload its first version."))
        return redirect("planning:document", public_id=document.public_id)
    return render(request, "planning/document_new.html", {"form": form}, status=400 if form.errors else 200)


def _detail(request: HttpRequest, public_id: uuid.UUID, form: VersionForm, status: int = 200) -> HttpResponse:
    user = cast(User, request.user)
    document = document_get_for(user, public_id)
    versions = sorted(document.versions.all(), key=lambda v: (v.language, not v.in_force, -v.created_at.timestamp()))
    return render(
        request,
        "planning/document_detail.html",
        {"document": document, "versions": versions, "edits": edits_network(user), "form": form},
        status=status,
    )


@role_required(*NETWORK_READERS)
@require_safe
def document_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _detail(request, public_id, VersionForm())


@role_required(*NETWORK_EDITORS)
@require_POST
def version_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    document = document_get_for(user, public_id)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            version_upload(
                actor=user, document=document, language=data["language"], label=data["label"],
                upload=Upload(filename=upload.name or "", content=upload.read()), in_force=data["in_force"],
                note=data["note"],
            )  # fmt: skip
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The version was uploaded."))
            return redirect("planning:document", public_id=document.public_id)
    return _detail(request, public_id, form, status=400)


@role_required(*NETWORK_READERS)
@require_POST
def version_download_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    version = version_download(actor=user, version=version_get_for(user, public_id))
    response = _file_response(version)
    response["Cache-Control"] = "no-store"
    return response


@role_required(*NETWORK_EDITORS)
@require_POST
def version_in_force(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = cast(User, request.user)
    version = version_put_in_force(actor=user, version=version_get_for(user, public_id))
    messages.success(request, _("This version is now in force."))
    return redirect("planning:document", public_id=version.document.public_id)


@require_safe
def public_document(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A public document's version in force, for anyone (linked from the public directory)."""
    return _file_response(public_version_get(public_id))
