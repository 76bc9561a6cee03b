"""The directory's first section tells how to report to the network: the online form, the hotline and emergency
numbers of the network's settings, and the enabled intake channels' public addresses — never a disabled channel,
a channel without a public address, nor a channel's name, slug, settings or secret."""

import pytest

from pseahub.intake.models import IntakeChannel
from pseahub.network.models import NetworkSettings

pytestmark = pytest.mark.django_db


def test_the_network_ways_to_report_are_shown_with_links(client):
    NetworkSettings.objects.update_or_create(
        id=1, defaults={"hotline_number": "+223 80 00 11 22", "emergency_number": "17"}
    )
    IntakeChannel.objects.create(
        name="SECRET-NAME Orange", slug="secret-slug-sms", type="sms", address="36 200", provider="generic",
        secret_env="SECRET_ENV_VAR", config={"api_base": "https://secret-config.example"},
    )  # fmt: skip
    IntakeChannel.objects.create(name="Mailbox", slug="mailbox-x", type="email", address="signaler@psea-mali.org")
    IntakeChannel.objects.create(name="WhatsApp", slug="wa", type="whatsapp", address="whatsapp:+22370000001")
    IntakeChannel.objects.create(
        name="Old line", slug="old", type="hotline", address="+223 99 99 99 99", is_enabled=False
    )
    IntakeChannel.objects.create(name="Kobo", slug="kobo-x", type="field_form", address="KOBO-ADDRESS", provider="kobo")

    page = client.get("/directory/").content.decode()

    assert 'href="/report"' in page
    assert 'href="tel:+22380001122"' in page and 'href="tel:17"' in page
    assert 'href="sms:36200"' in page and "36 200" in page
    assert 'href="mailto:signaler@psea-mali.org"' in page
    assert "+22370000001" in page and "whatsapp:" not in page
    for hidden in ("+223 99 99 99 99", "KOBO-ADDRESS", "SECRET-NAME", "secret-slug", "SECRET_ENV", "secret-config"):
        assert hidden not in page, hidden


def test_without_settings_or_channels_the_online_form_is_still_there(client):
    page = client.get("/directory/").content.decode()

    assert "Report online" in page
