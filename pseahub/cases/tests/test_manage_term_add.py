"""A coordinator adds a term to a vocabulary: a lower-case code unique in that vocabulary, an English label
(French and Arabic optional). It is offered at once in the lists for new records, and the addition is audited."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.forms import TrackerFilterForm
from pseahub.cases.models import Term
from pseahub.cases.selectors import terms_active

from .helpers import events, text

URL = "/cases/vocabularies/sea_type/"


def _post(client, **fields):
    data = {"code": "forced_labour", "en": "Forced labour", "fr": "", "ar": "", "group": "SE", "sort_order": "70"}
    data.update(fields)
    return client.post(URL, data)


@pytest.mark.django_db
def test_a_coordinator_adds_a_term_offered_at_once_for_new_records(personas, client_for):
    client = client_for(personas.coordinator)

    response = _post(client, fr="Travail forcé", ar="العمل القسري")

    assert response.status_code == 302
    assert response["Location"] == URL
    term = Term.objects.get(vocabulary="sea_type", code="forced_labour")
    assert term.labels == {"en": "Forced labour", "fr": "Travail forcé", "ar": "العمل القسري"}
    assert (term.group, term.sort_order, term.is_active) == ("SE", 70, True)
    assert "forced_labour" in [t.code for t in terms_active("sea_type")]
    assert ("forced_labour", "Forced labour") in list(TrackerFilterForm().fields["sea_type"].choices)
    page = text(client.get(URL))
    assert "Term added: Forced labour." in page
    assert "Travail forcé" in page and "العمل القسري" in page
    [event] = events(Action.TERM_ADDED)
    assert event.actor == personas.coordinator
    assert event.data == {"vocabulary": "sea_type", "code": "forced_labour"}


@pytest.mark.django_db
def test_french_and_arabic_labels_are_optional_english_is_not(personas, client_for):
    client = client_for(personas.coordinator)

    assert _post(client).status_code == 302
    assert Term.objects.get(vocabulary="sea_type", code="forced_labour").labels == {"en": "Forced labour"}

    response = _post(client, code="other_thing", en="")
    assert response.status_code == 200
    assert 'id="id_en_error"' in response.content.decode()
    assert not Term.objects.filter(code="other_thing").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["Forced_Labour", "forced labour", "forcé", "_x", "x__y", "a/b", ""])
def test_a_code_that_is_not_a_lower_case_slug_is_refused_beside_the_field(personas, client_for, code):
    before = Term.objects.count()

    response = _post(client_for(personas.coordinator), code=code)

    assert response.status_code == 200
    assert 'id="id_code_error"' in response.content.decode()
    assert Term.objects.count() == before
    assert events(Action.TERM_ADDED) == []


@pytest.mark.django_db
def test_a_code_the_vocabulary_has_already_is_refused_and_the_post_can_be_repeated(personas, client_for):
    client = client_for(personas.coordinator)
    _post(client)

    again = _post(client, en="Another label")

    assert again.status_code == 200
    assert "This vocabulary already has a term with this code." in text(again)
    assert Term.objects.filter(vocabulary="sea_type", code="forced_labour").count() == 1
    assert Term.objects.get(vocabulary="sea_type", code="forced_labour").labels["en"] == "Forced labour"
    assert len(events(Action.TERM_ADDED)) == 1


@pytest.mark.django_db
def test_the_same_code_in_another_vocabulary_is_another_term(personas, client_for):
    # "rape" is in both the SEA types and the GBVIMS types: a code is unique per vocabulary only.
    client = client_for(personas.coordinator)

    response = client.post(
        "/cases/vocabularies/displacement/",
        {"code": "rape", "en": "Not a displacement status", "sort_order": "0"},
    )

    assert response.status_code == 302
    assert Term.objects.filter(code="rape").count() == 3


@pytest.mark.django_db
def test_an_open_age_range_code_is_accepted(personas, client_for):
    response = client_for(personas.coordinator).post(
        "/cases/vocabularies/age_group/", {"code": "80+", "en": "80 and over", "sort_order": "99"}
    )

    assert response.status_code == 302
    assert Term.objects.filter(vocabulary="age_group", code="80+").exists()
    assert client_for(personas.coordinator).get("/cases/vocabularies/age_group/80+/").status_code == 200
