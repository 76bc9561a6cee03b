"""The demo's two survey years: imported through the services, indicators mapped, a change from 2025 to 2026, a
small region withheld, and loading again adds nothing."""

import pytest

from pseahub.network.models import Area
from pseahub.partners.models import Survey, SurveyIndicator
from pseahub.partners.surveys_demo import demo_surveys_load
from pseahub.partners.surveys_results import survey_results

pytestmark = pytest.mark.django_db


def test_the_demo_holds_two_years_with_a_change_and_loads_once(personas):
    mali = Area.objects.create(pcode="MLI", name="Mali", admin_level=0)
    for pcode, name in [("ML05", "Mopti"), ("ML06", "Tombouctou"), ("ML07", "Gao"), ("ML08", "Kidal"),
                        ("ML09", "Bamako"), ("ML10", "Menaka")]:  # fmt: skip
        Area.objects.create(pcode=pcode, name=name, admin_level=1, parent=mali)

    assert demo_surveys_load() == 2
    assert demo_surveys_load() == 0

    assert list(Survey.objects.values_list("year", flat=True)) == [2026, 2025]
    assert SurveyIndicator.objects.count() == 4
    results = survey_results(Survey.objects.get(year=2026))
    know = next(i for i in results.indicators if i.code == "know-how-to-report")
    overall = know.rows[0][1][0]
    assert know.previous_year == 2025 and overall.change is not None and overall.change > 5
    regions = dict(know.rows)["By region"]
    assert next(row for row in regions if row.label == "Kidal").current is None  # 3 respondents
    assert Survey.objects.get(year=2026).rows_skipped == 0
