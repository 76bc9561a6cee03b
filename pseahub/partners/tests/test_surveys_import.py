"""Importing a survey: the dry run says what would be kept and left out, the import keeps only groups and choices,
the same files again change nothing, and bad files get reasons a person can act on."""

import io

import pytest
from django.core.exceptions import ValidationError

from pseahub.audit.models import Action, AuditEvent
from pseahub.core.exceptions import ApplicationError
from pseahub.partners.models import Survey, SurveyAnswer, SurveyDraft, SurveyResponse
from pseahub.partners.surveys import survey_draft_create, survey_import
from pseahub.partners.surveys_demo import export_build, xlsform_build
from pseahub.partners.surveys_files import plan_read

from .surveys_helpers import data, imported, regions

pytestmark = pytest.mark.django_db

FORM = [
    ("select_one sex", "sex", {"en": "Sex"}),
    ("select_one yes_no", "know_report", {"en": "Do you know how to report SEA?"}),
    ("text", "comments", {"en": "Comments"}),
]
CHOICES = {"sex": [("female", {"en": "Female"}), ("male", {"en": "Male"})], "yes_no": [("yes", {}), ("no", {})]}


def _plan(header, rows, form=None, choices=None):
    return plan_read(
        export_build(header, rows, as_csv=True), "export.csv", xlsform_build(form or FORM, choices or CHOICES), "f.xlsx"
    )


def test_the_dry_run_lists_the_questions_found_the_columns_kept_and_those_left_out_with_why(personas):
    regions()
    draft = survey_draft_create(
        actor=personas.coordinator,
        year=2026,
        title="",
        export=data("survey_2026.csv"),
        export_name="survey_2026.csv",
        form=data("survey_form.xlsx"),
        form_name="survey_form.xlsx",
    )
    plan = draft.plan

    assert plan["rows"] == 12 and len(plan["responses"]) == 12 and plan["skipped"] == 0
    assert [q["name"] for q in plan["questions"]] == ["know_report", "channels"]
    assert plan["columns_kept"] == ["sex", "age_group", "org_type", "admin1", "know_report", "channels"]
    ignored = dict(plan["columns_ignored"])
    assert ignored["respondent_name"] == ignored["phone"] == "may identify a person"
    assert ignored["comments"] == "free text, number, date or place"
    assert ignored["_uuid"] == "not a question of the form"
    assert plan["title"] == "Staff PSEA survey"
    assert Survey.objects.count() == 0  # nothing imported before the confirmation
    assert AuditEvent.objects.filter(action=Action.SURVEY_DRY_RUN).count() == 1


def test_the_import_keeps_groups_and_choices_only_and_the_same_files_again_change_nothing(personas):
    survey = imported(personas.coordinator, 2026)

    assert survey.respondents == 12 and survey.year == 2026 and survey.title == "Staff PSEA survey"
    assert SurveyResponse.objects.filter(survey=survey).count() == 12
    # 12 answers to know_report + 12 channels picked by the 10 who answered it (two picked two)
    assert SurveyAnswer.objects.filter(question__survey=survey).count() == 12 + 12
    stored = {f.name for f in SurveyResponse._meta.get_fields()}
    assert stored == {"id", "survey", "sex", "age_group", "organisation_type", "area", "answers"}
    assert not SurveyDraft.objects.exists()
    event = AuditEvent.objects.get(action=Action.SURVEY_IMPORTED)
    assert event.data["respondents"] == 12 and event.data["columns_ignored"] == 4

    again = imported(personas.coordinator, 2026)

    assert again == survey
    assert Survey.objects.count() == 1 and SurveyResponse.objects.count() == 12
    assert AuditEvent.objects.filter(action=Action.SURVEY_IMPORTED).count() == 1


def test_kobo_group_paths_and_one_column_per_choice_are_read(personas):
    survey = imported(personas.coordinator, 2025)

    assert survey.respondents == 10
    assert "g/know_report" in survey.columns_kept and "g/channels" in survey.columns_kept
    assert SurveyAnswer.objects.filter(question__name="channels", question__survey=survey).count() == 8


def test_other_files_for_a_year_already_imported_are_refused(personas):
    imported(personas.coordinator, 2026)
    draft = survey_draft_create(
        actor=personas.coordinator,
        year=2026,
        title="",
        export=data("survey_2025.xlsx"),
        export_name="survey_2025.xlsx",
        form=data("survey_form.xlsx"),
        form_name="survey_form.xlsx",
    )

    with pytest.raises(ValidationError, match="already imported"):
        survey_import(actor=personas.coordinator, draft=draft)


def test_an_unknown_choice_leaves_its_row_out_with_the_reason():
    plan = _plan(["sex", "know_report"], [["female", "yes"], ["male", "perhaps"], ["robot", "no"]])

    assert plan.rows == 3 and plan.skipped == 2 and len(plan.responses) == 1
    assert [(p.row, p.column) for p in plan.problems] == [(3, "know_report"), (4, "sex")]
    assert "“perhaps” is not a choice of the question know_report" in plan.problems[0].problem
    assert "“robot” is not a choice of this question" in plan.problems[1].problem


def test_missing_dimension_columns_are_named_and_the_rest_still_imports():
    plan = _plan(["know_report"], [["yes"], ["no"]])

    assert plan.missing_dimensions == ["sex", "age_group", "organisation_type", "area"]
    assert len(plan.responses) == 2


@pytest.mark.parametrize(
    ("export", "form", "choices", "reason"),
    [
        (["a", "b"], None, None, "No column of the export is a select question of the XLSForm"),
        (["know_report"], [("select_one answers", "know_report", {})], {}, "the choice list “answers”"),
        (["know_report"], [("text", "know_report", {})], {}, "no select_one or select_multiple question"),
    ],
)
def test_files_that_cannot_be_used_say_why(export, form, choices, reason):
    with pytest.raises(ApplicationError, match=reason):
        _plan(export, [["yes"] * len(export)], form, choices)


def test_an_xlsform_without_its_survey_sheet_or_not_a_workbook_is_refused():
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ApplicationError, match="no “survey” sheet"):
        plan_read(b"know_report\nyes\n", "e.csv", buffer.getvalue(), "f.xlsx")
    with pytest.raises(ApplicationError, match="must be an Excel workbook"):
        plan_read(b"know_report\nyes\n", "e.csv", b"type,name", "f.csv")


def test_labels_as_headers_and_values_are_read_and_ages_in_years_become_bands():
    form = [*FORM, ("integer", "age", {"en": "Age"})]
    plan = _plan(
        ["Sex", "Do you know how to report SEA?", "age"], [["Female", "yes", "31"], ["Male", "no", "17"]], form
    )

    assert plan.responses == [
        ["female", "25_39", "", "", {"know_report": ["yes"]}],
        ["male", "under_25", "", "", {"know_report": ["no"]}],
    ]


def test_an_xlsform_without_its_type_and_name_columns_or_choices_columns_is_refused():
    from openpyxl import Workbook

    def workbook(survey_header, choices_header):
        book = Workbook()
        sheet = book.active
        sheet.title = "survey"
        sheet.append(survey_header)
        sheet.append(["select_one yn", "q", "Q?"])
        choices = book.create_sheet("choices")
        choices.append(choices_header)
        choices.append(["yn", "yes", "Yes"])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    with pytest.raises(ApplicationError, match="needs the columns “type” and “name”"):
        plan_read(b"q\nyes\n", "e.csv", workbook(["kind", "name", "label"], ["list_name", "name", "label"]), "f.xlsx")
    with pytest.raises(ApplicationError, match="“choices” sheet needs the columns “list_name” and “name”"):
        plan_read(b"q\nyes\n", "e.csv", workbook(["type", "name", "label"], ["list", "name", "label"]), "f.xlsx")
