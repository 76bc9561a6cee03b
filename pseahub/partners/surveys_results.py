"""The annual survey's results: per question the share of each answer, overall and by sex, age group,
organisation type and region; per indicator the share of positive answers this year and the year before.

Small groups (the network's ``small_cell_k``, as the insights app's figures use): a group of fewer than k
respondents to a question shows "withheld" instead of its percentages. Each breakdown's groups (with "not stated")
add up to the overall count, so when only one group of a breakdown is withheld the next smallest is withheld too
— otherwise the overall figures minus the shown groups would give it back. This is the insights rule
(``insights/suppression.py``) for the one shape these tables have: the insights app sits beside this one (no
import), and its full table search is not needed for one-way breakdowns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pseahub.network.models import Area, OrganisationType
from pseahub.network.selectors import network_settings_get

from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySex, label_in
from .surveys_charts import percent_chart

DIMENSION_INDEX = {"sex": 0, "age_group": 1, "organisation_type": 2, "area": 3}


def small_group_k() -> int:
    return int(network_settings_get().small_cell_k)


def withheld_groups(sizes: dict[str, int], k: int) -> set[str]:
    """The groups of one breakdown to withhold: those under k, and the smallest other one when only one is."""
    withheld = {key for key, size in sizes.items() if 0 < size < k}
    if len(withheld) == 1:
        others = sorted((size, key) for key, size in sizes.items() if key not in withheld and size > 0)
        if others:
            withheld.add(others[0][1])
    return withheld


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class GroupRow:
    label: str
    size: int | None  # None: withheld
    values: list[float | None]  # None: withheld

    @property
    def withheld(self) -> bool:
        return self.size is None


@dataclass
class Breakdown:
    dimension: str
    title: str
    rows: list[GroupRow]


@dataclass
class QuestionResult:
    question: SurveyQuestion
    label: str
    choices: list[str]
    overall: GroupRow
    breakdowns: list[Breakdown]
    chart: str = ""
    indicator: str = ""
    positive: list[str] = field(default_factory=list)
    bars: list[tuple[str, float | None]] = field(default_factory=list)  # the chart's figures (the PDF's bars)


@dataclass
class ComparisonRow:
    label: str
    previous: float | None
    current: float | None
    change: float | None


@dataclass
class IndicatorResult:
    name: str
    code: str
    question: str
    previous_year: int | None
    rows: list[tuple[str, list[ComparisonRow]]]  # (breakdown title, rows); the first: overall
    chart: str = ""
    bars: list[tuple[str, float | None]] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    k: int
    questions: list[QuestionResult]
    indicators: list[IndicatorResult]
    withheld_any: bool


# --- counting --------------------------------------------------------------------------------------------------
class _Tally:
    """A survey's respondents (their groups) and, per question, each respondent's choices (names)."""

    def __init__(self, survey: Survey) -> None:
        self.groups: dict[int, tuple[str, str, str, str]] = {
            pk: (sex, age, kind, pcode or "")
            for pk, sex, age, kind, pcode in SurveyResponse.objects.filter(survey=survey).values_list(
                "pk", "sex", "age_group", "organisation_type", "area__pcode"
            )
        }
        self.answers: dict[int, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for question_id, response_id, choice in SurveyAnswer.objects.filter(question__survey=survey).values_list(
            "question_id", "response_id", "choice__name"
        ):
            self.answers[question_id][response_id].add(choice)

    def keys(self, dimension: str) -> list[str]:
        index = DIMENSION_INDEX[dimension]
        return sorted({groups[index] for groups in self.groups.values()})


def _order(dimension: str, keys: list[str], survey: Survey) -> list[str]:
    if dimension == "sex":
        known = list(SurveySex.values)
    elif dimension == "organisation_type":
        known = list(OrganisationType.values)
    elif dimension == "age_group":
        known = [name for name, _labels in survey.age_groups] or ["under_25", "25_39", "40_59", "60_plus"]
    else:
        known = sorted(key for key in keys if key)
    ordered = [key for key in known if key in keys] + sorted(key for key in keys if key and key not in known)
    return ordered + ([""] if "" in keys else [])


def _labels(survey: Survey, language: str | None) -> dict[str, dict[str, str]]:
    not_stated = pgettext("survey group", "Not stated")
    bands = {
        "under_25": _("Under 25"),
        "25_39": _("25 to 39"),
        "40_59": _("40 to 59"),
        "60_plus": _("60 and over"),
    }
    pcodes = set(SurveyResponse.objects.filter(survey=survey).values_list("area__pcode", flat=True)) - {None}
    return {
        "sex": {"": not_stated, **{k: str(v) for k, v in SurveySex.choices}},
        "organisation_type": {"": not_stated, **{k: str(v) for k, v in OrganisationType.choices}},
        "age_group": {
            "": not_stated,
            **bands,
            **{name: label_in(labels, language, name) for name, labels in survey.age_groups},
        },
        "area": {"": not_stated, **{a.pcode: a.display_name(language) for a in Area.objects.filter(pcode__in=pcodes)}},
    }


def dimension_titles() -> dict[str, str]:
    return {
        "sex": _("By sex"),
        "age_group": _("By age group"),
        "organisation_type": _("By organisation type"),
        "area": _("By region"),
    }


def _rows(
    tally: _Tally,
    question_id: int,
    survey: Survey,
    labels: dict[str, dict[str, str]],
    k: int,
    values: Any,
) -> tuple[GroupRow, list[Breakdown]]:
    """The overall row and one breakdown per dimension; ``values(answers)`` gives a row's figures from the
    choices of its respondents who answered."""
    answered = tally.answers.get(question_id, {})
    overall_size = len(answered)
    overall_hidden = overall_size < k
    overall = GroupRow(
        _("All respondents"),
        None if overall_hidden else overall_size,
        values(list(answered.values())) if not overall_hidden else [None] * len(values([])),
    )
    breakdowns: list[Breakdown] = []
    for dimension, title in dimension_titles().items():
        index = DIMENSION_INDEX[dimension]
        members: dict[str, list[set[str]]] = defaultdict(list)
        for response_id, chosen in answered.items():
            members[tally.groups[response_id][index]].append(chosen)
        keys = _order(dimension, list(members), survey)
        if keys == [""]:
            continue  # the export had no such column
        hidden = set(keys) if overall_hidden else withheld_groups({key: len(members[key]) for key in keys}, k)
        rows = [
            GroupRow(labels[dimension].get(key, key), None, [None] * len(values([])))
            if key in hidden
            else GroupRow(labels[dimension].get(key, key), len(members[key]), values(members[key]))
            for key in keys
        ]
        breakdowns.append(Breakdown(dimension, title, rows))
    return overall, breakdowns


def _choice_shares(choices: list[str]) -> Any:
    def values(members: list[set[str]]) -> list[float | None]:
        return [percent(sum(1 for chosen in members if name in chosen), len(members)) for name in choices]

    return values


def _positive_share(positive: set[str]) -> Any:
    def values(members: list[set[str]]) -> list[float | None]:
        return [percent(sum(1 for chosen in members if chosen & positive), len(members))]

    return values


def _previous(question: SurveyQuestion) -> SurveyQuestion | None:
    """The question mapped to the same indicator in the latest earlier survey."""
    return (
        SurveyQuestion.objects.filter(indicator=question.indicator, survey__year__lt=question.survey.year)
        .select_related("survey")
        .order_by("-survey__year")
        .first()
    )


def survey_results(survey: Survey, *, language: str | None = None, charts: bool = True) -> SurveyResults:
    """Every question's and every mapped indicator's figures, small groups withheld."""
    k = small_group_k()
    tally = _Tally(survey)
    labels = _labels(survey, language)
    questions = list(survey.questions.select_related("indicator").prefetch_related("choices"))
    results: list[QuestionResult] = []
    withheld_any = False
    for question in questions:
        choices = list(question.choices.all())
        overall, breakdowns = _rows(
            tally, question.pk, survey, labels, k, _choice_shares([choice.name for choice in choices])
        )
        withheld_any |= overall.withheld or any(row.withheld for b in breakdowns for row in b.rows)
        choice_labels = [choice.display_label(language) for choice in choices]
        result = QuestionResult(
            question=question,
            label=question.display_label(language),
            choices=choice_labels,
            overall=overall,
            breakdowns=breakdowns,
            indicator=question.indicator.display_name(language) if question.indicator else "",
            positive=[c.display_label(language) for c in choices if c.name in question.positive],
            bars=list(zip(choice_labels, overall.values, strict=True)),
        )
        if charts:
            result.chart = percent_chart(
                chart_id=f"question-{question.position + 1}-chart",
                title=result.label,
                labels=choice_labels,
                values=overall.values,
            )
        results.append(result)
    indicators: list[IndicatorResult] = []
    for question in questions:
        if question.indicator is None:
            continue
        current_overall, current = _rows(tally, question.pk, survey, labels, k, _positive_share(set(question.positive)))
        previous_question = _previous(question)
        previous_rows: dict[tuple[str, str], float | None] = {}
        previous_overall: float | None = None
        if previous_question is not None:
            previous_survey = previous_question.survey
            before_tally = _Tally(previous_survey)
            before_labels = _labels(previous_survey, language)
            overall_before, before = _rows(
                before_tally,
                previous_question.pk,
                previous_survey,
                before_labels,
                k,
                _positive_share(set(previous_question.positive)),
            )
            previous_overall = overall_before.values[0]
            previous_rows = {(b.dimension, row.label): row.values[0] for b in before for row in b.rows}

        def comparison(label: str, before: float | None, now: float | None) -> ComparisonRow:
            change = round(now - before, 1) if now is not None and before is not None else None
            return ComparisonRow(label, before, now, change)

        rows: list[tuple[str, list[ComparisonRow]]] = [
            (_("All respondents"), [comparison(_("All respondents"), previous_overall, current_overall.values[0])])
        ]
        for breakdown in current:
            rows.append(
                (
                    breakdown.title,
                    [
                        comparison(row.label, previous_rows.get((breakdown.dimension, row.label)), row.values[0])
                        for row in breakdown.rows
                    ],
                )
            )
        indicator = IndicatorResult(
            name=question.indicator.display_name(language),
            code=question.indicator.code,
            question=question.display_label(language),
            previous_year=previous_question.survey.year if previous_question else None,
            rows=rows,
        )
        years = [str(previous_question.survey.year)] if previous_question else []
        values = [previous_overall] if previous_question else []
        indicator.bars = list(zip([*years, str(survey.year)], [*values, current_overall.values[0]], strict=True))
        if charts:
            indicator.chart = percent_chart(
                chart_id=f"indicator-{question.indicator.code}-chart",
                title=indicator.name,
                labels=[label for label, _value in indicator.bars],
                values=[value for _label, value in indicator.bars],
            )
        indicators.append(indicator)
    return SurveyResults(survey=survey, k=k, questions=results, indicators=indicators, withheld_any=withheld_any)


# --- the PDF summary -------------------------------------------------------------------------------------------
PDF_FONT = "DejaVu Sans"
PDF_LANGUAGES = ("en", "fr", "ar")


def summary_pdf(survey: Survey, language: str) -> bytes:
    """The survey's summary (indicators with the year before, then every question overall and by group) as a
    PDF in ``language`` (right to left in Arabic). Nothing is fetched while it is made (``data:`` URLs only)."""
    from django.template.loader import render_to_string
    from django.utils import timezone, translation
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override(language):
        # Bars drawn in HTML: WeasyPrint does not join Arabic letters inside SVG text.
        results = survey_results(survey, language=language, charts=False)
        html = render_to_string(
            "partners/surveys_summary_pdf.html",
            {
                "results": results,
                "survey": survey,
                "network": network_settings_get().display_name(language),
                "language": language,
                "rtl": translation.get_language_bidi(),
                "font": PDF_FONT,
                "today": timezone.localdate(),
            },
        )
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"])).write_pdf(pdf_tags=True)
    return pdf
