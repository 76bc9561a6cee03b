"""complaint_list (the incident tracker's selector): scoped by need-to-know, every filter, sorting, overdue first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pseahub.accounts.models import Role
from pseahub.cases.models import Channel, Classification, Complaint, Status, Vocabulary
from pseahub.cases.selectors import TrackerFilters, complaint_list, inbox_list
from pseahub.cases.services import allegation_add
from pseahub.network.models import Area, NetworkSettings

from .helpers import file_complaint, term, user_with_role

NOW = timezone.now()


def _refs(actor, **filters):
    return [c.reference for c in complaint_list(actor=actor, filters=TrackerFilters(**filters))]


def _set(complaint, **fields):
    Complaint.objects.filter(pk=complaint.pk).update(**fields)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def areas(db):
    kayes = Area.objects.create(pcode="ML01", name="Kayes", admin_level=1)
    bafoulabe = Area.objects.create(pcode="ML0101", name="Bafoulabé", admin_level=2, parent=kayes)
    koulikoro = Area.objects.create(pcode="ML02", name="Koulikoro", admin_level=1)
    return kayes, bafoulabe, koulikoro


@pytest.mark.django_db
def test_it_lists_only_complaints_granted_to_a_coordinator(personas):
    complaint = file_complaint()
    latecomer = user_with_role("coordinator3@example.org", Role.COORDINATOR)

    assert _refs(personas.coordinator) == [complaint.reference]
    assert _refs(latecomer) == []
    for outsider in (personas.focal_point_a, personas.operator, personas.analyst, personas.admin, personas.no_role):
        assert _refs(outsider) == []


@pytest.mark.django_db
def test_it_filters_by_status_classification_channel_and_child(personas):
    web = file_complaint(received_at=NOW - dt.timedelta(minutes=3))
    hotline = file_complaint(channel=Channel.HOTLINE, involves_child=True, received_at=NOW - dt.timedelta(minutes=2))
    _set(hotline, status=Status.TRIAGED, classification=Classification.SEA)
    walk_in = file_complaint(channel=Channel.WALK_IN, received_at=NOW - dt.timedelta(minutes=1))
    _set(walk_in, classification=Classification.PROGRAMME_FEEDBACK)
    coordinator = personas.coordinator

    assert _refs(coordinator, status=Status.NEW) == [walk_in.reference, web.reference]
    assert _refs(coordinator, status=Status.TRIAGED) == [hotline.reference]
    assert _refs(coordinator, classification=Classification.SEA) == [hotline.reference]
    assert _refs(coordinator, classification=Classification.UNCLASSIFIED) == [web.reference]
    assert _refs(coordinator, channel=Channel.HOTLINE) == [hotline.reference]
    assert _refs(coordinator, child=True) == [hotline.reference]
    assert _refs(coordinator, child=False) == [walk_in.reference, web.reference]
    assert _refs(coordinator, channel=Channel.WEB, status=Status.TRIAGED) == []


@pytest.mark.django_db
def test_it_filters_by_organisation_named_or_concerned_once_per_complaint(personas):
    named = file_complaint(reported_organisation=personas.org_a, received_at=NOW - dt.timedelta(minutes=3))
    concerned = file_complaint(received_at=NOW - dt.timedelta(minutes=2))
    for category in ("agency_staff", "contractor"):
        allegation_add(
            actor=personas.coordinator,
            complaint=concerned,
            organisation=personas.org_a,
            personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, category),
            sea_type=None,
        )
    other = file_complaint(reported_organisation=personas.org_b, received_at=NOW - dt.timedelta(minutes=1))

    assert _refs(personas.coordinator, organisation=personas.org_a) == [concerned.reference, named.reference]
    assert _refs(personas.coordinator, organisation=personas.org_b) == [other.reference]


@pytest.mark.django_db
def test_it_filters_by_sea_type(personas):
    rape = file_complaint()
    allegation_add(
        actor=personas.coordinator,
        complaint=rape,
        organisation=personas.org_a,
        personnel_category=None,
        sea_type=term(Vocabulary.SEA_TYPE, "rape"),
    )
    file_complaint()

    assert _refs(personas.coordinator, sea_type=term(Vocabulary.SEA_TYPE, "rape")) == [rape.reference]
    assert _refs(personas.coordinator, sea_type=term(Vocabulary.SEA_TYPE, "transactional_sex")) == []


@pytest.mark.django_db
def test_an_area_includes_the_areas_below_it(personas, areas):
    kayes, bafoulabe, koulikoro = areas
    in_kayes = file_complaint(area=kayes, received_at=NOW - dt.timedelta(minutes=3))
    in_bafoulabe = file_complaint(area=bafoulabe, received_at=NOW - dt.timedelta(minutes=2))
    in_koulikoro = file_complaint(area=koulikoro, received_at=NOW - dt.timedelta(minutes=1))
    file_complaint()  # no area

    assert _refs(personas.coordinator, area=kayes) == [in_bafoulabe.reference, in_kayes.reference]
    assert _refs(personas.coordinator, area=bafoulabe) == [in_bafoulabe.reference]
    assert _refs(personas.coordinator, area=koulikoro) == [in_koulikoro.reference]


@pytest.mark.django_db
def test_it_filters_by_received_date_range_inclusive(personas):
    NetworkSettings.objects.create(sla_refer_hours=24 * 365 * 10)  # nothing overdue: order by date only
    march = file_complaint(received_at=dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC))
    april = file_complaint(received_at=dt.datetime(2025, 4, 15, 12, 0, tzinfo=dt.UTC))
    may = file_complaint(received_at=dt.datetime(2025, 5, 31, 12, 0, tzinfo=dt.UTC))

    coordinator = personas.coordinator
    assert _refs(coordinator, received_from=dt.date(2025, 4, 15)) == [may.reference, april.reference]
    assert _refs(coordinator, received_to=dt.date(2025, 4, 15)) == [april.reference, march.reference]
    assert _refs(coordinator, received_from=dt.date(2025, 3, 2), received_to=dt.date(2025, 5, 30)) == [april.reference]


@pytest.mark.django_db
def test_overdue_means_new_or_triaged_past_the_referral_deadline(personas):
    NetworkSettings.objects.create(sla_refer_hours=24)
    late_new = file_complaint(received_at=NOW - dt.timedelta(hours=30))
    late_triaged = _set(file_complaint(received_at=NOW - dt.timedelta(hours=48)), status=Status.TRIAGED)
    late_referred = _set(file_complaint(received_at=NOW - dt.timedelta(hours=72)), status=Status.REFERRED)
    fresh = file_complaint(received_at=NOW - dt.timedelta(hours=2))

    assert _refs(personas.coordinator, overdue=True) == [late_new.reference, late_triaged.reference]
    listed = list(complaint_list(actor=personas.coordinator))
    assert [c.reference for c in listed] == [
        late_new.reference,
        late_triaged.reference,
        fresh.reference,
        late_referred.reference,
    ]
    assert [c.is_overdue for c in listed] == [True, True, False, False]


@pytest.mark.django_db
def test_the_sla_setting_moves_the_deadline(personas):
    NetworkSettings.objects.create(sla_refer_hours=72)
    file_complaint(received_at=NOW - dt.timedelta(hours=30))

    assert _refs(personas.coordinator, overdue=True) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-received", ["c", "b", "a"]),
        ("received", ["a", "b", "c"]),
        ("reference", ["a", "b", "c"]),
        ("-reference", ["c", "b", "a"]),
        ("status", ["a", "c", "b"]),
        ("-status", ["b", "c", "a"]),
        ("nonsense", ["c", "b", "a"]),
    ],
)
def test_it_sorts(personas, sort, expected):
    NetworkSettings.objects.create(sla_refer_hours=24 * 365 * 10)
    made = {
        "a": file_complaint(received_at=NOW - dt.timedelta(hours=3)),
        "b": file_complaint(received_at=NOW - dt.timedelta(hours=2)),
        "c": file_complaint(received_at=NOW - dt.timedelta(hours=1)),
    }
    _set(made["a"], status=Status.CLOSED)
    _set(made["b"], status=Status.TRIAGED)
    by_reference = {c.reference: name for name, c in made.items()}

    assert [by_reference[r] for r in _refs(personas.coordinator, sort=sort)] == expected


@pytest.mark.django_db
def test_overdue_complaints_come_first_whatever_the_sort(personas):
    NetworkSettings.objects.create(sla_refer_hours=24)
    overdue = file_complaint(received_at=NOW - dt.timedelta(days=3))
    recent = file_complaint(received_at=NOW - dt.timedelta(hours=1))

    assert _refs(personas.coordinator, sort="received") == [overdue.reference, recent.reference]
    assert _refs(personas.coordinator, sort="-received") == [overdue.reference, recent.reference]
    assert _refs(personas.coordinator, sort="-reference") == [overdue.reference, recent.reference]


@pytest.mark.django_db
def test_the_inbox_lists_new_complaints_urgent_and_child_first(personas):
    oldest = file_complaint(received_at=NOW - dt.timedelta(hours=5))
    child = file_complaint(involves_child=True, received_at=NOW - dt.timedelta(hours=3))
    urgent = _set(file_complaint(received_at=NOW - dt.timedelta(hours=1)), is_urgent=True)
    newest = file_complaint(received_at=NOW - dt.timedelta(minutes=5))
    _set(file_complaint(), status=Status.TRIAGED)

    inbox = [c.reference for c in inbox_list(actor=personas.coordinator)]

    assert inbox == [urgent.reference, child.reference, oldest.reference, newest.reference]
    assert list(inbox_list(actor=personas.focal_point_a)) == []
