"""Reporters' IP addresses are never stored: no column, no audit detail, no session holds them."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from pseahub.audit.models import AuditEvent
from pseahub.cases.models import Complaint
from pseahub.cases.services import message_to_reporter

from .helpers import JPEG, post_report, report_data, upload

ADDRESS = "198.51.100.173"
FORWARDED = "203.0.113.201"
IPV6 = "2001:db8:4b1d::77"


def _every_stored_value():
    """Every text, JSON and address value in every table, as strings."""
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField))
        ]
        if not fields:
            continue
        for row in model.objects.values_list(*fields):
            for value in row:
                if value is not None:
                    yield model._meta.label, value if isinstance(value, str) else json.dumps(value)


@pytest.mark.django_db
@pytest.mark.parametrize("hops", [0, 1, 2])
def test_no_table_holds_the_reporters_address(client, personas, settings, hops):
    settings.TRUSTED_PROXY_HOPS = hops
    meta = {"REMOTE_ADDR": ADDRESS, "HTTP_X_FORWARDED_FOR": f"{FORWARDED}, {IPV6}"}

    response = post_report(client, report_data(attachments=[upload("a.jpg", JPEG)]), **meta)
    receipt = response.content.decode().split('id="receipt">')[1].split("<")[0]
    message_to_reporter(actor=personas.coordinator, complaint=Complaint.objects.get(), body="Reply")
    client.post("/report/follow", {"receipt": receipt}, **meta)
    client.post("/report/status", {"body": "More"}, **meta)
    client.post("/report/follow", {"receipt": "1111222233334444"}, **meta)

    assert Complaint.objects.count() == 1
    stored = list(_every_stored_value())
    assert stored
    for address in (ADDRESS, FORWARDED, IPV6):
        leaks = [label for label, value in stored if address in value]
        assert leaks == [], f"{address} stored in {leaks}"
    for event in AuditEvent.objects.all():
        assert not ({"ip", "ip_address", "remote_addr"} & {k.lower() for k in event.data})
    for session in Session.objects.all():
        decoded = json.dumps(session.get_decoded())
        assert ADDRESS not in decoded and FORWARDED not in decoded
