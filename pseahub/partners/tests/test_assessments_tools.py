"""A network's own tool: a copy of a shipped one, its standards and thresholds edited; bands must cover every
sum without gaps; the shipped tools are never edited."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.partners import assessments as svc

from .assessments_helpers import common, unicef

pytestmark = pytest.mark.django_db


def test_copy_then_edit_and_rate_by_the_new_bands(personas, client_for):
    copy = svc.tool_copy(actor=personas.coordinator, tool=common(), code="mali", name="Outil Mali", version="2026")
    assert copy.standards.count() == 8 and copy.thresholds.count() == 3 and not copy.is_builtin
    standard = copy.standards.first()
    data = {
        "name": "Outil Mali", "version": "2026b", "is_active": "on",
        **{f"name_{s.pk}": s.name for s in copy.standards.all()},
        **{f"guidance_{s.pk}": "" for s in copy.standards.all()},
        f"name_{standard.pk}": "Politique PSEA",
        "min_low": "0", "max_low": "6", "min_medium": "7", "max_medium": "7", "min_full": "8", "max_full": "8",
    }  # fmt: skip
    response = client_for(personas.coordinator).post(
        reverse("partners:assessment_tool_edit", args=[copy.public_id]), data
    )
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.name == "Politique PSEA"
    scores = dict.fromkeys(copy.standards.values_list("pk", flat=True), 1)
    scores[standard.pk] = 0
    scores[copy.standards.last().pk] = 0
    assert svc.rating_compute(copy, scores) == (6, "low")  # 6/8 is medium in the shipped tool, low in this one


def test_bands_with_a_gap_are_refused(personas, client_for):
    copy = svc.tool_copy(actor=personas.co_chair, tool=unicef(), code="gap", name="Gap", version="")
    with pytest.raises(ValidationError):
        svc.tool_update(
            actor=personas.co_chair, tool=copy, name="Gap", version="", is_active=True, standards={},
            thresholds=[(6, 8, "low"), (10, 18, "full")],
        )  # fmt: skip
    data = {
        "name": "Gap", **{f"name_{s.pk}": s.name for s in copy.standards.all()},
        "min_low": "6", "max_low": "8", "min_full": "10", "max_full": "18",
    }  # fmt: skip
    response = client_for(personas.co_chair).post(reverse("partners:assessment_tool_edit", args=[copy.public_id]), data)
    assert response.status_code == 400 and "without gaps" in response.content.decode()


def test_shipped_tools_are_not_edited(personas):
    with pytest.raises(ValidationError):
        svc.tool_update(
            actor=personas.coordinator, tool=unicef(), name="x", version="", is_active=True, standards={},
            thresholds=[(6, 18, "low")],
        )  # fmt: skip
