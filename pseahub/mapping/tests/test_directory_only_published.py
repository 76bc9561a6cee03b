"""What the public directory shows is each owner's choice: a field not in ``published_fields`` never appears;
unlisted, inactive (and closed or suspended) entries never appear; a service's referral contact never; a
shelter's address never, even when chosen; a focal point who did not agree never."""

import pytest
from django.utils import timezone

from pseahub.mapping.models import MechanismStatus, ServiceType
from pseahub.mapping.tests.factories import FeedbackMechanismFactory, ServiceFactory, mali_areas
from pseahub.network.tests.factories import FocalPointFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
URL = "/directory/"


def _page(client, **query) -> str:
    response = client.get(URL, query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_service_shows_only_the_fields_it_chose(client):
    areas = mali_areas()
    ServiceFactory(
        name="Clinique Sévaré", areas=[areas["ML05"]], contact_phone="+223 70 11 22 33",
        contact_email="hidden-mail@clinic.org", address="HIDDEN-ADDRESS 9", hours="HIDDEN-HOURS",
        languages=["tmh"], notes="HIDDEN-NOTES", referral_contact="REFERRAL-ONLY Dr Keïta",
        published_fields=["contact_phone"],
    )  # fmt: skip

    page = _page(client)

    assert "Clinique Sévaré" in page and "+223 70 11 22 33" in page
    for hidden in ("hidden-mail@clinic.org", "HIDDEN-ADDRESS", "HIDDEN-HOURS", "Tamasheq", "HIDDEN-NOTES", "REFERRAL"):
        assert hidden not in page, hidden


def test_a_service_with_every_field_chosen_still_hides_its_referral_contact(client):
    ServiceFactory(name="Aide juridique", type=ServiceType.LEGAL, address="Rue 7", referral_contact="REFERRAL-ONLY")

    page = _page(client)

    assert "Rue 7" in page and "REFERRAL-ONLY" not in page


def test_a_shelters_address_never_appears_even_when_chosen(client):
    areas = mali_areas()
    ServiceFactory(
        name="Maison sûre", type=ServiceType.SAFETY_SHELTER, address="SHELTER-STREET 17",
        contact_phone="+223 70 00 00 01", areas=[areas["ML05"]], published_fields=["contact_phone", "address"],
    )  # fmt: skip

    for query in ({}, {"area": "ML05"}, {"type": ServiceType.SAFETY_SHELTER}):
        page = _page(client, **query)
        assert "Maison sûre" in page and "+223 70 00 00 01" in page
        assert "SHELTER-STREET" not in page


def test_unlisted_and_inactive_services_never_appear(client):
    ServiceFactory(name="Unlisted clinic", is_listed=False)
    ServiceFactory(name="Closed clinic", is_active=False)
    ServiceFactory(name="Gone provider clinic", provider=OrganisationFactory(is_active=False))

    page = _page(client)

    assert "Unlisted clinic" not in page and "Closed clinic" not in page and "Gone provider clinic" not in page


def test_a_mechanism_shows_only_the_fields_it_chose(client):
    FeedbackMechanismFactory(
        name="Ligne verte Mopti", contact="HIDDEN-CONTACT 80 00", days_hours="SHOWN-DAYS 8-18", languages=["tmh"],
        cost="caller_pays", accessible_low_literacy=True, is_listed=True, published_fields=["days_hours"],
    )  # fmt: skip
    FeedbackMechanismFactory(
        name="Boîte à suggestions", contact="80 00 12 12", is_listed=True, published_fields=["contact", "cost"]
    )

    page = _page(client)

    assert "Ligne verte Mopti" in page and "Usable by people with low literacy" in page
    assert "SHOWN-DAYS 8-18" in page
    for hidden in ("HIDDEN-CONTACT", "Tamasheq", "The caller pays"):
        assert hidden not in page, hidden
    assert "80 00 12 12" in page


def test_unlisted_and_not_active_mechanisms_never_appear(client):
    FeedbackMechanismFactory(name="Not listed line", is_listed=False, published_fields=["contact"])
    for status in (MechanismStatus.SETTING_UP, MechanismStatus.SUSPENDED, MechanismStatus.CLOSED):
        FeedbackMechanismFactory(name=f"{status} line", status=status, is_listed=True)
    FeedbackMechanismFactory(name="Gone member line", organisation=OrganisationFactory(is_active=False), is_listed=True)

    page = _page(client)

    for name in ("Not listed line", "setting_up line", "suspended line", "closed line", "Gone member line"):
        assert name not in page, name


def test_a_focal_point_shows_their_organisation_and_only_the_fields_they_chose(client):
    organisation = OrganisationFactory(name="Santé Sahel", acronym="SS")
    FocalPointFactory(
        organisation=organisation, name="HIDDEN-NAME Diallo", title="Chargée PSEA", email="hidden@sante-sahel.org",
        phone="+223 66 77 88 99", languages=["tmh"], is_listed=True, published_fields=["title", "phone"],
        listing_agreed_at=timezone.now(),
    )  # fmt: skip

    page = _page(client)

    assert "Santé Sahel" in page and "Chargée PSEA" in page and "+223 66 77 88 99" in page
    for hidden in ("HIDDEN-NAME", "hidden@sante-sahel.org", "Tamasheq"):
        assert hidden not in page, hidden


def test_focal_points_who_did_not_agree_or_left_never_appear(client):
    FocalPointFactory(name="Not listed person", is_listed=False, published_fields=["name"])
    FocalPointFactory(name="Never agreed person", is_listed=True, published_fields=["name"])  # no agreement date
    FocalPointFactory(
        name="Inactive person", is_active=False, is_listed=True, published_fields=["name"],
        listing_agreed_at=timezone.now(),
    )  # fmt: skip

    page = _page(client)

    assert "person" not in page
