"""The rating comes from the answers by the tool's thresholds, only when every standard is answered (sums worked
out by hand for both shipped tools)."""

import pytest

from pseahub.partners import assessments as svc
from pseahub.partners.assessment_tools import ensure_builtin
from pseahub.partners.models import CapacityThreshold

from .assessments_helpers import answer, common, start, unicef

pytestmark = pytest.mark.django_db


def _scores(tool, values):
    return dict(zip(tool.standards.values_list("pk", flat=True), values, strict=True))


@pytest.mark.parametrize(
    ("values", "total", "rating"),
    [
        ([1, 1, 1, 1, 1, 1], 6, "low"),  # 6: the lowest sum
        ([2, 2, 1, 1, 1, 1], 8, "low"),  # 8: still high risk
        ([2, 2, 2, 1, 1, 1], 9, "medium"),  # 9: moderate from here
        ([3, 3, 2, 2, 2, 2], 14, "medium"),  # 14: the last moderate
        ([3, 3, 3, 2, 2, 2], 15, "full"),  # 15: low risk from here
        ([3, 3, 3, 3, 3, 3], 18, "full"),
    ],
)
def test_unicef_six_standards_three_levels(values, total, rating):
    tool = unicef()
    assert tool.standards.count() == 6
    assert svc.rating_compute(tool, _scores(tool, values)) == (total, rating)


@pytest.mark.parametrize(
    ("yes", "rating"),
    [(8, "full"), (7, "medium"), (6, "medium"), (5, "low"), (0, "low")],
)
def test_common_eight_standards_yes_no(yes, rating):
    tool = common()
    assert tool.standards.count() == 8
    values = [1] * yes + [0] * (8 - yes)
    assert svc.rating_compute(tool, _scores(tool, values)) == (yes, rating)


def test_no_rating_until_every_standard_is_answered(personas):
    assessment = answer(start(personas), personas.focal_point_a, [3, 3, 3, 3, 3])
    assert (assessment.score, assessment.rating) == (None, "")
    assessment = answer(assessment, personas.focal_point_a, [3, 3, 3, 3, 3, 1])
    assert (assessment.score, assessment.rating) == (16, "full")


def test_a_score_off_the_scale_is_refused(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        answer(start(personas, tool=common()), personas.focal_point_a, [3])


def test_the_shipped_tools_are_restored(db):
    tool = unicef()
    tool.name = "Changed"
    tool.save()
    CapacityThreshold.objects.filter(tool=tool).delete()
    ensure_builtin()
    tool.refresh_from_db()
    assert tool.name == "UNICEF: six core standards, three levels"
    assert list(tool.thresholds.values_list("min_score", "max_score", "rating")) == [
        (6, 8, "low"),
        (9, 14, "medium"),
        (15, 18, "full"),
    ]


def test_no_answers_from_the_page_count_as_zero(personas, client_for):
    from django.urls import reverse

    assessment = start(personas, tool=common())
    data = {f"score_{s.pk}": "0" if s.order > 6 else "1" for s in assessment.tool.standards.all()}
    url = reverse("partners:assessment_answers", args=[assessment.public_id])
    assert client_for(personas.focal_point_a).post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert (assessment.score, assessment.rating) == (6, "medium")  # 6 yes of 8
    assert assessment.answers.filter(score=0).count() == 2
