"""The annual PSEA survey (issue 16 item 9): the writes. A dry run (``survey_draft_create``) reads the export and
its XLSForm and keeps only what the import would store (``surveys_files``), for its author, a day at most; the
confirmation (``survey_import``) turns it into one survey year. The same files imported again change nothing (their
fingerprint is the survey's). Editors keep the indicators and map questions to them."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.network.models import Area

from .access import edits_partners
from .models import (
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyDraft,
    SurveyIndicator,
    SurveyQuestion,
    SurveyResponse,
)
from .surveys_files import file_hash, plan_read

DRAFT_AGE = dt.timedelta(days=1)
YEARS = range(2000, 2101)


def _editor(actor: User) -> None:
    if not edits_partners(actor):
        raise PermissionError("Only the network's coordinator and co-chairs keep the survey.")


# --- reads ----------------------------------------------------------------------------------------------------
def survey_list() -> Any:
    return Survey.objects.all()


def survey_get(public_id: Any) -> Survey:
    """A survey by its public id (every reader reads every survey: its results are aggregates); Http404."""
    survey = Survey.objects.filter(public_id=public_id).first()
    if survey is None:
        raise Http404
    return survey


def draft_get_for(actor: User, public_id: Any) -> SurveyDraft:
    """A dry run of ``actor`` that is less than a day old; Http404 for anyone else's or an old one."""
    draft = SurveyDraft.objects.filter(
        public_id=public_id, actor=actor, created_at__gte=timezone.now() - DRAFT_AGE
    ).first()
    if draft is None or not edits_partners(actor):
        raise Http404
    return draft


def question_get(survey: Survey, public_id: Any) -> SurveyQuestion:
    question = survey.questions.filter(public_id=public_id).first()
    if question is None:
        raise Http404
    return question


def indicator_get(public_id: Any) -> SurveyIndicator:
    indicator = SurveyIndicator.objects.filter(public_id=public_id).first()
    if indicator is None:
        raise Http404
    return indicator


# --- the import -------------------------------------------------------------------------------------------------
@transaction.atomic
def survey_draft_create(
    *, actor: User, year: int, title: str, export: bytes, export_name: str, form: bytes, form_name: str
) -> SurveyDraft:
    """Read the files (``ApplicationError`` if they cannot be used) and keep what would be imported; drafts
    older than a day are deleted on the way."""
    _editor(actor)
    if year not in YEARS:
        raise ValidationError({"year": _("Give the survey's year, e.g. 2026.")})
    SurveyDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_AGE).delete()
    plan = plan_read(export, export_name, form, form_name)
    fingerprint = file_hash(export, form)
    data = plan.as_data()
    data["year"] = year
    data["title"] = (title or plan.title or _("PSEA survey %(year)s") % {"year": year}).strip()[:200]
    draft = SurveyDraft.objects.create(actor=actor, file_hash=fingerprint, plan=data)
    record(
        actor=actor,
        action=Action.SURVEY_DRY_RUN,
        target=draft,
        data={"year": year, "rows": plan.rows, "skipped": plan.skipped, "questions": len(plan.questions)},
    )
    return draft


def draft_status(draft: SurveyDraft) -> tuple[Survey | None, Survey | None]:
    """(the survey these very files made, if any; another survey of the draft's year, if any)."""
    same = Survey.objects.filter(file_hash=draft.file_hash).first()
    other = Survey.objects.filter(year=draft.plan["year"]).exclude(file_hash=draft.file_hash).first()
    return same, other


@transaction.atomic
def survey_import(*, actor: User, draft: SurveyDraft, replace: Survey | None = None) -> Survey:
    """The dry run's survey, stored; the same files again give the survey they made (nothing more).

    A year already imported from other files (a partial export, the wrong form) is refused unless ``replace`` names
    that very survey: then it is replaced in the same transaction, and its questions' indicators and positive
    answers carry over to the new questions of the same name (and choices that still exist)."""
    _editor(actor)
    same, other = draft_status(draft)
    if same is not None:
        draft.delete()
        return same
    plan = draft.plan
    if other is not None and (replace is None or replace.pk != other.pk):
        raise ValidationError(
            _("The survey of %(year)s is already imported from other files.") % {"year": plan["year"]}
        )
    if not plan["responses"]:
        raise ValidationError(_("No respondent of this file can be imported."))
    mapping: dict[str, tuple[int | None, list[str]]] = {}
    replaced: dict[str, Any] = {}
    if other is not None:
        mapping = {q.name: (q.indicator_id, q.positive) for q in other.questions.all()}
        replaced = {"survey": str(other.public_id), "respondents": other.respondents}
        other.delete()
    survey = Survey.objects.create(
        year=plan["year"],
        title=plan["title"],
        file_hash=draft.file_hash,
        languages=plan["languages"],
        columns_kept=plan["columns_kept"],
        columns_ignored=len(plan["columns_ignored"]),
        age_groups=[[name, labels] for name, labels in plan["age_labels"].items()],
        respondents=len(plan["responses"]),
        rows_skipped=plan["skipped"],
        imported_by=actor,
    )
    questions: dict[str, SurveyQuestion] = {}
    choices: dict[tuple[str, str], SurveyChoice] = {}
    for position, item in enumerate(plan["questions"]):
        indicator_id, positive = mapping.get(item["name"], (None, []))
        names = {name for name, _labels in item["choices"]}
        positive = [name for name in positive if name in names]
        indicator_id = indicator_id if positive else None  # none of its positive answers left: not measured
        question = SurveyQuestion.objects.create(
            survey=survey,
            position=position,
            name=item["name"],
            type=item["type"],
            list_name=item["list_name"],
            labels=item["labels"],
            indicator_id=indicator_id,
            positive=positive,
        )
        questions[question.name] = question
        made = SurveyChoice.objects.bulk_create(
            SurveyChoice(question=question, position=i, name=name, labels=labels)
            for i, (name, labels) in enumerate(item["choices"])
        )
        choices |= {(question.name, choice.name): choice for choice in made}
    areas = {a.pcode: a for a in Area.objects.filter(pcode__in={r[3] for r in plan["responses"] if r[3]})}
    rows = list(plan["responses"])
    random.SystemRandom().shuffle(rows)  # the stored order says nothing of the file's
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, sex=sex, age_group=age, organisation_type=kind, area=areas.get(pcode))
        for sex, age, kind, pcode, _answers in rows
    )
    SurveyAnswer.objects.bulk_create(
        (
            SurveyAnswer(response=response, question=questions[name], choice=choices[name, choice])
            for response, row in zip(responses, rows, strict=True)
            for name, picked in row[4].items()
            for choice in picked
        ),
        batch_size=2000,
    )
    if replaced:
        record(actor=actor, action=Action.SURVEY_REPLACED, target=survey, data={"year": survey.year, **replaced})
    record(
        actor=actor,
        action=Action.SURVEY_IMPORTED,
        target=survey,
        data={
            "year": survey.year,
            "respondents": survey.respondents,
            "rows_skipped": survey.rows_skipped,
            "questions": len(questions),
            "columns_kept": len(survey.columns_kept),
            "columns_ignored": survey.columns_ignored,
        },
    )
    draft.delete()
    return survey


# --- indicators and the questions' mapping -----------------------------------------------------------------------
@transaction.atomic
def indicator_save(
    *, actor: User, indicator: SurveyIndicator | None = None, code: str, names: dict[str, str]
) -> SurveyIndicator:
    _editor(actor)
    names = {language: text.strip()[:300] for language, text in names.items() if text and text.strip()}
    if not names:
        raise ValidationError({"name_en": _("Name the indicator in at least one language.")})
    clash = SurveyIndicator.objects.filter(code=code)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise ValidationError({"code": _("Another indicator has this code.")})
    if indicator is None:
        indicator = SurveyIndicator.objects.create(code=code, names=names)
    else:
        indicator.code, indicator.names = code, names
        indicator.save(update_fields=["code", "names", "updated_at"])
    record(actor=actor, action=Action.SURVEY_INDICATOR_SAVED, target=indicator, data={"code": code})
    return indicator


@transaction.atomic
def question_map(
    *, actor: User, question: SurveyQuestion, indicator: SurveyIndicator | None, positive: list[str]
) -> SurveyQuestion:
    """Map ``question`` to ``indicator`` (None: unmap) with the answers that count as positive."""
    _editor(actor)
    names = set(question.choices.values_list("name", flat=True))
    if indicator is not None and not positive:
        raise ValidationError({"positive": _("Choose the answers that count towards the indicator.")})
    if not set(positive) <= names:
        raise ValidationError({"positive": _("Choose answers of this question.")})
    if indicator is not None and question.survey.questions.filter(indicator=indicator).exclude(pk=question.pk).exists():
        raise ValidationError({"indicator": _("Another question of this survey already measures this indicator.")})
    question.indicator = indicator
    question.positive = [name for name in question.choices.values_list("name", flat=True) if name in positive]
    if indicator is None:
        question.positive = []
    question.save(update_fields=["indicator", "positive", "updated_at"])
    record(
        actor=actor,
        action=Action.SURVEY_QUESTION_MAPPED,
        target=question,
        data={
            "survey": str(question.survey.public_id),
            "indicator": indicator.code if indicator else None,
            "positive": len(question.positive),
        },
    )
    return question
