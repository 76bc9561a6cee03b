"""A term is deleted only when no record has ever used it. Every foreign key to ``Term`` counts (found from the
model, so a relation added later is counted too); a term in use can only be retired, and the page says so."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.manage import term_add, term_relations, term_use_count
from pseahub.cases.models import Term
from pseahub.referrals.tests.helpers import refer, sea_complaint

from .helpers import events, text

# The relations the record has today; term_relations() must find at least these.
KNOWN = {
    "cases.survivor.age_group",
    "cases.survivor.displacement",
    "cases.survivor.gbv_type",
    "cases.allegation.personnel_category",
    "cases.allegation.sea_type",
    "cases.perpetrator.personnel_category",
    "referrals.referral.outcome",
}


def _name(field) -> str:
    return f"{field.model._meta.label_lower}.{field.name}"


def _new_term(personas) -> Term:
    return term_add(actor=personas.coordinator, vocabulary="outcome", code="withdrawn", en="Withdrawn")


def _url(term: Term) -> str:
    return f"/cases/vocabularies/{term.vocabulary}/{term.code}/"


def test_every_foreign_key_to_a_term_is_counted():
    assert {_name(field) for field in term_relations()} >= KNOWN


@pytest.mark.django_db
def test_a_term_no_record_uses_is_deleted(personas, client_for):
    new = _new_term(personas)
    client = client_for(personas.coordinator)
    assert "No record uses this term: it can be deleted." in text(client.get(_url(new)))

    response = client.post(_url(new), {"action": "delete"})

    assert response.status_code == 302
    assert response["Location"] == "/cases/vocabularies/outcome/"
    assert not Term.objects.filter(pk=new.pk).exists()
    assert "The term is deleted." in text(client.get("/cases/vocabularies/outcome/"))
    [event] = events(Action.TERM_DELETED)
    assert event.data == {"vocabulary": "outcome", "code": "withdrawn"}


@pytest.mark.django_db
@pytest.mark.parametrize("relation", sorted(KNOWN))
def test_a_term_used_by_any_record_is_refused_and_can_only_be_retired(personas, client_for, relation):
    complaint = sea_complaint(personas, perpetrator_description="Tall, drives a white car.")
    refer(personas, complaint)
    field = next(field for field in term_relations() if _name(field) == relation)
    row = field.model._default_manager.first()
    assert row is not None, f"the fixture has no {relation}"
    new = _new_term(personas)
    field.model._default_manager.filter(pk=row.pk).update(**{field.name: new})
    client = client_for(personas.coordinator)
    assert term_use_count(new) == 1

    response = client.post(_url(new), {"action": "delete"})

    assert response.status_code == 302
    assert response["Location"] == _url(new)
    assert Term.objects.filter(pk=new.pk).exists()
    page = text(client.get(_url(new)))
    assert "This term is used by 1 record(s), so it cannot be deleted: retire it instead." in page
    assert 'value="delete"' not in page
    assert "1 record uses this term, so it cannot be deleted; it can only be retired." in page
    assert events(Action.TERM_DELETED) == []


@pytest.mark.django_db
def test_the_vocabulary_page_shows_how_many_records_use_each_term(personas, client_for):
    sea_complaint(personas, perpetrator_description="Tall.")
    sea_complaint(personas, perpetrator_description="Short.")
    used = {}
    for field in term_relations():
        if _name(field) == "cases.survivor.displacement":
            used = field
    new = term_add(actor=personas.coordinator, vocabulary="displacement", code="nomad", en="Nomad")
    used.model._default_manager.update(**{used.name: new})

    page = client_for(personas.coordinator).get("/cases/vocabularies/displacement/").content.decode()

    row = page[page.index("<code>nomad</code>") :]
    row = row[: row.index("</tr>")]
    assert 'data-label="Records using it">2</td>' in row
