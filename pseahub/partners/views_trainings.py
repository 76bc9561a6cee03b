"""The trainings pages (issue 16 items 5 and 6): the list (filters in the URL), a new session, a session (with its
materials), its edit page, the participants' grid, a participant's certificate (a GET that writes nothing) and the
coverage. Who: see ``trainings``."""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.network.models import Organisation

from .access import PARTNERS_EDITORS, PARTNERS_READERS, edits_partners
from .forms_trainings import (
    GRID_ROWS,
    GRID_ROWS_MAX,
    GridSubmissionForm,
    MaterialForm,
    RefresherForm,
    SessionFilterForm,
    SessionForm,
    participant_formset,
)
from .models import ParticipantSex, TrainingSession
from .trainings import (
    MaterialFile,
    certificate_participant_get_for,
    certificate_pdf,
    coverage,
    focal_point_organisation_ids,
    material_add,
    material_get_for,
    participants_by_organisation,
    participants_save,
    reads_all_sessions,
    records_sessions,
    refresher_months_set,
    session_create,
    session_delete,
    session_edits,
    session_get_for,
    session_get_for_update,
    session_list,
    session_scores,
    session_update,
    session_years,
)
from .trainings_charts import horizontal_bar_chart

#: The roles that record sessions (a focal point: its organisation's only).
RECORDERS = (*PARTNERS_EDITORS, Role.FOCAL_POINT)
#: The coverage is the network's: its editors and leadership.
COVERAGE_READERS = (*PARTNERS_EDITORS, Role.LEADERSHIP)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@role_required(*PARTNERS_READERS)
@require_safe
def session_list_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisers = Organisation.objects.all()
    if not reads_all_sessions(user):
        organisers = organisers.filter(pk__in=focal_point_organisation_ids(user))
    form = SessionFilterForm(request.GET or None, years=session_years(), organisers=organisers.order_by("name"))
    sessions = list(session_list(user, **form.filters()).prefetch_related("participants"))
    rows = [
        (session, len(session.participants.all()), session_scores(session.participants.all())) for session in sessions
    ]
    return render(
        request,
        "partners/trainings_list.html",
        {
            "form": form,
            "rows": rows,
            "records": records_sessions(user),
            "coverage": reads_all_sessions(user),
        },
    )


@role_required(*RECORDERS)
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not records_sessions(user):
        raise PermissionDenied
    form = SessionForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        session = session_create(actor=user, data=form.data_for_service(), submission=form.cleaned_data["submission"])
        messages.success(request, _("The session was recorded. Enter its participants."))
        return redirect("partners:training_participants", public_id=session.public_id)
    return render(
        request, "partners/trainings_form.html", {"form": form, "session": None}, status=400 if form.errors else 200
    )


@role_required(*PARTNERS_READERS)
@require_safe
def session_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    session = session_get_for(user, public_id)
    participants = list(session.participants.select_related("organisation"))
    return render(
        request,
        "partners/trainings_detail.html",
        {
            "session": session,
            "participants": participants,
            "scores": session_scores(participants),
            "by_organisation": participants_by_organisation(participants),
            "sexes": ParticipantSex.choices,
            "edits": session_edits(user, session),
            "materials": list(session.materials.all()),
            "material_form": MaterialForm(),
        },
    )


@role_required(*RECORDERS)
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    session = session_get_for_update(user, public_id)
    form = SessionForm(request.POST or None, user=user, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            session_update(actor=user, session=session, data=form.data_for_service())
        except PermissionError:
            form.add_error("organiser", _("Choose your own organisation."))
        else:
            messages.success(request, _("The session was saved."))
            return redirect("partners:training", public_id=session.public_id)
    return render(
        request,
        "partners/trainings_form.html",
        {"form": form, "session": session},
        status=400 if form.errors else 200,
    )


@role_required(*RECORDERS)
@require_http_methods(["GET", "HEAD", "POST"])
def session_delete_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """A confirmation page; its POST deletes. A repeated POST (the session gone) goes back to the list."""
    user = _user(request)
    try:
        session = session_get_for_update(user, public_id)
    except Http404:
        if request.method == "POST" and not TrainingSession.objects.filter(public_id=public_id).exists():
            messages.info(request, _("This session is no longer there."))
            return redirect("partners:trainings")
        raise
    if request.method == "POST":
        session_delete(actor=user, session=session)
        messages.success(request, _("The session was deleted."))
        return redirect("partners:trainings")
    return render(
        request,
        "partners/trainings_delete.html",
        {"session": session, "participants": session.participants.count(), "materials": session.materials.count()},
    )


def _blank_rows(request: HttpRequest) -> int:
    try:
        rows = int(request.GET.get("rows", GRID_ROWS))
    except ValueError:
        rows = GRID_ROWS
    return max(1, min(rows, GRID_ROWS_MAX))


@role_required(*RECORDERS)
@require_http_methods(["GET", "HEAD", "POST"])
def participants_grid(request: HttpRequest, public_id: str) -> HttpResponse:
    """The participants as a grid of rows: the recorded ones, then blank rows (``?rows=`` for more)."""
    user = _user(request)
    session = session_get_for_update(user, public_id)
    blank_rows = _blank_rows(request)
    if request.method == "POST":
        formset = participant_formset(session, data=request.POST, blank_rows=blank_rows)
        submission_form = GridSubmissionForm(request.POST)
        if formset.is_valid() and submission_form.is_valid():
            submission = submission_form.cleaned_data["submission"]
            try:
                saved = participants_save(
                    actor=user, session=session, rows=formset.rows(str(submission) if submission else "")
                )
            except ValueError:
                formset._non_form_errors = formset.error_class(
                    [_("The grid no longer matches the session's participants: reload the page.")]
                )
            else:
                messages.success(
                    request,
                    _("Participants saved: %(added)d added, %(changed)d changed, %(removed)d removed.")
                    % {"added": saved.added, "changed": saved.changed, "removed": saved.removed},
                )
                return redirect("partners:training", public_id=session.public_id)
        status = 400
    else:
        formset = participant_formset(session, blank_rows=blank_rows)
        submission_form = GridSubmissionForm(initial={"submission": uuid.uuid4()})
        status = 200
    return render(
        request,
        "partners/trainings_participants.html",
        {
            "session": session,
            "formset": formset,
            "submission_form": submission_form,
            "blank_rows": blank_rows,
            "more_rows": min(blank_rows + GRID_ROWS, GRID_ROWS_MAX),
            "errors": sum(1 for form in formset.forms if form.errors) if request.method == "POST" else 0,
        },
        status=status,
    )


@role_required(*RECORDERS)
@require_POST
def material_new(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    session = session_get_for_update(user, public_id)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            material_add(
                actor=user,
                session=session,
                title=form.cleaned_data["title"],
                url=form.cleaned_data.get("url") or "",
                upload=MaterialFile(upload.name, upload.read()) if upload else None,
            )
        except ValidationError as error:
            for field, errors in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                for message in errors:
                    form.add_error(field, message)
        else:
            messages.success(request, _("The material was added."))
            return redirect("partners:training", public_id=session.public_id)
    participants = list(session.participants.select_related("organisation"))
    return render(
        request,
        "partners/trainings_detail.html",
        {
            "session": session,
            "participants": participants,
            "scores": session_scores(participants),
            "by_organisation": participants_by_organisation(participants),
            "sexes": ParticipantSex.choices,
            "edits": True,
            "materials": list(session.materials.all()),
            "material_form": form,
        },
        status=400,
    )


@role_required(*PARTNERS_READERS)
@require_safe
def material_file(request: HttpRequest, public_id: str, material_id: str) -> HttpResponse:
    """A material's file, for the session's readers. Writes nothing."""
    material = material_get_for(_user(request), session_get_for(_user(request), public_id), material_id)
    response = HttpResponse(bytes(material.content or b""), content_type=material.content_type)
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in material.filename) or "material"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(*PARTNERS_READERS)
@require_safe
def certificate(request: HttpRequest, public_id: str, participant_id: str) -> HttpResponse:
    """A named participant's certificate, in the participant's language. Writes nothing."""
    user = _user(request)
    session = session_get_for(user, public_id)
    participant = certificate_participant_get_for(user, session, participant_id)
    response = HttpResponse(certificate_pdf(participant), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{session.held_on:%Y%m%d}-{participant.pk}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _coverage_render(request: HttpRequest, refresher_form: RefresherForm | None, status: int = 200) -> HttpResponse:
    data = coverage()
    charts = {
        "organisation": horizontal_bar_chart(
            chart_id="training-coverage-organisation",
            title=_("Focal points and CFM staff trained, per organisation"),
            labels=[row.label for row in data.by_organisation],
            values=[row.total for row in data.by_organisation],
        ),
        "area": horizontal_bar_chart(
            chart_id="training-coverage-area",
            title=_("Focal points and CFM staff trained, per area"),
            labels=[row.label or _("No area") for row in data.by_area],
            values=[row.total for row in data.by_area],
        ),
    }
    if refresher_form is None and edits_partners(_user(request)):
        refresher_form = RefresherForm(initial={"months": data.months})
    return render(
        request,
        "partners/trainings_coverage.html",
        {"coverage": data, "charts": charts, "refresher_form": refresher_form},
        status=status,
    )


@role_required(*COVERAGE_READERS)
@require_safe
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Focal points and CFM staff trained per organisation and per area, and who is due for a refresher."""
    return _coverage_render(request, None)


@role_required(*PARTNERS_EDITORS)
@require_POST
def refresher_set(request: HttpRequest) -> HttpResponse:
    """The network's choice of refresher period (the form is on the coverage page)."""
    form = RefresherForm(request.POST)
    if not form.is_valid():
        return _coverage_render(request, form, status=400)
    refresher_months_set(actor=_user(request), months=form.cleaned_data["months"])
    messages.success(request, _("The refresher period was saved."))
    return redirect("partners:training_coverage")
