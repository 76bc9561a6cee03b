"""What the database itself refuses: two versions of a document in force in one language, a period that ends
before it starts, two scores of one cell by one contribution."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from pseahub.accounts.tests.factories import UserFactory
from pseahub.network.models import Area, Organisation
from pseahub.planning.models import (
    ActionPlan,
    DocumentKind,
    DocumentVersion,
    NetworkDocument,
    PlanTemplate,
    RiskAssessmentRound,
    RiskContribution,
    RiskIndicator,
    RiskScore,
    Sector,
)

pytestmark = pytest.mark.django_db


def _version(document: NetworkDocument, *, in_force: bool) -> DocumentVersion:
    return DocumentVersion.objects.create(
        document=document, language="fr", label="2026", filename="tdr.pdf", content_type="application/pdf",
        content=b"%PDF-", size=5, sha256="0" * 64, in_force=in_force, uploaded_by=UserFactory(),
    )  # fmt: skip


def test_only_one_version_of_a_document_is_in_force_per_language() -> None:
    document = NetworkDocument.objects.create(kind=DocumentKind.TOR, title="TdR du réseau")
    _version(document, in_force=True)
    _version(document, in_force=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        _version(document, in_force=True)


def test_a_plan_or_round_cannot_end_before_it_starts() -> None:
    template = PlanTemplate.objects.get(code="iasc-2018")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.create(
            title="Plan", template=template, period_start=dt.date(2027, 1, 1), period_end=dt.date(2026, 1, 1)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAssessmentRound.objects.create(
            title="Round", period_start=dt.date(2027, 1, 1), period_end=dt.date(2026, 1, 1)
        )


def test_a_contribution_scores_each_cell_once() -> None:
    round_ = RiskAssessmentRound.objects.create(
        title="Round", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30)
    )
    organisation = Organisation.objects.create(name="Org", type="ingo")
    contribution = RiskContribution.objects.create(round=round_, organisation=organisation)
    indicator = RiskIndicator.objects.filter(dimension__framework__code="matrix-food-cash").first()
    area = Area.objects.create(pcode="ZZ01", name="Zone", admin_level=1)
    RiskScore.objects.create(
        contribution=contribution, indicator=indicator, sector=Sector.FOOD_CASH, area=area, likelihood=3, impact=4
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskScore.objects.create(
            contribution=contribution, indicator=indicator, sector=Sector.FOOD_CASH, area=area, likelihood=1, impact=1
        )
