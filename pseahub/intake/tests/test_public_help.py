"""Every public page (home, the form, the receipt, the follow-up and status pages, and the rate-limit refusals)
links to the public directory (services, ways to report) and shows the network's hotline and emergency numbers
when they are set — and no number, nor any sentence about one, when they are not. The sentence is translated;
the number is not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client

from pseahub.network.services import network_settings_update

from .helpers import post_report, report_data

HOTLINE = "+223 80 00 11 22"
EMERGENCY = "17"
SERVICES_LINK = 'href="/directory/"'
HOTLINE_EN = f'call the hotline: <a href="tel:{HOTLINE}">{HOTLINE}</a>'
EMERGENCY_EN = f'call the emergency number: <a href="tel:{EMERGENCY}">{EMERGENCY}</a>'


@pytest.fixture(autouse=True)
def _mid_hour():
    # The limits count per clock hour: start well inside one so no window rolls over mid-test.
    with time_machine.travel(dt.datetime(2026, 3, 3, 10, 10, tzinfo=dt.UTC), tick=True):
        yield


def _home(client: Client) -> str:
    return client.get("/").content.decode()


def _form(client: Client) -> str:
    return client.get("/report").content.decode()


def _receipt(client: Client) -> str:
    response = post_report(client, report_data())
    assert 'id="receipt"' in response.content.decode()
    return response.content.decode()


def _follow_page(client: Client) -> str:
    return client.get("/report/follow").content.decode()


def _status(client: Client) -> str:
    page = _receipt(client)
    receipt = page.split('id="receipt">', 1)[1].split("<", 1)[0].replace(" ", "")
    response = client.post("/report/follow", {"receipt": receipt}, follow=True)
    assert response.redirect_chain[-1][0] == "/report/status"
    return response.content.decode()


def _report_limited(client: Client) -> str:
    post_report(client, report_data())
    response = post_report(client, report_data(), follow=False)
    assert response.status_code == 429
    return response.content.decode()


def _follow_limited(client: Client) -> str:
    client.post("/report/follow", {"receipt": "1111222233334444"})
    response = client.post("/report/follow", {"receipt": "1111222233334444"})
    assert response.status_code == 429
    return response.content.decode()


PAGES: dict[str, Callable[[Client], str]] = {
    "home": _home,
    "report form": _form,
    "receipt": _receipt,
    "follow-up": _follow_page,
    "status": _status,
    "report limit": _report_limited,
    "follow-up limit": _follow_limited,
}


@pytest.fixture
def one_per_hour(settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    settings.INTAKE_RECEIPT_TRIES_PER_HOUR = 1


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_each_public_page_shows_the_numbers_when_set(client, personas, one_per_hour, page):
    network_settings_update(actor=None, hotline_number=HOTLINE, emergency_number=EMERGENCY)

    html = PAGES[page](client)

    assert SERVICES_LINK in html
    assert html.count(HOTLINE_EN) == 1 and html.count(EMERGENCY_EN) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_each_public_page_links_to_the_services_and_says_nothing_of_numbers_unset(client, personas, one_per_hour, page):
    html = PAGES[page](client)

    assert SERVICES_LINK in html
    assert "tel:" not in html and "call the hotline" not in html and "emergency number:" not in html


@pytest.mark.django_db
def test_only_the_number_that_is_set_is_shown(client, personas):
    network_settings_update(actor=None, emergency_number=EMERGENCY)

    html = _home(client)

    assert EMERGENCY_EN in html and "call the hotline" not in html


@pytest.mark.django_db
def test_the_sentence_follows_the_language_and_the_number_does_not(client, personas):
    network_settings_update(actor=None, hotline_number=HOTLINE, emergency_number=EMERGENCY)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "fr"

    html = _form(client)

    assert '<html lang="fr"' in html and "call the hotline" not in html
    assert f'<a href="tel:{HOTLINE}">{HOTLINE}</a>' in html and f'<a href="tel:{EMERGENCY}">{EMERGENCY}</a>' in html
    assert SERVICES_LINK in html


@pytest.mark.django_db
def test_staff_pages_do_not_carry_the_reporters_help(personas, client_for):
    network_settings_update(actor=None, hotline_number=HOTLINE)

    response = client_for(personas.coordinator).get("/cases/inbox/")

    assert response.status_code == 200
    html = response.content.decode()

    assert "call the hotline" not in html
