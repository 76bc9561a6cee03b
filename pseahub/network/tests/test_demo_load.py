"""manage.py load_demo: the demo Mali network, through the real services, idempotent, refused outside a demo."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.audit.models import AuditEvent
from pseahub.audit.services import chain_verify
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

    call_command("load_demo", stdout=io.StringIO())

    assert Organisation.objects.exists()


def test_it_is_idempotent():
    first = _load_command()
    after_first = _counts()

    second = _load_command()

    assert _counts() == after_first
    assert "Demo network ready (17 organisations, 21 focal_points, 17 users, 64 areas" in first
    assert "Demo network ready (0 organisations, 0 focal_points, 0 users, 0 areas" in second
    assert Organisation.objects.values("name").distinct().count() == Organisation.objects.count()
    assert FocalPoint.objects.values("organisation", "name").distinct().count() == FocalPoint.objects.count()


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


def test_it_leaves_an_intact_audit_chain_without_identifying_data():
    _load_command()
    _load_command()

    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "chain verified" in out.getvalue()
    assert chain_verify() is None
    logged = json.dumps(list(AuditEvent.objects.values_list("target_id", "data")), ensure_ascii=False).lower()
    people = [(demo.full_name, demo.email) for demo in DEMO_USERS]
    people += [(name, phone) for _acronym, name, _title, phone, _languages in CONTACT_FOCAL_POINTS]
    for name, contact in people:
        assert name.lower() not in logged
        assert contact.lower() not in logged
