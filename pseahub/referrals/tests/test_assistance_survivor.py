"""An assistance referral names the survivor it is for. The refer form on the case page offers the complaint's
survivors by a label that identifies nobody ("Survivor 2 — Boy (under 18)"): a choice is required when there
are several, the only one is taken otherwise. The provider sees which survivor by that label; the name reaches
them only in what was shared with consent (the chosen survivor's, no other)."""

from __future__ import annotations

import re

import pytest

from pseahub.cases.models import Survivor
from pseahub.cases.services import SurvivorInput
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import Referral
from pseahub.referrals.services import assistance_refer

from .helpers import private_key, refer_assistance, sea_complaint, sign_in, term, text

FIRST = "Survivor 1 — Woman, 18–25 years"  # noqa: RUF001 (the age group's label has an en dash)
SECOND = "Survivor 2 — Boy (under 18)"


@pytest.fixture
def service(personas):
    return ServiceFactory(provider=personas.org_a, name="Clinique Espoir")


@pytest.fixture
def two_survivors(personas):
    return sea_complaint(
        personas,
        consents=("services",),
        involves_child=True,
        survivors=[
            SurvivorInput(sex="female", age_group=term("age_group", "18-25"), name="Aminata Zeta", contact="7001"),
            SurvivorInput(sex="male", is_child=True, name="Moussa Kappa", contact="7002"),
        ],
    )


def _assistance_form(page: str) -> str:
    return re.search(r'<form[^>]*action="[^"]*/assistance/#referrals".*?</form>', page, re.S).group(0)


@pytest.mark.django_db
def test_the_form_offers_each_survivor_by_a_label_without_the_name(personas, two_survivors, service):
    page = text(sign_in(personas.coordinator).get(f"/cases/{two_survivors.public_id}/"))

    form = _assistance_form(page)
    assert FIRST in form and SECOND in form
    assert "Aminata" not in form and "Moussa" not in form


@pytest.mark.django_db
def test_a_choice_is_required_when_there_are_several(personas, two_survivors, service):
    client = sign_in(personas.coordinator)

    response = client.post(
        f"/cases/{two_survivors.public_id}/assistance/", {"service": str(service.public_id), "summary": "Needs care."}
    )

    assert response.status_code == 200
    error = re.search(r'<ul class="errorlist" id="assistance-survivor_error">(.*?)</ul>', text(response), re.S)
    assert error and "This field is required." in error.group(1)
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_the_chosen_survivor_is_stored_and_the_provider_sees_which(personas, two_survivors, service):
    second = two_survivors.survivors.order_by("pk")[1]
    coordinator = sign_in(personas.coordinator)

    response = coordinator.post(
        f"/cases/{two_survivors.public_id}/assistance/",
        {"service": str(service.public_id), "summary": "Needs care.", "survivor": str(second.public_id)},
    )

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.survivor == second
    page = text(sign_in(personas.provider).get(f"/referrals/{referral.public_id}/"))
    assert SECOND in page
    assert "Moussa Kappa" in page  # shared with the services consent: the chosen survivor's name...
    assert "Aminata" not in page  # ...and nobody else's
    case_page = text(coordinator.get(f"/cases/{two_survivors.public_id}/"))
    assert SECOND in case_page.split('id="referrals-heading"')[1]


@pytest.mark.django_db
def test_the_only_survivor_is_taken_when_none_is_chosen(personas, service):
    complaint = sea_complaint(personas, consents=("services",))
    coordinator = sign_in(personas.coordinator)
    form = _assistance_form(text(coordinator.get(f"/cases/{complaint.public_id}/")))
    assert (
        "Survivor 1 — " in form and "---------" not in form.split('id="assistance-survivor"')[1].split("</select>")[0]
    )

    coordinator.post(f"/cases/{complaint.public_id}/assistance/", {"service": str(service.public_id), "summary": "X"})

    assert Referral.objects.get().survivor == Survivor.objects.get(complaint=complaint)


@pytest.mark.django_db
def test_each_survivor_may_be_referred_to_the_same_service_once(personas, two_survivors, service):
    first, second = two_survivors.survivors.order_by("pk")

    def send(survivor):
        return assistance_refer(
            actor=personas.coordinator,
            complaint=two_survivors,
            service=service,
            summary="Needs care.",
            survivor=survivor,
            actor_private=private_key(personas.coordinator),
        )

    send(first)
    send(second)
    with pytest.raises(ApplicationError, match="already referred to this service"):
        send(second)
    with pytest.raises(ApplicationError, match="Choose the survivor the services are for"):
        refer_assistance(personas, two_survivors, ServiceFactory(provider=personas.org_a))

    assert sorted(Referral.objects.values_list("survivor", flat=True)) == [first.pk, second.pk]


@pytest.mark.django_db
def test_a_survivor_of_another_complaint_is_refused(personas, two_survivors, service):
    other = Survivor.objects.get(complaint=sea_complaint(personas, consents=("services",)))

    with pytest.raises(ApplicationError, match="Choose a survivor of this complaint"):
        assistance_refer(
            actor=personas.coordinator,
            complaint=two_survivors,
            service=service,
            summary="Needs care.",
            survivor=other,
            actor_private=private_key(personas.coordinator),
        )
    assert not Referral.objects.exists()
