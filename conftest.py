"""Shared fixtures: named personas (healthchecks style) and clients signed in with 2FA passed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from pseahub.accounts.models import Role, User
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import PASSWORD, UserFactory
from pseahub.network.models import Organisation
from pseahub.network.tests.factories import OrganisationFactory


@dataclass
class Personas:
    org_a: Organisation
    org_b: Organisation
    coordinator: User
    focal_point_a: User
    focal_point_b: User
    provider: User
    operator: User
    analyst: User
    leadership: User
    co_chair: User
    donor: User
    hq: User
    admin: User
    no_role: User

    password: str = PASSWORD


def _with_role(email: str, role: Role, organisation: Organisation | None = None) -> User:
    user = UserFactory(email=email)
    role_grant(actor=None, user=user, role=role, organisation=organisation)
    return user


@pytest.fixture
def personas(db: None) -> Personas:
    org_a = OrganisationFactory(name="Alpha Relief", acronym="ALPHA")
    org_b = OrganisationFactory(name="Beta Aid", acronym="BETA")
    return Personas(
        org_a=org_a,
        org_b=org_b,
        coordinator=_with_role("coordinator@example.org", Role.COORDINATOR),
        focal_point_a=_with_role("fp.a@example.org", Role.FOCAL_POINT, org_a),
        focal_point_b=_with_role("fp.b@example.org", Role.FOCAL_POINT, org_b),
        provider=_with_role("provider@example.org", Role.SERVICE_PROVIDER, org_a),
        operator=_with_role("operator@example.org", Role.OPERATOR),
        analyst=_with_role("analyst@example.org", Role.ANALYST),
        leadership=_with_role("leadership@example.org", Role.LEADERSHIP),
        co_chair=_with_role("co-chair@example.org", Role.CO_CHAIR),
        donor=_with_role("donor@example.org", Role.DONOR),
        hq=_with_role("hq@example.org", Role.HQ),
        admin=_with_role("admin@example.org", Role.NETWORK_ADMIN),
        no_role=UserFactory(email="norole@example.org"),
    )


def verified_client(user: User) -> Client:
    """A test client signed in as ``user`` with the second factor passed."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_for():
    return verified_client


@pytest.fixture(autouse=True)
def _vocabularies_after_flush(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live server, file scans) flush every table afterwards, including the vocabularies
    a data migration seeded and the risk frameworks and plan templates written after every migrate; put them back
    so that every test sees the same database."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from pseahub.cases.models import Term
    from pseahub.cases.vocabularies import seed_terms
    from pseahub.planning.frameworks import ensure_builtin

    seed_terms(Term)
    ensure_builtin()


@pytest.fixture(autouse=True)
def _receipt_params_per_test() -> Iterator[None]:
    """The receipt's Argon2id parameters are cached per process once committed (``vault.services``); a
    transactional test's flush deletes them, so no test may inherit another's."""
    from pseahub.vault.services import receipt_params_forget

    receipt_params_forget()
    yield
    receipt_params_forget()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language, whatever the one before it activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reference_tables_per_test() -> Iterator[None]:
    """Reference tables (areas, organisations, terms) are kept per process; each test loads its own."""
    from pseahub.core.refdata import reference_tables_forget

    reference_tables_forget()
    yield
    reference_tables_forget()


@pytest.fixture(autouse=True)
def _empty_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Cached figures (the tracker's counts) and rate-limit counters never leak from one test into another: a
    rolled-back test reuses the same primary keys and audit sequence numbers. Both live in the database (or
    Redis), so only tests that use the database have any to clear."""
    from django.core.cache import cache

    from pseahub.core.counters import counters_clear

    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}
        & set(request.fixturenames)
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    cache.clear()
    counters_clear()
    yield
    cache.clear()
    counters_clear()
