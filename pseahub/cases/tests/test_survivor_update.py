"""survivor_update: the clear profile, the sealed name and contact, and the complaint's child flag."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.models import Survivor, Vocabulary
from pseahub.cases.services import survivor_update

from .helpers import events_on, file_complaint, opened, term


def _update(actor, survivor, **overrides):
    arguments = {
        "sex": "female",
        "age_group": term(Vocabulary.AGE_GROUP, "18-25"),
        "disability": "no",
        "displacement": term(Vocabulary.DISPLACEMENT, "idp"),
        "is_child": False,
    }
    arguments.update(overrides)
    return survivor_update(actor=actor, survivor=survivor, **arguments)


@pytest.mark.django_db
def test_it_sets_the_clear_profile_and_audits_codes_only(personas):
    complaint = file_complaint()
    survivor = Survivor.objects.get(complaint=complaint)

    _update(personas.coordinator, survivor, name="Amina-Kestrel-404", contact="+223 76 12 34 56")

    survivor.refresh_from_db()
    assert (survivor.sex, survivor.age_group.code, survivor.disability) == ("female", "18-25", "no")
    assert survivor.displacement.code == "idp"
    assert not survivor.is_child
    assert b"Amina-Kestrel" not in bytes(survivor.sealed)
    assert opened(personas.coordinator, complaint, survivor) == {
        "name": "Amina-Kestrel-404",
        "contact": "+223 76 12 34 56",
    }
    (event,) = events_on(complaint, Action.SURVIVOR_UPDATED)
    assert event.actor == personas.coordinator
    assert event.data == {"sex": "female", "age_group": "18-25", "child": False}


@pytest.mark.django_db
def test_it_keeps_the_sealed_name_when_none_is_given(personas):
    complaint = file_complaint()
    survivor = Survivor.objects.get(complaint=complaint)
    _update(personas.coordinator, survivor, name="Amina-Kestrel-404", contact="")

    _update(personas.coordinator, survivor, sex="unknown")

    survivor.refresh_from_db()
    assert survivor.sex == "unknown"
    assert opened(personas.coordinator, complaint, survivor)["name"] == "Amina-Kestrel-404"


@pytest.mark.django_db
@pytest.mark.parametrize("age_group", ["0-11", "12-17"])
def test_a_child_age_group_makes_the_survivor_and_the_complaint_a_child_case(personas, age_group):
    complaint = file_complaint()
    survivor = Survivor.objects.get(complaint=complaint)

    _update(personas.coordinator, survivor, age_group=term(Vocabulary.AGE_GROUP, age_group))

    survivor.refresh_from_db()
    complaint.refresh_from_db()
    assert survivor.is_child and complaint.involves_child
    assert events_on(complaint, Action.SURVIVOR_UPDATED)[0].data["child"] is True


@pytest.mark.django_db
def test_the_under_18_tick_makes_a_child_case(personas):
    complaint = file_complaint()

    _update(personas.coordinator, Survivor.objects.get(complaint=complaint), age_group=None, is_child=True)

    complaint.refresh_from_db()
    assert complaint.involves_child
