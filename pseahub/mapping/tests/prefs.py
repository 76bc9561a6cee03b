"""Helpers of the community preferences tests: a consultation and the consultation form's POST data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from pseahub.mapping.models import CommunityConsultation, ConsultationMethod
from pseahub.mapping.preferences import PreferenceRow, consultation_create


def consultation(area, organisation=None, *, number=20, rows=(("female", "adults", "all", "help_desk", 12),)):
    return consultation_create(
        actor=None,
        date=timezone.localdate() - dt.timedelta(days=30),
        area=area,
        method=ConsultationMethod.FOCUS_GROUP,
        number_consulted=number,
        organisation=organisation,
        preferences=[PreferenceRow(*row) for row in rows],
    )


def consultation_post(area, organisation=None, *, lines=(), initial=0, **overrides: Any) -> dict[str, Any]:
    """The consultation form's POST: ``lines`` are (sex, age, disability, channel, respondents[, delete])."""
    data: dict[str, Any] = {
        "date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "area": area.pk,
        "method": ConsultationMethod.FOCUS_GROUP,
        "number_consulted": "20",
        "organisation": organisation.pk if organisation else "",
        "notes": "",
        "preferences-TOTAL_FORMS": str(max(len(lines), 1)),
        "preferences-INITIAL_FORMS": str(initial),
        "preferences-MIN_NUM_FORMS": "0",
        "preferences-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        sex, age, disability, channel, respondents, *delete = line
        data.update(
            {
                f"preferences-{index}-sex": sex,
                f"preferences-{index}-age_group": age,
                f"preferences-{index}-disability": disability,
                f"preferences-{index}-channel_type": channel,
                f"preferences-{index}-respondents": str(respondents),
            }
        )
        if delete:
            data[f"preferences-{index}-DELETE"] = "on"
    if not lines:
        data.update({"preferences-0-sex": "all", "preferences-0-age_group": "all", "preferences-0-disability": "all"})
    return {**data, **overrides}


def lines_of(item: CommunityConsultation) -> set[tuple]:
    return {(p.sex, p.age_group, p.disability, p.channel_type, p.respondents) for p in item.preferences.all()}
