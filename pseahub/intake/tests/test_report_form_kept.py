"""The blank public form is rendered once per language and kept (``intake.pages``, for bench P2): each visitor
still gets their own CSRF token and one-time form token, both of which work; a change to what the form shows
appears at once; a signed-in user's page is never served from it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.test import Client

from pseahub.cases.models import Complaint
from pseahub.intake.pages import blank_form_pages_forget
from pseahub.network.tests.factories import OrganisationFactory

from .helpers import TOKEN_RE, report_data

CSRF_RE = TOKEN_RE.pattern.replace("form_token", "csrfmiddlewaretoken")


@pytest.fixture(autouse=True)
def _forget_pages() -> Iterator[None]:
    # Outside a transaction (the page is never kept inside one), so these tests commit: transactional_db.
    blank_form_pages_forget()
    yield
    blank_form_pages_forget()


def _open(client: Client, **extra):
    response = client.get("/report", **extra)
    assert response.status_code == 200
    return response


@pytest.mark.django_db(transaction=True)
def test_two_visitors_get_the_kept_form_with_their_own_tokens_and_both_can_send(personas):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one, page_two = _open(first), _open(second)

    assert page_two.templates == [], "the second visitor's form was rendered again instead of kept"
    tokens = [TOKEN_RE.search(page.content.decode()).group(1) for page in (page_one, page_two)]
    csrf = [re.search(CSRF_RE, page.content.decode()).group(1) for page in (page_one, page_two)]
    assert tokens[0] != tokens[1]
    assert csrf[0] != csrf[1]
    assert "no-store" in page_two["Cache-Control"]
    for client, token, csrf_token in zip((first, second), tokens, csrf, strict=True):
        sent = client.post("/report", {**report_data(), "form_token": token, "csrfmiddlewaretoken": csrf_token})
        assert sent.status_code == 302, sent.content.decode()[:500]
    assert Complaint.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_new_organisation_appears_on_the_next_form(personas, client):
    _open(client)
    OrganisationFactory(name="Gamma Relief Newcomer")

    page = _open(client)

    assert page.templates, "the kept form was served after the organisations changed"
    assert "Gamma Relief Newcomer" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_each_language_and_signed_in_users_get_their_own_page(personas, client, client_for):
    english = _open(client).content.decode()
    french = _open(Client(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    signed_in = _open(client_for(personas.operator)).content.decode()

    assert 'lang="en"' in english and 'lang="fr"' in french
    assert "Log out" in signed_in
    assert "Log out" not in _open(Client()).content.decode()
