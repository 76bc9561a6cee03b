"""The gap table page: the ranked gaps with their area, kind, severity and group; the GET filters in the URL; the
download link keeps them; "Add to the action plan" only when the planning hook gives a URL, and for the
coordinator only (co-chairs and leadership read)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.mapping import gaps
from pseahub.mapping.tests.gap_world import full_services, mali, sea_channel

pytestmark = pytest.mark.django_db


def test_the_table_shows_each_gap_ranked(personas, client_for):
    areas = mali()
    sea_channel([areas["ML05"]])
    full_services([areas["MLI"]])
    page = client_for(personas.coordinator).get(reverse("mapping:gaps")).content.decode()
    assert 'id="gaps"' in page and "2 gaps, the most severe first" in page
    table = page.split('id="gaps"')[1]
    assert table.index("Ansongo") < table.index("Gao")
    assert "No active channel with staff trained on SEA intake" in page
    assert 'data-key="no_sea_channel:ML0701:all-all-all"' in page
    assert "Add to the action plan" in page  # the planning app registers its page (planning/apps.py)


def test_filters_come_from_the_url_and_the_download_link_keeps_them(personas, client_for):
    mali()
    client = client_for(personas.co_chair)
    page = client.get(reverse("mapping:gaps"), {"area": "ML05", "severity": "high"}).content.decode()
    table = page.split('id="gaps"')[1]
    assert "Ansongo" not in table and "Bandiagara" in table and "No legal aid" not in table
    assert f'href="{reverse("mapping:gaps_xlsx")}?area=ML05&amp;severity=high"' in page


def test_unknown_filter_values_are_ignored(personas, client_for):
    mali()
    page = client_for(personas.leadership).get(reverse("mapping:gaps"), {"kind": "nonsense", "area": "XX"})
    assert page.status_code == 200 and "Ansongo" in page.content.decode().split('id="gaps"')[1]


def test_the_action_plan_link_is_the_coordinator_s_when_the_hook_gives_one(personas, client_for, monkeypatch):
    mali()
    monkeypatch.setattr("pseahub.mapping.views_gaps.action_plan_url", lambda gap: f"/plan/new?gap={gap.key}")
    page = client_for(personas.coordinator).get(reverse("mapping:gaps")).content.decode()
    assert 'href="/plan/new?gap=no_sea_channel:ML0701:all-all-all"' in page and "Add to the action plan" in page
    assert "Add to the action plan" not in client_for(personas.co_chair).get(reverse("mapping:gaps")).content.decode()


def test_the_hook_gives_nothing_until_an_app_registers_a_builder(monkeypatch):
    areas = mali()
    monkeypatch.setattr(gaps, "_action_plan_url_builder", None)
    assert all(gaps.action_plan_url(gap) is None for gap in gaps.gaps_compute())
    assert areas
