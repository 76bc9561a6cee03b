"""Object-level access to imports: coordinators only; a missing run and a forbidden one both raise Http404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from pseahub.accounts.models import Role

from .models import ImportRun


def import_run_get_for(actor: Any, public_id: UUID) -> ImportRun:
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.COORDINATOR):
        raise Http404
    run = ImportRun.objects.select_related("keyring", "upload", "created_by").filter(public_id=public_id).first()
    if run is None:
        raise Http404
    return run
