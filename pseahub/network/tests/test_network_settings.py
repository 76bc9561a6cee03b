"""The network settings: one row, SLA defaults from the IASC SOPs, audited and validated changes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action, AuditEvent
from pseahub.network.models import NetworkSettings
from pseahub.network.selectors import network_settings_get
from pseahub.network.services import network_settings_update

pytestmark = pytest.mark.django_db


def test_it_has_the_sop_defaults_before_anything_is_saved():
    settings = network_settings_get()

    assert settings.sla_refer_hours == 24
    assert settings.sla_acknowledge_working_days == 2
    assert settings.sla_first_progress_days == 30
    assert settings.sla_assistance_accept_hours == 24
    assert not NetworkSettings.objects.exists()


def test_it_stores_one_row_keeping_the_defaults_it_was_not_given():
    admin = UserFactory()

    network_settings_update(actor=admin, name="Réseau PSEA Mali", timezone="Africa/Bamako", weekend_days=[6, 7])

    stored = NetworkSettings.objects.get()
    assert stored.pk == 1
    assert (stored.name, stored.timezone, stored.weekend_days) == ("Réseau PSEA Mali", "Africa/Bamako", [6, 7])
    assert (stored.sla_refer_hours, stored.sla_acknowledge_working_days) == (24, 2)
    assert (stored.sla_first_progress_days, stored.sla_assistance_accept_hours) == (30, 24)
    assert network_settings_get() == stored
    event = AuditEvent.objects.get(action=Action.SETTINGS_UPDATED)
    assert (event.actor, event.target_type, event.target_id) == (admin, "network.networksettings", "1")
    assert event.data == {
        "fields": ["name", "timezone", "weekend_days"],
        "old": {"timezone": "UTC", "weekend_days": []},
        "new": {"timezone": "Africa/Bamako", "weekend_days": [6, 7]},
    }


def test_it_changes_the_sla_table_on_the_same_row():
    network_settings_update(actor=None, name="Réseau PSEA Mali")

    network_settings_update(actor=None, sla_refer_hours=12, sla_acknowledge_working_days=3)

    assert NetworkSettings.objects.count() == 1
    stored = network_settings_get()
    assert (stored.name, stored.sla_refer_hours, stored.sla_acknowledge_working_days) == ("Réseau PSEA Mali", 12, 3)
    assert AuditEvent.objects.filter(action=Action.SETTINGS_UPDATED).latest("seq").data == {
        "fields": ["sla_acknowledge_working_days", "sla_refer_hours"],
        "old": {"sla_acknowledge_working_days": 2, "sla_refer_hours": 24},
        "new": {"sla_acknowledge_working_days": 3, "sla_refer_hours": 12},
    }


def test_it_records_nothing_when_nothing_changed():
    network_settings_update(actor=None, sla_refer_hours=12)

    network_settings_update(actor=None, sla_refer_hours=12)

    assert AuditEvent.objects.filter(action=Action.SETTINGS_UPDATED).count() == 1


def test_it_cannot_hold_a_second_row():
    network_settings_update(actor=None, name="Réseau PSEA Mali")

    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkSettings.objects.create(id=2, name="Another network")

    assert list(NetworkSettings.objects.values_list("pk", flat=True)) == [1]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Africa/Timbuktu-ish"),
        ("weekend_days", [0]),
        ("weekend_days", [1, 2, 3, 4, 5, 6, 7]),
        ("weekend_days", "6,7"),
        ("holidays", ["2026-02-30"]),
        ("holidays", ["20/01/2026"]),
        ("languages", ["fr", "xx"]),
        ("sla_refer_hours", -1),
    ],
)
def test_it_refuses_invalid_settings_and_keeps_the_stored_ones(field, value):
    network_settings_update(actor=None, name="Réseau PSEA Mali")

    with pytest.raises(ValidationError) as failure:
        network_settings_update(actor=None, **{field: value})

    assert field in failure.value.message_dict
    stored = NetworkSettings.objects.get()
    assert getattr(stored, field) == getattr(NetworkSettings(), field)
    assert AuditEvent.objects.filter(action=Action.SETTINGS_UPDATED).count() == 1


def test_it_accepts_valid_holidays_languages_and_weekend():
    network_settings_update(
        actor=None, holidays=["2026-01-20", "2026-03-20"], languages=["fr", "ar"], weekend_days=[5, 6]
    )

    stored = NetworkSettings.objects.get()
    assert (stored.holidays, stored.languages, stored.weekend_days) == (
        ["2026-01-20", "2026-03-20"],
        ["fr", "ar"],
        [5, 6],
    )
