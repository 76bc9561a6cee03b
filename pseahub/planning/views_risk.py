"""The joint risk assessment's pages: frameworks (read; editors copy and adapt the network's own), rounds (editors
create and move them on), a focal point's contribution grid, findings, the heat map with its table, the
comparison with the previous round, and the exports (PDF, XLSX in English, French or Arabic; a POST, audited)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pseahub.accounts.models import Role, User
from pseahub.core.decorators import role_required
from pseahub.network.models import Area

from . import risk
from . import risk_scoring as scoring
from .access import NETWORK_EDITORS, NETWORK_READERS, edits_network
from .forms_risk import DimensionForm, FindingForm, FrameworkForm, IndicatorForm, RoundForm
from .heatmap import heatmap_svg
from .models import FrameworkKind, RiskAssessmentRound, RiskDimension, RiskIndicator, RoundStatus
from .risk_exports import EXPORT_LANGUAGES, change_label, pdf_render, xlsx_render


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


# --- frameworks ----------------------------------------------------------------------------------------------------


@role_required(*NETWORK_READERS)
@require_safe
def framework_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "planning/risk_frameworks.html",
        {"frameworks": risk.framework_list(user), "edits": edits_network(user)},
    )


def _framework_page(request: HttpRequest, public_id: uuid.UUID, forms: dict[str, Any] | None = None,
                    status: int = 200) -> HttpResponse:  # fmt: skip
    user = _user(request)
    framework = risk.framework_get_for(user, public_id)
    editable = edits_network(user) and not framework.is_builtin
    context: dict[str, Any] = {
        "framework": framework,
        "edits": edits_network(user),
        "editable": editable,
        "in_use": risk.indicators_in_use(framework),
        "classes": [(band, risk.class_name(band)) for band in framework.classes],
        "likelihood": framework.scales.get("likelihood", []) if isinstance(framework.scales, dict) else [],
        "impact": framework.scales.get("impact", []) if isinstance(framework.scales, dict) else [],
        "forms": forms or {},
    }
    for key, form in (forms or {}).items():
        if key != "framework":
            context["error_form"] = form
            context["error_hidden"] = {
                name: request.POST[name] for name in ("op", "dimension", "indicator") if request.POST.get(name)
            }
    if editable and "framework" not in context["forms"]:
        context["forms"]["framework"] = FrameworkForm(
            initial={
                "name": framework.display_name(), "description": framework.description,
                "classes": scoring.format_classes(framework.classes), "is_active": framework.is_active,
                "likelihood": "; ".join(context["likelihood"]), "impact": "; ".join(context["impact"]),
            }
        )  # fmt: skip
    return render(request, "planning/risk_framework.html", context, status=status)


@role_required(*NETWORK_READERS)
@require_safe
def framework_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _framework_page(request, public_id)


@role_required(*NETWORK_EDITORS)
@require_POST
def framework_copy(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    copy = risk.framework_copy(actor=user, framework=risk.framework_get_for(user, public_id))
    messages.success(request, _("The framework was copied: this copy is the network's own, to adapt."))
    return redirect("planning:risk_framework", public_id=copy.public_id)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


@role_required(*NETWORK_EDITORS)
@require_POST
def framework_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One POST for each change of the network's own framework: ``op`` is framework, dimension, indicator or
    remove; ``dimension`` and ``indicator`` name the one changed (blank to add)."""
    user = _user(request)
    framework = risk.framework_get_for(user, public_id)
    if framework.is_builtin:
        raise PermissionDenied
    op = request.POST.get("op", "")
    dimension = indicator = None
    if request.POST.get("dimension"):
        dimension = RiskDimension.objects.filter(framework=framework, pk=_int(request.POST["dimension"]) or 0).first()
        if dimension is None:
            raise Http404
    if request.POST.get("indicator"):
        indicator = RiskIndicator.objects.filter(
            dimension__framework=framework, pk=_int(request.POST["indicator"]) or 0
        ).first()
        if indicator is None:
            raise Http404
    form: Any
    key = op
    try:
        if op == "framework":
            form = FrameworkForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                scales = (
                    {"likelihood": data["likelihood"] or framework.scales.get("likelihood", []),
                     "impact": data["impact"] or framework.scales.get("impact", [])}
                    if framework.kind == FrameworkKind.MATRIX else None
                )  # fmt: skip
                risk.framework_update(
                    actor=user, framework=framework, name=data["name"], description=data["description"],
                    classes=data["classes"], is_active=data["is_active"], scales=scales,
                )  # fmt: skip
        elif op == "dimension":
            form = DimensionForm(request.POST)
            key = f"dimension-{dimension.pk}" if dimension else "dimension-new"
            if form.is_valid():
                risk.dimension_save(
                    actor=user, framework=framework, name=form.cleaned_data["name"], dimension=dimension
                )
        elif op == "indicator":
            if dimension is None:
                raise Http404
            form = IndicatorForm(request.POST)
            key = f"indicator-{indicator.pk}" if indicator else f"indicator-new-{dimension.pk}"
            if form.is_valid():
                risk.indicator_save(actor=user, framework=framework, dimension=dimension, indicator=indicator,
                                    **form.cleaned_data)  # fmt: skip
        elif op == "remove":
            if indicator is None:
                raise Http404
            risk.indicator_remove(actor=user, framework=framework, indicator=indicator)
            messages.success(request, _("The indicator was removed."))
            return redirect("planning:risk_framework", public_id=framework.public_id)
        else:
            raise Http404
    except ValidationError as error:
        if op == "remove":
            messages.error(request, " ".join(error.messages))
            return redirect("planning:risk_framework", public_id=framework.public_id)
        for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
            form.add_error(field if field in form.fields else None, errors)
    if form.is_valid() and not form.errors:
        messages.success(request, _("The framework was saved."))
        return redirect("planning:risk_framework", public_id=framework.public_id)
    return _framework_page(request, public_id, {key: form}, status=400)


# --- rounds --------------------------------------------------------------------------------------------------------


@role_required(*NETWORK_READERS)
@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "planning/risk_rounds.html",
        {
            "rounds": risk.round_list(user),
            "edits": edits_network(user),
            "contributes": risk.contributor_organisation(user),
        },
    )


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = risk.round_create(
                actor=_user(request), title=data["title"], period_start=data["period_start"],
                period_end=data["period_end"], areas=list(data["areas"]), sectors=list(data["sectors"]),
                frameworks=list(data["frameworks"]), previous=data["previous"],
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The round was created as a draft. Open it for contributions when ready."))
            return redirect("planning:risk_round", public_id=assessment.public_id)
    return render(request, "planning/risk_round_new.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*NETWORK_READERS)
@require_safe
def round_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    assessment = risk.round_get_for(user, public_id)
    context: dict[str, Any] = {
        "round": assessment,
        "edits": edits_network(user),
        "areas": risk.round_areas(assessment),
        "sectors": [risk.sector_label(s) for s in risk.round_sectors(assessment)],
        "parts": risk.round_parts(assessment),
        "next_status": risk.NEXT_STATUS.get(RoundStatus(assessment.status)),
        "organisation": risk.contributor_organisation(user),
        "sees_results": risk.sees_results(user, assessment),
        "export_languages": [(code, name) for code, name in (("en", "English"), ("fr", "Français"), ("ar", "العربية"))],
    }
    if context["next_status"]:
        context["next_label"] = RoundStatus(context["next_status"]).label
    if context["organisation"] is not None:
        context["contribution"] = risk.contribution_get(assessment, context["organisation"])
    if context["edits"]:
        context["contributors"] = risk.contributors(assessment)
    if context["sees_results"]:
        results = risk.consolidate(assessment)
        context["results"] = results
        context["grid"] = [(risk.sector_label(sector), cells) for sector, cells in results.grid()]
        context["heatmap"] = heatmap_svg(
            results, title=_("Risk by sector and area: %(round)s") % {"round": assessment.title}
        )
        context["comparison"] = [
            (row.label, row, change_label(row.change)) for row in risk.compare(assessment, results)
        ]
        context["findings"] = [(risk.sector_label(f.sector), f) for f in risk.round_findings(assessment)]
        context["suggestions"] = [
            (risk.sector_label(cell.sector), cell) for cell in risk.finding_prefill(results)
        ] if context["edits"] and assessment.status != RoundStatus.COMPLETED else []  # fmt: skip
    return render(request, "planning/risk_round.html", context)


@role_required(*NETWORK_EDITORS)
@require_POST
def round_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    assessment = risk.round_get_for(user, public_id)
    try:
        risk.round_advance(actor=user, assessment=assessment, to=request.POST.get("to", ""))
    except (ValidationError, ValueError):
        messages.error(request, _("A round moves from draft to open, consolidating, then completed."))
    else:
        messages.success(request, _("The round's status was changed."))
    return redirect("planning:risk_round", public_id=assessment.public_id)


# --- a focal point's contribution ----------------------------------------------------------------------------------


@dataclass
class GridRow:
    indicator: RiskIndicator
    area: Area
    prefix: str
    likelihood: str = ""
    impact: str = ""
    value: str = ""
    error: str = ""


def _grid_rows(
    part: risk.Part, areas: list[Area], scores: dict[tuple[int, int], Any], data: Any = None
) -> list[GridRow]:
    rows = []
    for indicator in part.indicators:
        for area in areas:
            prefix = f"{indicator.pk}-{area.pk}"
            score = scores.get((indicator.pk, area.pk))
            if data is not None:
                row = GridRow(indicator, area, prefix, data.get(f"l-{prefix}", ""), data.get(f"i-{prefix}", ""),
                              data.get(f"v-{prefix}", ""))  # fmt: skip
            elif score is not None:
                row = GridRow(indicator, area, prefix, str(score.likelihood or ""), str(score.impact or ""),
                              "" if score.value is None else str(score.value))  # fmt: skip
            else:
                row = GridRow(indicator, area, prefix)
            rows.append(row)
    return rows


def _entries(part: risk.Part, rows: list[GridRow]) -> list[risk.Entry] | None:
    """The posted grid as entries, or None after marking the rows in error."""
    entries, ok = [], True
    for row in rows:
        if part.is_matrix:
            likelihood, impact = _int(row.likelihood), _int(row.impact)
            if (row.likelihood and likelihood not in range(1, 6)) or (row.impact and impact not in range(1, 6)):
                row.error, ok = _("Choose from 1 to 5."), False
            elif bool(likelihood) != bool(impact):
                row.error, ok = _("Give both the likelihood and the impact, or neither."), False
            else:
                entries.append(risk.Entry(indicator=row.indicator, area=row.area, likelihood=likelihood, impact=impact))
        else:
            value = _int(row.value)
            if row.value and (value is None or not row.indicator.scale_min <= value <= row.indicator.scale_max):
                row.error, ok = _("Choose a score on the indicator's scale."), False
            else:
                entries.append(risk.Entry(indicator=row.indicator, area=row.area, value=value))
    return entries if ok else None


@role_required(Role.FOCAL_POINT)
@require_http_methods(["GET", "HEAD", "POST"])
def contribution(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The focal point's grid for its organisation: one framework (a sector's matrix, or an index) at a time,
    all the round's areas or one (``?area=``). Saving creates the contribution; it is never another's."""
    user = _user(request)
    assessment = risk.round_get_for(user, public_id)
    organisation = risk.contributor_organisation(user)
    if organisation is None:
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    part = risk.part_get(assessment, source.get("part") or None)
    all_areas = risk.round_areas(assessment)
    area_code = source.get("area") or ""
    if not area_code and not part.is_matrix and all_areas:  # an index: one area a page
        area_code = all_areas[0].pcode
    areas = [a for a in all_areas if a.pcode == area_code] if area_code else all_areas
    if not areas:
        raise Http404
    existing = risk.contribution_get(assessment, organisation)
    status = 200
    if request.method == "POST":
        rows = _grid_rows(part, areas, {}, request.POST)
        entries = _entries(part, rows)
        if entries is not None:
            try:
                risk.contribution_save(actor=user, assessment=assessment, organisation=organisation, part=part,
                                       entries=entries, notes=request.POST.get("notes"))  # fmt: skip
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 400
            else:
                messages.success(request, _("Your scores were saved."))
                query = f"?part={part.code}" + (f"&area={area_code}" if area_code else "")
                return redirect(f"{request.path}{query}")
        else:
            status = 400
    else:
        rows = _grid_rows(part, areas, risk.contribution_scores(existing, part))
    parts = risk.round_parts(assessment)
    context = {
        "round": assessment,
        "organisation": organisation,
        "contribution": existing,
        "part": part,
        "sector": risk.sector_label(part.sector) if part.sector else "",
        "progress": risk.contribution_progress(existing, parts, len(all_areas)),
        "rows": rows,
        "all_areas": all_areas,
        "area_code": area_code,
        "open": assessment.status == RoundStatus.OPEN,
        "likelihood": part.framework.scales.get("likelihood", []) if isinstance(part.framework.scales, dict) else [],
        "impact": part.framework.scales.get("impact", []) if isinstance(part.framework.scales, dict) else [],
        "five": range(1, 6),
    }
    return render(request, "planning/risk_contribution.html", context, status=status)


@require_POST  # first: a GET is refused as such, whoever asks
@role_required(Role.FOCAL_POINT)
def contribution_submit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    user = _user(request)
    assessment = risk.round_get_for(user, public_id)
    organisation = risk.contributor_organisation(user)
    if organisation is None:
        raise PermissionDenied
    try:
        risk.contribution_submit(actor=user, assessment=assessment, organisation=organisation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("planning:risk_contribution", public_id=assessment.public_id)
    messages.success(request, _("Your organisation's contribution was submitted. Thank you."))
    return redirect("planning:risk_round", public_id=assessment.public_id)


# --- findings ------------------------------------------------------------------------------------------------------


def _finding_page(request: HttpRequest, assessment: RiskAssessmentRound, form: FindingForm, finding: Any = None,
                  status: int = 200) -> HttpResponse:  # fmt: skip
    return render(
        request, "planning/risk_finding.html", {"round": assessment, "form": form, "finding": finding}, status=status
    )


def _finding_post(request: HttpRequest, assessment: RiskAssessmentRound, finding: Any = None) -> HttpResponse:
    form = FindingForm(request.POST, assessment=assessment)
    if form.is_valid():
        try:
            risk.finding_save(actor=_user(request), assessment=assessment, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The finding was saved."))
            return redirect(f"{assessment_url(assessment)}#findings")
    return _finding_page(request, assessment, form, finding, status=400)


def assessment_url(assessment: RiskAssessmentRound) -> str:
    from django.urls import reverse

    return reverse("planning:risk_round", kwargs={"public_id": assessment.public_id})


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def finding_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A new finding; ``?sector=&area=`` prefills it from that cell's consolidated result."""
    user = _user(request)
    assessment = risk.round_get_for(user, public_id)
    if request.method == "POST":
        return _finding_post(request, assessment)
    initial: dict[str, Any] = {}
    sector, pcode = request.GET.get("sector", ""), request.GET.get("area", "")
    area = assessment.areas.filter(pcode=pcode).first() if pcode else None
    if sector in risk.round_sectors(assessment):
        initial["sector"] = sector
        if area is not None:
            initial["area"] = area.pk
            cell = risk.consolidate(assessment).cells.get((sector, area.pk))
            if cell is not None and cell.result is not None:
                initial.update(
                    likelihood=max(1, min(5, round(cell.result.likelihood))),
                    impact=max(1, min(5, round(cell.result.impact))),
                    title=cell.factor_name,
                )
    return _finding_page(request, assessment, FindingForm(initial=initial, assessment=assessment))


@role_required(*NETWORK_EDITORS)
@require_http_methods(["GET", "HEAD", "POST"])
def finding_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    finding = risk.finding_get_for(_user(request), public_id)
    assessment = finding.round
    if request.method == "POST":
        return _finding_post(request, assessment, finding)
    initial = {
        "sector": finding.sector, "area": finding.area_id, "title": finding.title, "likelihood": finding.likelihood,
        "impact": finding.impact, "description": finding.description, "mitigation": finding.mitigation,
    }  # fmt: skip
    return _finding_page(request, assessment, FindingForm(initial=initial, assessment=assessment), finding)


# --- exports -------------------------------------------------------------------------------------------------------

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@role_required(*NETWORK_READERS)
@require_POST
def export(request: HttpRequest, public_id: uuid.UUID, fmt: str) -> HttpResponse:
    """The round's results as a file (audited, so a POST) in the language asked for (``lang``: en, fr, ar)."""
    user = _user(request)
    assessment = risk.round_get_for(user, public_id)
    if fmt not in CONTENT_TYPES:
        raise Http404
    if not risk.sees_results(user, assessment):
        raise PermissionDenied
    language = request.POST.get("lang") or request.GET.get("lang") or "en"
    if language not in EXPORT_LANGUAGES:
        language = "en"
    risk.export_record(actor=user, assessment=assessment, fmt=fmt, language=language)
    content = pdf_render(assessment, language) if fmt == "pdf" else xlsx_render(assessment, language)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"risk-assessment-{assessment.period_end.year}-{language}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
