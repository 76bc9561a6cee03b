"""A coordinator corrects a term's labels, group and order; the code stays. Lists show the new label and order;
the change is audited with the names of the fields changed (not their text)."""

from __future__ import annotations

import pytest
from django.utils import translation

from pseahub.audit.models import Action
from pseahub.cases.models import Term
from pseahub.cases.selectors import terms_active

from .helpers import events, term, text

URL = "/cases/vocabularies/displacement/idp/"


@pytest.mark.django_db
def test_the_edit_page_shows_the_term_with_its_labels(personas, client_for):
    page = text(client_for(personas.coordinator).get(URL))

    labels = term("displacement", "idp").labels
    assert f'value="{labels["en"]}"' in page
    assert f'value="{labels["ar"]}"' in page
    assert "Records using it" in page


@pytest.mark.django_db
def test_a_coordinator_changes_labels_group_and_order(personas, client_for):
    client = client_for(personas.coordinator)

    response = client.post(
        URL,
        {"action": "save", "en": "IDP", "fr": "PDI", "ar": "نازح", "group": "D", "sort_order": "0"},
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    idp = term("displacement", "idp")
    assert idp.labels == {"en": "IDP", "fr": "PDI", "ar": "نازح"}
    assert (idp.group, idp.sort_order, idp.code) == ("D", 0, "idp")
    assert terms_active("displacement")[0].code == "idp"
    with translation.override("fr"):
        assert idp.label == "PDI"
    [event] = events(Action.TERM_UPDATED)
    assert event.data == {"vocabulary": "displacement", "code": "idp", "fields": ["labels", "group", "sort_order"]}
    assert '<td data-label="English" lang="en">IDP</td>' in text(client.get("/cases/vocabularies/displacement/"))


@pytest.mark.django_db
def test_the_code_cannot_be_changed_and_an_english_label_is_required(personas, client_for):
    client = client_for(personas.coordinator)
    before = term("displacement", "idp").labels

    response = client.post(URL, {"action": "save", "code": "changed", "en": "", "sort_order": "1"})

    assert response.status_code == 200
    assert 'id="id_en_error"' in response.content.decode()
    assert term("displacement", "idp").labels == before
    assert not Term.objects.filter(code="changed").exists()
    assert events(Action.TERM_UPDATED) == []


@pytest.mark.django_db
def test_saving_what_is_there_already_records_nothing(personas, client_for):
    idp = term("displacement", "idp")
    data = {"action": "save", **idp.labels, "group": idp.group, "sort_order": str(idp.sort_order)}

    assert client_for(personas.coordinator).post(URL, data).status_code == 302

    assert events(Action.TERM_UPDATED) == []


@pytest.mark.django_db
def test_an_unknown_vocabulary_or_term_is_not_found(personas, client_for):
    client = client_for(personas.coordinator)

    assert client.get("/cases/vocabularies/colours/").status_code == 404
    assert client.get("/cases/vocabularies/displacement/nomad/").status_code == 404
    assert client.post("/cases/vocabularies/displacement/nomad/", {"action": "delete"}).status_code == 404
