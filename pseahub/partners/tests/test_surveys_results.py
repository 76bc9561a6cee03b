"""The survey's results, computed by hand from the fixture files (tests/data/survey_2026.csv, 12 respondents, and
survey_2025.xlsx, 10): shares per answer overall and by group, small groups withheld (k = 5 by default), and the
indicator against the year before."""

import pytest

from pseahub.network.models import NetworkSettings
from pseahub.partners.models import SurveyIndicator
from pseahub.partners.surveys import indicator_save, question_map
from pseahub.partners.surveys_results import survey_results, withheld_groups

from .surveys_helpers import imported

pytestmark = pytest.mark.django_db


def _rows(breakdown):
    return [(row.label, row.size, row.values) for row in breakdown.rows]


def _question(results, name):
    return next(q for q in results.questions if q.question.name == name)


def test_each_answers_share_overall_and_by_group_with_small_groups_withheld(personas):
    results = survey_results(imported(personas.coordinator, 2026))
    know = _question(results, "know_report")
    by = {b.dimension: b for b in know.breakdowns}

    # 9 yes, 2 no, 1 don't know of 12
    assert (know.overall.size, know.overall.values) == (12, [75.0, 16.7, 8.3])
    # women: 5 yes, 1 no, 1 don't know of 7; men (4) and "not stated" (1) are under 5
    assert _rows(by["sex"]) == [
        ("Female", 7, [71.4, 14.3, 14.3]),
        ("Male", None, [None, None, None]),
        ("Not stated", None, [None, None, None]),
    ]
    # 18 to 34: all 7 say yes; 35 and over: 2 yes, 2 no, 1 don't know of 5 (5 is not under k)
    assert _rows(by["age_group"]) == [("18 to 34", 7, [100.0, 0.0, 0.0]), ("35 and over", 5, [40.0, 40.0, 20.0])]
    # Gao has 3: withheld; Bamako (9) too, or the overall minus Bamako would give Gao back
    assert _rows(by["area"]) == [("Gao", None, [None, None, None]), ("Bamako", None, [None, None, None])]
    assert results.withheld_any


def test_a_select_multiple_questions_shares_are_of_those_who_answered_and_may_pass_100(personas):
    results = survey_results(imported(personas.coordinator, 2026))
    channels = _question(results, "channels")

    # 10 answered: hotline 7, e-mail 3, focal point 2
    assert (channels.overall.size, channels.overall.values) == (10, [70.0, 30.0, 20.0])
    assert 'id="question-2-chart"' in channels.chart and "70.0 %" in channels.chart


def test_the_smallest_published_count_is_the_networks(personas):
    NetworkSettings.objects.update_or_create(id=1, defaults={"small_cell_k": 3})
    results = survey_results(imported(personas.coordinator, 2026))
    by = {b.dimension: b for b in _question(results, "know_report").breakdowns}

    assert results.k == 3
    # Gao (3 respondents, all yes) is shown at k = 3, and Bamako (9: 6 yes, 2 no, 1 don't know); "not stated" (1)
    # is not, and then the next smallest, men (4), is withheld with it
    assert _rows(by["area"]) == [("Gao", 3, [100.0, 0.0, 0.0]), ("Bamako", 9, [66.7, 22.2, 11.1])]
    assert _rows(by["sex"])[1:] == [("Male", None, [None, None, None]), ("Not stated", None, [None, None, None])]


def test_only_one_small_group_withholds_the_next_smallest():
    assert withheld_groups({"a": 3, "b": 9, "c": 7}, 5) == {"a", "c"}
    assert withheld_groups({"a": 3, "b": 2, "c": 7}, 5) == {"a", "b"}
    assert withheld_groups({"a": 6, "b": 9}, 5) == set()


def test_the_indicator_is_compared_with_the_question_mapped_to_it_the_year_before(personas):
    coordinator = personas.coordinator
    before, now = imported(coordinator, 2025), imported(coordinator, 2026)
    indicator = indicator_save(actor=coordinator, code="know-how-to-report", names={"en": "% who know how to report"})
    for survey in (before, now):
        question_map(
            actor=coordinator, question=survey.questions.get(name="know_report"), indicator=indicator, positive=["yes"]
        )

    results = survey_results(now)
    [result] = results.indicators

    assert result.previous_year == 2025
    overall = result.rows[0][1][0]
    # 2025: 5 yes of 10 = 50.0 %; 2026: 9 of 12 = 75.0 %
    assert (overall.previous, overall.current, overall.change) == (50.0, 75.0, 25.0)
    by_sex = dict(result.rows)["By sex"]
    # 2026: women 5 of 7; 2025: men (4) are under 5 and the only small group, so women (6) are withheld with them
    assert (by_sex[0].label, by_sex[0].previous, by_sex[0].current, by_sex[0].change) == ("Female", None, 71.4, None)
    assert (by_sex[1].previous, by_sex[1].current, by_sex[1].change) == (None, None, None)
    assert "2025: 50.0 %" in result.chart and "2026: 75.0 %" in result.chart
    assert SurveyIndicator.objects.get().questions.count() == 2


def test_the_first_year_of_an_indicator_has_nothing_to_compare(personas):
    coordinator = personas.coordinator
    now = imported(coordinator, 2026)
    indicator = indicator_save(actor=coordinator, code="channels", names={"fr": "% qui connaissent la ligne verte"})
    question_map(
        actor=coordinator, question=now.questions.get(name="channels"), indicator=indicator, positive=["hotline"]
    )

    [result] = survey_results(now).indicators

    assert result.previous_year is None
    assert (result.rows[0][1][0].previous, result.rows[0][1][0].current) == (None, 70.0)


def test_labels_follow_the_language(personas):
    results = survey_results(imported(personas.coordinator, 2026), language="fr")

    know = _question(results, "know_report")
    assert know.label == "Savez-vous comment signaler une EAS ?"
    assert know.choices == ["Oui", "Non", "Ne sait pas"]
