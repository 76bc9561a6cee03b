"""Shared set-up of the partner assessment tests: org_a is the partner (focal_point_a), org_b the lead agency
(focal_point_b); ``other_agency_fp`` is a focal point of a third organisation."""

from __future__ import annotations

from pseahub.accounts.models import Role, User
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.network.models import OrganisationType
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.partners import assessments as svc
from pseahub.partners.models import CapacityTool, PartnerAssessment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def unicef() -> CapacityTool:
    return CapacityTool.objects.get(code="unicef-six-standards")


def common() -> CapacityTool:
    return CapacityTool.objects.get(code="un-common-eight-standards")


def start(personas, tool: CapacityTool | None = None) -> PartnerAssessment:
    personas.org_b.type = OrganisationType.UN_AGENCY
    personas.org_b.save()
    return svc.assessment_create(
        actor=personas.coordinator,
        partner=personas.org_a,
        lead_agency=personas.org_b,
        tool=tool or unicef(),
        type="un_common",
        reason="new_partner",
    )


def answer(assessment: PartnerAssessment, actor: User, scores: list[int]) -> PartnerAssessment:
    standards = list(assessment.tool.standards.all())
    return svc.answers_save(
        actor=actor,
        assessment=assessment,
        answers={s.pk: (score, "") for s, score in zip(standards, scores, strict=False)},
    )


def submitted(personas, scores: list[int] | None = None) -> PartnerAssessment:
    assessment = answer(start(personas), personas.focal_point_a, scores or [3, 3, 2, 2, 3, 3])
    return svc.assessment_submit(actor=personas.focal_point_a, assessment=assessment)


def final(personas) -> PartnerAssessment:
    return svc.assessment_finalise(
        actor=personas.focal_point_b,
        assessment=submitted(personas),
        preliminary_rating="medium",
        decision_note="Policy in place; training to extend.",
    )


def other_agency_fp() -> User:
    user = UserFactory(email="fp.other@example.org")
    role_grant(actor=None, user=user, role=Role.FOCAL_POINT, organisation=OrganisationFactory(name="Gamma"))
    return user
