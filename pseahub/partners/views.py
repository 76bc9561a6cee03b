"""The partners app's page: its parts, as the user may reach them."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pseahub.accounts.models import User
from pseahub.core.decorators import role_required

from .access import PARTNERS_READERS, edits_partners


@role_required(*PARTNERS_READERS)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Partner assessments, trainings, campaigns, the annual survey, stakeholders and funding."""
    return render(request, "partners/home.html", {"edits": edits_partners(cast(User, request.user))})
