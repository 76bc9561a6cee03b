"""A member's remarks on its risk scores: typed under the grid, kept with its contribution (one text whatever part is
posted), shown to the coordinator and co-chairs beside who contributed, never to the other members; too long is a
400 that keeps the scores page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.planning.models import RoundStatus

from .risk_helpers import make_round

pytestmark = pytest.mark.django_db

REMARKS = "Scores from our Gao field team; we do not work in Beta Region."


def test_remarks_typed_under_the_grid_reach_the_coordinator_only(personas, client_for):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN)
    url = reverse("planning:risk_contribution", args=[assessment.public_id])
    member = client_for(personas.focal_point_a)
    assert 'name="notes"' in member.get(f"{url}?part=matrix-shelter").content.decode()

    response = member.post(url, {"part": "matrix-shelter", "notes": f"  {REMARKS}  "})

    assert response.status_code == 302
    assert assessment.contributions.get().notes == REMARKS
    assert REMARKS in member.get(f"{url}?part=matrix-food-cash").content.decode()  # one text, every part
    round_url = reverse("planning:risk_round", args=[assessment.public_id])
    assert REMARKS in client_for(personas.co_chair).get(round_url).content.decode()
    assert REMARKS not in client_for(personas.focal_point_b).get(round_url).content.decode()


def test_remarks_too_long_are_refused_and_the_earlier_ones_kept(personas, client_for):
    assessment = make_round(personas.coordinator, status=RoundStatus.OPEN)
    url = reverse("planning:risk_contribution", args=[assessment.public_id])
    member = client_for(personas.focal_point_a)
    member.post(url, {"part": "matrix-shelter", "notes": REMARKS})
    response = member.post(url, {"part": "matrix-shelter", "notes": "x" * 2001})
    assert response.status_code == 400 and "Keep the remarks under 2000 characters." in response.content.decode()
    assert assessment.contributions.get().notes == REMARKS
