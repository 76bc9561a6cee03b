"""The annual PSEA survey's pages (issue 16 item 9): the list, the import (upload → dry run → import), the results
with their PDF summary, the indicators and the mapping of questions to them. Editors (coordinator, co-chairs)
import and map; readers (with focal points and leadership) read the results."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from pseahub.accounts.models import User
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.core.forms import service_errors_add

from .access import PARTNERS_EDITORS, PARTNERS_READERS, edits_partners
from .forms_surveys import IndicatorForm, QuestionMapForm, SurveyUploadForm
from .models import SurveyIndicator
from .surveys import (
    draft_get_for,
    draft_status,
    indicator_get,
    indicator_save,
    question_get,
    question_map,
    survey_draft_create,
    survey_get,
    survey_import,
    survey_list,
)
from .surveys_files import DIMENSIONS
from .surveys_results import PDF_LANGUAGES, dimension_titles, summary_pdf, survey_results

#: Each language in its own name (the link to its PDF).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@role_required(*PARTNERS_READERS)
@require_safe
def survey_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partners/surveys_list.html",
        {
            "surveys": survey_list(),
            "indicators": SurveyIndicator.objects.all(),
            "edits": edits_partners(_user(request)),
        },
    )


@never_cache
@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_upload(request: HttpRequest) -> HttpResponse:
    """The files make a dry run (what would be kept, for its author only), then the dry run's page."""
    form = SurveyUploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and getattr(request, "intake_oversize", None):
        form.is_valid()
        form.add_error(None, _("This file is too large."))
    elif request.method == "POST" and form.is_valid():
        export, xlsform = form.cleaned_data["export"], form.cleaned_data["xlsform"]
        try:
            draft = survey_draft_create(
                actor=_user(request),
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                export=export.read(),
                export_name=export.name or "",
                form=xlsform.read(),
                form_name=xlsform.name or "",
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            return redirect("partners:survey_dry_run", public_id=draft.public_id)
    return render(request, "partners/surveys_upload.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_dry_run(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """What the dry run found; "Import" stores it and opens the survey (again: the same survey)."""
    user = _user(request)
    try:
        draft = draft_get_for(user, public_id)
    except Http404:
        if request.method == "POST":  # imported already (the dry run is gone): safe to repeat
            messages.info(request, _("This dry run is no longer there: upload the files again if needed."))
            return redirect("partners:surveys")
        raise
    same, other = draft_status(draft)
    error = ""
    if request.method == "POST":
        # "Replace" names the survey the page showed: if another was imported meanwhile, nothing is replaced.
        replace = other if other is not None and request.POST.get("replace") == str(other.public_id) else None
        try:
            survey = survey_import(actor=user, draft=draft, replace=replace)
        except ValidationError as problem:
            error = "; ".join(problem.messages)
        else:
            if same is not None:
                messages.info(request, _("These files are already imported: nothing changed."))
            elif replace is not None:
                messages.success(
                    request,
                    _("The survey of %(year)s is replaced: %(count)d respondents.")
                    % {"year": survey.year, "count": survey.respondents},
                )
            else:
                messages.success(
                    request,
                    _("The survey of %(year)s is imported: %(count)d respondents.")
                    % {"year": survey.year, "count": survey.respondents},
                )
            return redirect("partners:survey", public_id=survey.public_id)
    plan = draft.plan
    titles = dimension_titles()
    return render(
        request,
        "partners/surveys_dry_run.html",
        {
            "draft": draft,
            "plan": plan,
            "same": same,
            "other": other,
            "error": error,
            "missing": [titles[d] for d in DIMENSIONS if d in plan["missing_dimensions"]],
            "questions": [(q["name"], q["type"], q["labels"], len(q["choices"])) for q in plan["questions"]],
            "respondents": len(plan["responses"]),
        },
        status=400 if error else 200,
    )


@role_required(*PARTNERS_READERS)
@require_safe
def survey_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    survey = survey_get(public_id)
    return render(
        request,
        "partners/surveys_detail.html",
        {
            "survey": survey,
            "results": survey_results(survey),
            "edits": edits_partners(_user(request)),
            "pdf_languages": [(code, LANGUAGE_NAMES[code]) for code in PDF_LANGUAGES],
        },
    )


@role_required(*PARTNERS_READERS)
@require_safe
def survey_summary(request: HttpRequest, public_id: uuid.UUID, language: str) -> HttpResponse:
    if language not in PDF_LANGUAGES:
        raise Http404
    survey = survey_get(public_id)
    response = HttpResponse(summary_pdf(survey, language), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.year}-{language}.pdf"'
    return response


@never_cache
@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_question(request: HttpRequest, public_id: uuid.UUID, question_id: uuid.UUID) -> HttpResponse:
    """Map one question to an indicator, with its positive answers."""
    survey = survey_get(public_id)
    question = question_get(survey, question_id)
    form = QuestionMapForm(
        request.POST if request.method == "POST" else None,
        question=question,
        initial={"indicator": question.indicator, "positive": question.positive},
    )
    if request.method == "POST" and form.is_valid():
        try:
            question_map(
                actor=_user(request),
                question=question,
                indicator=form.cleaned_data["indicator"],
                positive=form.cleaned_data["positive"],
            )
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The question's mapping is saved."))
            return redirect("partners:survey", public_id=survey.public_id)
    return render(
        request,
        "partners/surveys_question.html",
        {"survey": survey, "question": question, "form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@role_required(*PARTNERS_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def survey_indicator(request: HttpRequest, public_id: uuid.UUID | None = None) -> HttpResponse:
    """Add an indicator (no ``public_id``) or edit one."""
    indicator = indicator_get(public_id) if public_id is not None else None
    form = IndicatorForm(
        request.POST if request.method == "POST" else None,
        initial=IndicatorForm.initial_for(indicator) if indicator else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator_save(
                actor=_user(request), indicator=indicator, code=form.cleaned_data["code"], names=form.names()
            )
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("partners:surveys")
    return render(
        request,
        "partners/surveys_indicator.html",
        {"form": form, "indicator": indicator},
        status=400 if form.errors else 200,
    )
