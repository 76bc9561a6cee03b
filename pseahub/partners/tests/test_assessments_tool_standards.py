"""A network's own tool gains or loses standards while no assessment uses it: the coordinator adds one (the same form
twice adds it once), removes one (those after it move up), and the tool stops being offered until its score
bands cover the new range of sums; once used, or for a shipped tool, the standards stay as they are."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners import assessments as svc
from pseahub.partners.models import CapacityTool

from .assessments_helpers import answer, common, start, unicef

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(personas) -> CapacityTool:
    copy = svc.tool_copy(actor=personas.coordinator, tool=common(), code="mali", name="Outil Mali", version="2026")
    copy.is_active = True
    copy.save()
    return copy


def _add(tool) -> str:
    return reverse("partners:assessment_standard_add", args=[tool.public_id])


def _remove(tool, standard) -> str:
    return reverse("partners:assessment_standard_remove", args=[tool.public_id, standard.pk])


def _edit(tool) -> str:
    return reverse("partners:assessment_tool_edit", args=[tool.public_id])


def test_adding_a_standard_withdraws_the_tool_until_its_bands_cover_the_new_sums(personas, client_for, own):
    client = client_for(personas.coordinator)
    assert "With 8 standards, a sum goes from 0 to 8." in client.get(_edit(own)).content.decode()
    data = {"standard-name": "Mécanisme communautaire de plaintes", "standard-guidance": "Accessible et sûr"}

    response = client.post(_add(own), data, follow=True)
    again = client.post(_add(own), data)  # the same form sent twice

    assert response.redirect_chain == [(_edit(own), 302)]
    assert "Set the score bands for sums from 0 to 9" in response.content.decode()
    assert again.status_code == 400 and "has a standard of this name" in again.content.decode()
    standards = list(own.standards.order_by("order"))
    assert len(standards) == 9 and standards[-1].order == 9 and standards[-1].code == "standard-9"
    assert standards[-1].name == "Mécanisme communautaire de plaintes"
    own.refresh_from_db()
    assert not own.is_active  # bands for 0 to 8, sums now 0 to 9
    page = client.get(_edit(own)).content.decode()
    assert "With 9 standards, a sum goes from 0 to 9." in page
    event = AuditEvent.objects.filter(action=Action.CAPACITY_TOOL_UPDATED).latest("pk")
    assert event.data == {"code": "mali", "standard_added": "standard-9"}
    # Bands set for 0 to 9 make it offered again.
    svc.tool_update(
        actor=personas.coordinator, tool=own, name=own.name, version=own.version, is_active=True, standards={},
        thresholds=[(0, 6, "low"), (7, 8, "medium"), (9, 9, "full")],
    )  # fmt: skip
    own.refresh_from_db()
    assert own.is_active and svc.tool_bands_cover(own)


def test_removing_a_standard_moves_the_later_ones_up(personas, client_for, own):
    second = own.standards.get(order=2)
    client = client_for(personas.co_chair)

    response = client.post(_remove(own, second))
    again = client.post(_remove(own, second), follow=True)

    assert response["Location"] == _edit(own)
    assert "This standard was removed already." in again.content.decode()
    assert list(own.standards.order_by("order").values_list("order", flat=True)) == list(range(1, 8))
    assert not own.standards.filter(pk=second.pk).exists()
    own.refresh_from_db()
    assert not own.is_active


def test_once_an_assessment_uses_the_tool_its_standards_stay(personas, client_for, own):
    assessment = start(personas, tool=own)
    answer(assessment, personas.focal_point_a, [1] * 8)
    client = client_for(personas.coordinator)
    page = client.get(_edit(own)).content.decode()
    assert "its standards stay as they are" in page and _add(own) not in page
    first = own.standards.get(order=1)
    response = client.post(_remove(own, first), follow=True)
    assert "Standards change only before a tool is used" in response.content.decode()
    assert own.standards.count() == 8
    with pytest.raises(ValidationError):
        svc.standard_add(actor=personas.coordinator, tool=own, name="Nouveau")


def test_a_shipped_tool_has_no_standard_to_add_or_remove(personas, client_for):
    client = client_for(personas.coordinator)
    tool = unicef()
    assert client.post(_add(tool), {"standard-name": "Nouveau"}).status_code == 404
    assert client.post(_remove(tool, tool.standards.first())).status_code == 404
    assert tool.standards.count() == 6


def test_the_last_standard_is_kept(personas, own):
    for standard in list(own.standards.order_by("order"))[:-1]:
        svc.standard_remove(actor=personas.coordinator, tool=own, standard_id=standard.pk)
    with pytest.raises(ValidationError, match="at least one standard"):
        svc.standard_remove(actor=personas.coordinator, tool=own, standard_id=own.standards.get().pk)


def test_a_focal_point_changes_no_standard(personas, client_for, own):
    client = client_for(personas.focal_point_a)
    assert client.post(_add(own), {"standard-name": "Nouveau"}).status_code == 403
    assert client.post(_remove(own, own.standards.first())).status_code == 403
    assert own.standards.count() == 8
