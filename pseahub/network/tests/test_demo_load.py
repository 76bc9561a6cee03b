"""manage.py load_demo: the demo Mali network, through the real services, idempotent, refused outside a demo;
two years of complaints with the seasons and trends the insights pages show."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.audit.models import AuditEvent
from pseahub.cases.demo import CAMPAIGN_MONTHS_AGO, DRY_SEASON, LEAN_SEASON, WINDOW_DAYS, demo_complaints_load
from pseahub.cases.models import Complaint
from pseahub.core.discovery import DemoOptions
from pseahub.insights.counting import Filters, allegations_by, survivors_by
from pseahub.insights.suppression import suppress
from pseahub.network.demo import CONTACT_FOCAL_POINTS, DEMO_PASSWORD, DEMO_USERS, demo_load
from pseahub.network.models import Area, FocalPoint, NetworkSettings, Organisation, OrganisationType
from pseahub.network.services import network_settings_update

pytestmark = pytest.mark.django_db


def _load_command() -> str:
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def _load() -> None:
    demo_load()


def _counts() -> dict[str, int]:
    models = [Organisation, FocalPoint, User, RoleAssignment, Area, TOTPDevice, NetworkSettings, AuditEvent]
    return {model.__name__: model.objects.count() for model in models}


def test_it_refuses_without_force_when_the_demo_is_off(settings):
    settings.PSEAHUB_DEMO = False

    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo", stdout=io.StringIO())

    assert not Organisation.objects.exists()
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_loads_without_force_when_the_demo_is_on(settings):
    settings.PSEAHUB_DEMO = True

    call_command("load_demo", "--complaints", "5", stdout=io.StringIO())

    assert Organisation.objects.exists()


def test_it_creates_about_fifteen_organisations_of_every_type():
    _load()

    assert 14 <= Organisation.objects.count() <= 18
    assert set(Organisation.objects.values_list("type", flat=True)) == set(OrganisationType.values)
    assert Organisation.objects.filter(type=OrganisationType.UN_AGENCY).count() >= 3
    assert Organisation.objects.filter(type=OrganisationType.INGO).count() >= 2
    assert Organisation.objects.filter(type=OrganisationType.NNGO).count() >= 2
    assert Organisation.objects.filter(is_co_chair=True).exists()
    assert Organisation.objects.filter(is_member=False).exists()


def test_it_creates_a_user_for_every_role_who_can_sign_in():
    _load()

    for role in Role.values:
        assert RoleAssignment.objects.filter(role=role, user__email__endswith="@demo.psea.test").exists(), role
    for demo in DEMO_USERS:
        user = User.objects.get(email=demo.email)
        assert user.check_password(DEMO_PASSWORD)
        assert user.public_key is not None
        assert user.has_role(demo.role)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert User.objects.get(email="admin@demo.psea.test").is_staff


def test_it_links_the_focal_point_users_to_their_organisation():
    _load()

    for demo in DEMO_USERS:
        if demo.role != Role.FOCAL_POINT:
            continue
        user = User.objects.get(email=demo.email)
        organisation = Organisation.objects.get(acronym=demo.organisation)
        assert FocalPoint.objects.filter(organisation=organisation, user=user).exists()
        assert user.organisation_ids(Role.FOCAL_POINT) == {organisation.pk}
    assert FocalPoint.objects.filter(user__isnull=True).count() == len(CONTACT_FOCAL_POINTS)


def test_it_imports_the_ten_mali_regions():
    _load()

    regions = Area.objects.filter(admin_level=1)
    assert sorted(regions.values_list("pcode", flat=True)) == [f"ML{n:02d}" for n in range(1, 11)]
    assert set(regions.values_list("parent__pcode", flat=True)) == {"MLI"}
    assert Area.objects.get(pcode="ML10").name_local == "Ménaka"


def test_it_sets_up_the_mali_network_with_the_sop_deadlines():
    _load()

    settings = NetworkSettings.objects.get()
    assert (settings.country_code, settings.timezone, settings.weekend_days) == ("MLI", "Africa/Bamako", [6, 7])
    assert (settings.sla_refer_hours, settings.sla_acknowledge_working_days) == (24, 2)
    assert (settings.sla_first_progress_days, settings.sla_assistance_accept_hours) == (30, 24)


def test_it_keeps_settings_an_administrator_changed():
    _load()
    network_settings_update(actor=None, sla_refer_hours=12, timezone="UTC")

    _load()

    settings = NetworkSettings.objects.get()
    assert (settings.sla_refer_hours, settings.timezone) == (12, "UTC")


def _months_ago(day: dt.date, today: dt.date) -> int:
    return (today.year - day.year) * 12 + today.month - day.month


def test_it_spreads_two_years_of_complaints_over_the_seasons_and_the_campaign():
    _load()
    demo_complaints_load(count=DemoOptions().complaints)

    now = timezone.now()
    today = timezone.localdate(now)
    received = [timezone.localtime(at) for at in Complaint.objects.values_list("received_at", flat=True)]
    assert len(received) == DemoOptions().complaints == 400
    # Two years back from today, up to the last days.
    assert dt.timedelta(days=700) < now - min(received) <= dt.timedelta(days=WINDOW_DAYS + 1)
    assert now - max(received) < dt.timedelta(days=7)
    # Complaints in each of the eight quarters of the two years.
    quarters = Counter((now - at).days * 8 // WINDOW_DAYS for at in received)
    assert sorted(quarters) == list(range(8))
    assert min(quarters.values()) >= 15
    # More complaints a day in the lean season (June to September) than in the hot dry season (March to May).
    days = [today - dt.timedelta(days=n) for n in range(WINDOW_DAYS)]
    lean_days = sum(1 for day in days if day.month in LEAN_SEASON)
    dry_days = sum(1 for day in days if day.month in DRY_SEASON)
    lean = sum(1 for at in received if at.month in LEAN_SEASON)
    dry = sum(1 for at in received if at.month in DRY_SEASON)
    assert lean / lean_days > 1.2 * dry / dry_days
    # The three months after the communication campaign: far more than the same months a year before.
    months = Counter(_months_ago(at.date(), today) for at in received)
    after = sum(months[m] for m in range(CAMPAIGN_MONTHS_AGO - 3, CAMPAIGN_MONTHS_AGO))
    year_before = sum(months[m + 12] for m in range(CAMPAIGN_MONTHS_AGO - 3, CAMPAIGN_MONTHS_AGO))
    assert after > 1.25 * year_before


def test_its_complaints_show_the_trends_the_insights_pages_report():
    _load()
    demo_complaints_load(count=DemoOptions().complaints)

    today = timezone.localdate()
    two_years = Filters(start=today - dt.timedelta(days=WINDOW_DAYS), end=today)
    first_year = Filters(start=two_years.start, end=today - dt.timedelta(days=WINDOW_DAYS // 2 + 1))
    last_year = Filters(start=today - dt.timedelta(days=WINDOW_DAYS // 2), end=today)

    def counts(table):
        return dict(zip(table.row_keys, (row[0] for row in table.cells), strict=True))

    # Implementing partners: more allegations than UN agencies, and more each year.
    entities = counts(allegations_by("entity_type", two_years))
    assert entities["implementing_partner"] > entities["un_agency"] > 0
    assert entities["un_peace_operation"] > 0  # the former mission's uniformed personnel, reported late
    first, last = (counts(allegations_by("entity_type", f))["implementing_partner"] for f in (first_year, last_year))
    assert last > first > 0
    # Sexual exploitation is reported more often than sexual abuse.
    types = counts(allegations_by("sea_group", two_years))
    assert types["SE"] > types["SA"] > 0
    # Most allegations come from the centre and north; a few regions have so few that the page withholds them.
    areas = counts(allegations_by("area", two_years))
    main = sum(areas[pcode] for pcode in ("ML05", "ML07", "ML06", "ML04", "ML09", "ML10"))
    assert main >= 0.75 * sum(n for pcode, n in areas.items() if pcode.startswith("ML"))
    published = suppress(allegations_by("area", Filters.last_months(12)), k=5)
    assert published.suppressed >= 1
    assert published.cells[published.source.row_keys.index("ML05")][0] is not None  # Mopti
    # Survivors: most women and girls, a share of children, some men and boys; most counted with their consent,
    # not all.
    victims = survivors_by("victim_type", two_years)
    survivors = counts(victims)
    counted = sum(survivors.values())
    assert survivors["woman"] + survivors["girl"] >= 0.6 * counted
    assert 0.15 * counted <= survivors["girl"] + survivors["boy"] <= 0.45 * counted
    assert survivors["man"] > 0 and survivors["boy"] > 0
    assert 0 < victims.left_out <= 0.3 * (counted + victims.left_out)
