# ruff: noqa: RUF001, RUF002
"""The joint SEA risk assessment (issue 15 items 4–5): frameworks as data, rounds, members' contributions, the
consolidated results, findings, and the comparison with the previous round.

Readers (``access.NETWORK_READERS``) see frameworks and rounds; the coordinator and co-chairs (editors) copy and
adapt frameworks, run rounds and write findings; a member's focal point scores its own organisation's
contribution. Nobody but editors sees who scored what: the others see only the consolidated results, and only
once the round is completed (a partial mean of two contributions would give the other one away).

Writes are audited in their transaction with ids and codes only. The arithmetic is in ``risk_scoring.py``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.network.models import Area, Organisation

from . import risk_scoring as scoring
from .access import edits_network, reads_network
from .models import (
    FrameworkKind,
    RiskAssessmentRound,
    RiskContribution,
    RiskDimension,
    RiskFinding,
    RiskFramework,
    RiskIndicator,
    RiskScore,
    RoundStatus,
    Sector,
    localized_name,
)

#: The order a round moves in; each step is an editor's POST.
NEXT_STATUS = {
    RoundStatus.DRAFT: RoundStatus.OPEN,
    RoundStatus.OPEN: RoundStatus.CONSOLIDATING,
    RoundStatus.CONSOLIDATING: RoundStatus.COMPLETED,
}


# --- reads: frameworks ---------------------------------------------------------------------------------------------


def _with_structure(frameworks: QuerySet[RiskFramework]) -> QuerySet[RiskFramework]:
    return frameworks.prefetch_related(
        Prefetch("dimensions", queryset=RiskDimension.objects.prefetch_related("indicators"))
    )


def framework_list(user: User) -> QuerySet[RiskFramework]:
    if not reads_network(user):
        return RiskFramework.objects.none()
    return _with_structure(RiskFramework.objects.order_by("-is_builtin", "kind", "sector", "code"))


def framework_get_for(user: User, public_id: uuid.UUID) -> RiskFramework:
    framework = framework_list(user).filter(public_id=public_id).first()
    if framework is None:
        raise Http404
    return framework


def indicators_in_use(framework: RiskFramework) -> set[int]:
    return set(
        RiskScore.objects.filter(indicator__dimension__framework=framework).values_list("indicator_id", flat=True)
    )


def class_name(band: dict[str, Any] | None) -> str:
    if not band:
        return ""
    return localized_name(str(band.get("name", "")), band.get("names"))


# --- reads: rounds -------------------------------------------------------------------------------------------------


def round_list(user: User) -> QuerySet[RiskAssessmentRound]:
    if not reads_network(user):
        return RiskAssessmentRound.objects.none()
    return RiskAssessmentRound.objects.prefetch_related("areas").select_related("previous")


def round_get_for(user: User, public_id: uuid.UUID) -> RiskAssessmentRound:
    assessment = round_list(user).filter(public_id=public_id).first()
    if assessment is None:
        raise Http404
    return assessment


def sees_results(user: User, assessment: RiskAssessmentRound) -> bool:
    """Editors follow the results as contributions come in; other readers see them once the round is completed."""
    return edits_network(user) or (reads_network(user) and assessment.status == RoundStatus.COMPLETED)


def contributor_organisation(user: User) -> Organisation | None:
    """The organisation a focal point scores for (the first by name if it holds the role for several)."""
    if not user.is_authenticated or not user.has_role(Role.FOCAL_POINT):
        return None
    return (
        Organisation.objects.filter(pk__in=user.organisation_ids(Role.FOCAL_POINT), is_active=True)
        .order_by("name")
        .first()
    )


def round_areas(assessment: RiskAssessmentRound) -> list[Area]:
    return sorted(assessment.areas.all(), key=lambda area: area.display_name())


def round_sectors(assessment: RiskAssessmentRound) -> list[str]:
    order = [value for value, _label in Sector.choices]
    return sorted((s for s in assessment.sectors if s in order), key=order.index)


def sector_label(sector: str) -> str:
    return str(Sector(sector).label) if sector in Sector.values else sector


@dataclass
class Part:
    """What a contribution scores with one framework: a sector's matrix, or an index scored per area."""

    framework: RiskFramework
    indicators: list[RiskIndicator]

    @property
    def is_matrix(self) -> bool:
        return self.framework.kind == FrameworkKind.MATRIX

    @property
    def sector(self) -> str:
        return self.framework.sector if self.is_matrix else ""

    @property
    def code(self) -> str:
        return self.framework.code


def round_parts(assessment: RiskAssessmentRound) -> list[Part]:
    """The round's frameworks, matrices in the order of its sectors then indices; a matrix of a sector not in
    scope is left out."""
    sectors = round_sectors(assessment)
    frameworks = _with_structure(assessment.frameworks.filter(is_active=True))
    parts: list[Part] = []
    for framework in frameworks:
        if framework.kind == FrameworkKind.MATRIX and framework.sector not in sectors:
            continue
        indicators = [i for d in framework.dimensions.all() for i in d.indicators.all()]
        parts.append(Part(framework=framework, indicators=indicators))
    parts.sort(key=lambda p: (not p.is_matrix, sectors.index(p.sector) if p.is_matrix else 0, p.code))
    return parts


def part_get(assessment: RiskAssessmentRound, code: str | None) -> Part:
    parts = round_parts(assessment)
    for part in parts:
        if part.code == code:
            return part
    if code is None and parts:
        return parts[0]
    raise Http404


def contribution_get(assessment: RiskAssessmentRound, organisation: Organisation) -> RiskContribution | None:
    return RiskContribution.objects.filter(round=assessment, organisation=organisation).first()


def contribution_scores(contribution: RiskContribution | None, part: Part) -> dict[tuple[int, int], RiskScore]:
    """A contribution's scores of one part by (indicator id, area id)."""
    if contribution is None:
        return {}
    scores = RiskScore.objects.filter(contribution=contribution, indicator__in=part.indicators, sector=part.sector)
    return {(score.indicator_id, score.area_id): score for score in scores}


def contribution_progress(
    contribution: RiskContribution | None, parts: list[Part], areas: int
) -> list[tuple[Part, int, int]]:
    """For each part: (part, cells scored, cells to score)."""
    counted: dict[tuple[int, str], int] = defaultdict(int)
    if contribution is not None:
        for indicator_id, sector in RiskScore.objects.filter(contribution=contribution).values_list(
            "indicator_id", "sector"
        ):
            counted[(indicator_id, sector)] += 1
    return [
        (part, sum(counted[(i.pk, part.sector)] for i in part.indicators), len(part.indicators) * areas)
        for part in parts
    ]


@dataclass
class ContributorRow:
    organisation: Organisation
    contribution: RiskContribution | None
    scores: int


def contributors(assessment: RiskAssessmentRound) -> list[ContributorRow]:
    """Every member organisation with its contribution (or none) and its number of scores: who has and who has
    not contributed (for editors only)."""
    contributions = {
        c.organisation_id: c
        for c in RiskContribution.objects.filter(round=assessment).select_related("organisation", "submitted_by")
    }
    counts: dict[int, int] = defaultdict(int)
    for organisation_id in RiskScore.objects.filter(contribution__round=assessment).values_list(
        "contribution__organisation_id", flat=True
    ):
        counts[organisation_id] += 1
    organisations = Organisation.objects.filter(is_member=True, is_active=True) | Organisation.objects.filter(
        pk__in=contributions.keys()
    )
    return [
        ContributorRow(organisation=o, contribution=contributions.get(o.pk), scores=counts[o.pk])
        for o in organisations.distinct().order_by("name")
    ]


# --- consolidation --------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    sector: str
    area: Area
    result: scoring.FactorResult | None
    band: dict[str, Any] | None
    factor_name: str = ""

    @property
    def score(self) -> float | None:
        return self.result.score if self.result else None

    @property
    def class_code(self) -> str:
        return str(self.band.get("code", "")) if self.band else ""

    @property
    def class_label(self) -> str:
        return class_name(self.band)


@dataclass
class IndexRow:
    area: Area
    score: float | None
    band: dict[str, Any] | None
    dimensions: list[float | None]

    @property
    def class_label(self) -> str:
        return class_name(self.band)


@dataclass
class IndexTable:
    framework: RiskFramework
    dimensions: list[RiskDimension]
    rows: list[IndexRow]


@dataclass
class Results:
    sectors: list[str]
    areas: list[Area]
    cells: dict[tuple[str, int], Cell]
    indices: list[IndexTable] = field(default_factory=list)
    submitted: int = 0

    def grid(self) -> list[tuple[str, list[Cell]]]:
        return [(sector, [self.cells[(sector, area.pk)] for area in self.areas]) for sector in self.sectors]

    def ranked(self) -> list[Cell]:
        """The scored cells, highest first."""
        scored = [cell for cell in self.cells.values() if cell.score is not None]
        return sorted(scored, key=lambda cell: (-(cell.score or 0), cell.sector, cell.area.display_name()))


def consolidate(assessment: RiskAssessmentRound) -> Results:
    """The round's results from its submitted contributions (rules in ``risk_scoring``)."""
    parts = round_parts(assessment)
    areas = round_areas(assessment)
    sectors = round_sectors(assessment)
    submitted = RiskContribution.objects.filter(round=assessment, submitted_at__isnull=False)
    scores = list(
        RiskScore.objects.filter(contribution__in=submitted).values_list(
            "indicator_id", "sector", "area_id", "value", "likelihood", "impact"
        )
    )
    pairs: dict[tuple[str, int, int], list[tuple[int | None, int | None]]] = defaultdict(list)
    values: dict[tuple[int, int], list[int]] = defaultdict(list)
    for indicator_id, sector, area_id, value, likelihood, impact in scores:
        pairs[(sector, area_id, indicator_id)].append((likelihood, impact))
        if value is not None:
            values[(indicator_id, area_id)].append(value)
    matrices = {part.sector: part for part in parts if part.is_matrix}
    cells: dict[tuple[str, int], Cell] = {}
    for sector in sectors:
        part = matrices.get(sector)
        for area in areas:
            result = None
            names: dict[str, str] = {}
            if part is not None:
                factors = {str(i.pk): pairs.get((sector, area.pk, i.pk), []) for i in part.indicators}
                names = {str(i.pk): i.display_name() for i in part.indicators}
                result = scoring.cell_result(factors)
            band = scoring.classify(result.score if result else None, part.framework.classes if part else [])
            cells[(sector, area.pk)] = Cell(
                sector=sector, area=area, result=result, band=band,
                factor_name=names.get(result.factor, "") if result else "",
            )  # fmt: skip
    indices: list[IndexTable] = []
    for part in parts:
        if part.is_matrix:
            continue
        dimensions = list(part.framework.dimensions.all())
        rows = []
        for area in areas:
            tree = {
                str(d.pk): {str(i.pk): values.get((i.pk, area.pk), []) for i in d.indicators.all()} for d in dimensions
            }
            overall, by_dimension = scoring.index_result(tree)
            rows.append(
                IndexRow(
                    area=area,
                    score=overall,
                    band=scoring.classify(overall, part.framework.classes),
                    dimensions=[by_dimension.get(str(d.pk)) for d in dimensions],
                )
            )
        indices.append(IndexTable(framework=part.framework, dimensions=dimensions, rows=rows))
    return Results(sectors=sectors, areas=areas, cells=cells, indices=indices, submitted=submitted.count())


@dataclass
class Comparison:
    sector: str  # the sector's code; "" for a row of a risk index
    label: str  # the sector's name, or the risk index framework's
    area_name: str
    previous: float | None
    current: float | None
    previous_class: str
    current_class: str
    change: str | None


def _compared(sector: str, label: str, old: Any, new: Any) -> Comparison:
    """One row: ``old`` and ``new`` are a cell or an index row (either may be None)."""
    return Comparison(
        sector=sector,
        label=label,
        area_name=(new or old).area.display_name(),
        previous=old.score if old else None,
        current=new.score if new else None,
        previous_class=old.class_label if old else "",
        current_class=new.class_label if new else "",
        change=scoring.change(old.score if old else None, new.score if new else None),
    )


def compare(assessment: RiskAssessmentRound, results: Results | None = None) -> list[Comparison]:
    """Each sector × area cell of this round (and those only the previous round had) against the previous
    round's, matched by sector and area p-code; then each risk index's area scores, matched by the index
    framework's code and the area p-code. Rows with no score in either round are left out."""
    if assessment.previous is None:
        return []
    current = results or consolidate(assessment)
    before = consolidate(assessment.previous)
    previous_cells = {(c.sector, c.area.pcode): c for c in before.cells.values()}
    current_cells = {(c.sector, c.area.pcode): c for c in current.cells.values()}
    order = [value for value, _label in Sector.choices]
    keys = sorted(
        set(previous_cells) | set(current_cells),
        key=lambda key: (order.index(key[0]) if key[0] in order else 99, key[1]),
    )
    rows = [_compared(key[0], sector_label(key[0]), previous_cells.get(key), current_cells.get(key)) for key in keys]
    previous_indices = {table.framework.code: table for table in before.indices}
    current_indices = {table.framework.code: table for table in current.indices}
    for code in [*current_indices, *(c for c in previous_indices if c not in current_indices)]:
        table = current_indices.get(code) or previous_indices[code]
        old_rows = {row.area.pcode: row for row in previous_indices[code].rows} if code in previous_indices else {}
        new_rows = {row.area.pcode: row for row in current_indices[code].rows} if code in current_indices else {}
        label = table.framework.display_name()
        for pcode in sorted(set(old_rows) | set(new_rows)):
            rows.append(_compared("", label, old_rows.get(pcode), new_rows.get(pcode)))
    return [row for row in rows if row.change is not None]


def finding_prefill(results: Results, count: int = 6) -> list[Cell]:
    """The highest cells, to suggest findings from."""
    return results.ranked()[:count]


def round_findings(assessment: RiskAssessmentRound) -> list[RiskFinding]:
    return list(assessment.findings.select_related("area").order_by("sector", "title"))


def finding_get_for(user: User, public_id: uuid.UUID) -> RiskFinding:
    if not edits_network(user):
        raise Http404
    finding = RiskFinding.objects.select_related("round", "area").filter(public_id=public_id).first()
    if finding is None:
        raise Http404
    return finding


# --- writes: frameworks --------------------------------------------------------------------------------------------


def _editor_check(actor: User) -> None:
    if not edits_network(actor):
        raise PermissionError("Only the coordinator and the co-chairs run the network's risk assessment.")


def _own_check(actor: User, framework: RiskFramework) -> None:
    _editor_check(actor)
    if framework.is_builtin:
        raise PermissionError("A shipped framework is read-only: copy it to adapt it.")


def _free_code(base: str) -> str:
    base = base[:50]
    code, number = f"{base}-own", 1
    while RiskFramework.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-own-{number}"
    return code


@transaction.atomic
def framework_copy(*, actor: User, framework: RiskFramework) -> RiskFramework:
    """A copy the network owns and may adapt: same dimensions, indicators, scales and classes. While a copy of
    this framework still has its name unchanged, copying again opens that copy (a repeated POST makes no second
    one); rename it to make another."""
    _editor_check(actor)
    unrenamed = (
        RiskFramework.objects.filter(is_builtin=False, code__startswith=f"{framework.code[:50]}-own",
                                     name=framework.display_name())
        .exclude(pk=framework.pk)
        .order_by("created_at")
        .first()
    )  # fmt: skip
    if unrenamed is not None:
        return unrenamed
    copy = RiskFramework.objects.create(
        code=_free_code(framework.code), kind=framework.kind, sector=framework.sector,
        name=framework.display_name(), names={}, description=framework.description, source=framework.source,
        is_builtin=False, is_active=True, classes=framework.classes, scales=framework.scales,
    )  # fmt: skip
    for dimension in framework.dimensions.all():
        new_dimension = RiskDimension.objects.create(
            framework=copy, code=dimension.code, order=dimension.order, name=dimension.display_name(), names={}
        )
        for indicator in dimension.indicators.all():
            RiskIndicator.objects.create(
                dimension=new_dimension, code=indicator.code, order=indicator.order, name=indicator.display_name(),
                names={}, guidance=indicator.guidance, scale_min=indicator.scale_min, scale_max=indicator.scale_max,
            )  # fmt: skip
    record(
        actor=actor, action=Action.RISK_FRAMEWORK_COPIED, target=copy, data={"from": framework.code, "code": copy.code}
    )
    return copy


@transaction.atomic
def framework_update(
    *, actor: User, framework: RiskFramework, name: str, description: str, classes: list[dict[str, Any]],
    is_active: bool, scales: dict[str, list[str]] | None = None,
) -> RiskFramework:  # fmt: skip
    _own_check(actor, framework)
    framework.name = name.strip()
    framework.names = {}
    framework.description = description.strip()
    framework.classes = classes
    framework.is_active = is_active
    if scales is not None and framework.kind == FrameworkKind.MATRIX:
        framework.scales = scales
    framework.full_clean()
    framework.save()
    record(
        actor=actor,
        action=Action.RISK_FRAMEWORK_UPDATED,
        target=framework,
        data={"code": framework.code, "what": "framework"},
    )
    return framework


def _next_code(existing: set[str], prefix: str) -> str:
    number = len(existing) + 1
    while f"{prefix}{number}" in existing:
        number += 1
    return f"{prefix}{number}"


@transaction.atomic
def dimension_save(
    *, actor: User, framework: RiskFramework, name: str, dimension: RiskDimension | None = None
) -> RiskDimension:
    """Add a dimension, or rename one."""
    _own_check(actor, framework)
    if dimension is None:
        existing = set(framework.dimensions.values_list("code", flat=True))
        dimension = RiskDimension(framework=framework, code=_next_code(existing, "d"), order=len(existing))
    elif dimension.framework_id != framework.pk:
        raise Http404
    dimension.name, dimension.names = name.strip(), {}
    dimension.full_clean()
    dimension.save()
    record(
        actor=actor,
        action=Action.RISK_FRAMEWORK_UPDATED,
        target=framework,
        data={"code": framework.code, "what": "dimension", "dimension": dimension.code},
    )
    return dimension


@transaction.atomic
def indicator_save(
    *, actor: User, framework: RiskFramework, dimension: RiskDimension, name: str, guidance: str = "",
    scale_min: int = 1, scale_max: int = 5, indicator: RiskIndicator | None = None,
) -> RiskIndicator:  # fmt: skip
    """Add an indicator (risk factor) to a dimension, or change one's name, guidance and scale."""
    _own_check(actor, framework)
    if dimension.framework_id != framework.pk:
        raise Http404
    if not 0 <= scale_min < scale_max <= 100:
        raise ValidationError({"scale_max": _("The highest score must be above the lowest (0 to 100).")})
    if indicator is None:
        existing = set(RiskIndicator.objects.filter(dimension__framework=framework).values_list("code", flat=True))
        indicator = RiskIndicator(
            dimension=dimension, code=_next_code(existing, "i"), order=dimension.indicators.count()
        )
    elif indicator.dimension_id != dimension.pk:
        raise Http404
    elif (indicator.scale_min, indicator.scale_max) != (scale_min, scale_max) and indicator.scores.exists():
        raise ValidationError({"scale_min": _("This indicator has been scored: its scale can no longer change.")})
    indicator.name, indicator.names = name.strip(), {}
    indicator.guidance = guidance.strip()
    if framework.kind == FrameworkKind.INDEX:
        indicator.scale_min, indicator.scale_max = scale_min, scale_max
    indicator.full_clean()
    indicator.save()
    record(
        actor=actor,
        action=Action.RISK_FRAMEWORK_UPDATED,
        target=framework,
        data={"code": framework.code, "what": "indicator", "indicator": indicator.code},
    )
    return indicator


@transaction.atomic
def indicator_remove(*, actor: User, framework: RiskFramework, indicator: RiskIndicator) -> None:
    """Remove an indicator never scored (a scored one stays: its scores are kept)."""
    _own_check(actor, framework)
    if indicator.dimension.framework_id != framework.pk:
        raise Http404
    if indicator.scores.exists():
        raise ValidationError(_("This indicator has been scored in a round: it cannot be removed."))
    code = indicator.code
    indicator.delete()
    record(
        actor=actor,
        action=Action.RISK_FRAMEWORK_UPDATED,
        target=framework,
        data={"code": framework.code, "what": "indicator_removed", "indicator": code},
    )


# --- writes: rounds ------------------------------------------------------------------------------------------------


def check_scope(sectors: list[str], frameworks: list[RiskFramework]) -> None:
    """Each sector in scope has exactly one matrix among the frameworks, and each matrix's sector is in scope."""
    errors = []
    matrices: dict[str, int] = defaultdict(int)
    for framework in frameworks:
        if framework.kind == FrameworkKind.MATRIX:
            matrices[framework.sector] += 1
            if framework.sector not in sectors:
                errors.append(
                    _("%(framework)s is for a sector not in scope.") % {"framework": framework.display_name()}
                )
    for sector in sectors:
        if matrices[sector] != 1:
            errors.append(_("Choose one likelihood × impact matrix for %(sector)s.") % {"sector": sector_label(sector)})
    if errors:
        raise ValidationError({"frameworks": errors})


@transaction.atomic
def round_create(
    *, actor: User, title: str, period_start: date, period_end: date, areas: list[Area], sectors: list[str],
    frameworks: list[RiskFramework], previous: RiskAssessmentRound | None = None,
) -> RiskAssessmentRound:  # fmt: skip
    _editor_check(actor)
    check_scope(sectors, frameworks)
    assessment = RiskAssessmentRound(
        title=title.strip(), period_start=period_start, period_end=period_end, sectors=list(sectors), previous=previous
    )
    assessment.full_clean()
    assessment.save()
    assessment.areas.set(areas)
    assessment.frameworks.set(frameworks)
    record(
        actor=actor, action=Action.RISK_ROUND_CREATED, target=assessment,
        data={"areas": sorted(a.pcode for a in areas), "sectors": list(sectors),
              "frameworks": sorted(f.code for f in frameworks),
              "previous": str(previous.public_id) if previous else None},
    )  # fmt: skip
    return assessment


@transaction.atomic
def round_advance(*, actor: User, assessment: RiskAssessmentRound, to: str) -> RiskAssessmentRound:
    """Move the round one step on (draft → open → consolidating → completed). Asking for the status it is
    already in does nothing (a repeated POST); any other move is refused."""
    _editor_check(actor)
    assessment = RiskAssessmentRound.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status == to:
        return assessment
    if NEXT_STATUS.get(RoundStatus(assessment.status)) != to:
        raise ValidationError(_("A round moves from draft to open, consolidating, then completed."))
    before = assessment.status
    assessment.status = to
    if to == RoundStatus.COMPLETED:
        assessment.completed_at = timezone.now()
    assessment.save(update_fields=["status", "completed_at", "updated_at"])
    record(actor=actor, action=Action.RISK_ROUND_STATUS, target=assessment, data={"from": before, "to": to})
    return assessment


@dataclass(frozen=True)
class Entry:
    """One grid cell as posted: an index indicator's ``value`` or a risk factor's likelihood and impact."""

    indicator: RiskIndicator
    area: Area
    value: int | None = None
    likelihood: int | None = None
    impact: int | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.likelihood is None and self.impact is None


NOTES_MAX = 2000


@transaction.atomic
def contribution_save(
    *, actor: User, assessment: RiskAssessmentRound, organisation: Organisation, part: Part, entries: list[Entry],
    notes: str | None = None,
) -> RiskContribution:  # fmt: skip
    """Save (create, change or clear) a focal point's scores of one part for its organisation in an open round.
    The contribution is created by its first save; saving again replaces the cells posted."""
    if organisation.pk not in actor.organisation_ids(Role.FOCAL_POINT):
        raise PermissionError("A focal point scores for its own organisation only.")
    locked = RiskAssessmentRound.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for contributions."))
    contribution, _created = RiskContribution.objects.get_or_create(round=locked, organisation=organisation)
    allowed_areas = set(locked.areas.values_list("pk", flat=True))
    allowed_indicators = {i.pk for i in part.indicators}
    changed = 0
    for entry in entries:
        if entry.area.pk not in allowed_areas or entry.indicator.pk not in allowed_indicators:
            raise ValidationError(_("A score is outside this round's scope."))
        key: dict[str, Any] = {
            "contribution": contribution,
            "indicator": entry.indicator,
            "sector": part.sector,
            "area": entry.area,
        }
        if entry.empty:
            changed += RiskScore.objects.filter(**key).delete()[0]
            continue
        RiskScore.objects.update_or_create(
            **key, defaults={"value": entry.value, "likelihood": entry.likelihood, "impact": entry.impact}
        )
        changed += 1
    if notes is not None:
        if len(notes.strip()) > NOTES_MAX:
            raise ValidationError(_("Keep the remarks under %(limit)s characters.") % {"limit": NOTES_MAX})
        contribution.notes = notes.strip()
    contribution.save()
    record(
        actor=actor, action=Action.RISK_CONTRIBUTION_SAVED, target=contribution,
        data={
            "round": str(locked.public_id), "organisation": organisation.pk, "framework": part.code, "cells": changed
        },
    )  # fmt: skip
    return contribution


@transaction.atomic
def contribution_submit(
    *, actor: User, assessment: RiskAssessmentRound, organisation: Organisation
) -> RiskContribution:
    """Hand in the organisation's contribution (it still may be changed, and is counted, while the round is open)."""
    if organisation.pk not in actor.organisation_ids(Role.FOCAL_POINT):
        raise PermissionError("A focal point submits for its own organisation only.")
    locked = RiskAssessmentRound.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for contributions."))
    contribution = RiskContribution.objects.filter(round=locked, organisation=organisation).first()
    if contribution is None or not contribution.scores.exists():
        raise ValidationError(_("Score at least one risk before submitting."))
    if contribution.submitted_at is None:
        contribution.submitted_at = timezone.now()
        contribution.submitted_by = actor
        contribution.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
        record(
            actor=actor, action=Action.RISK_CONTRIBUTION_SUBMITTED, target=contribution,
            data={"round": str(locked.public_id), "organisation": organisation.pk},
        )  # fmt: skip
    return contribution


@transaction.atomic
def finding_save(
    *, actor: User, assessment: RiskAssessmentRound, sector: str, area: Area | None, title: str, likelihood: int,
    impact: int, mitigation: str = "", description: str = "", finding: RiskFinding | None = None,
) -> RiskFinding:  # fmt: skip
    """Write a finding of a round (new, or changed); a completed round's findings are kept as they were."""
    _editor_check(actor)
    if assessment.status == RoundStatus.COMPLETED:
        raise ValidationError(_("This round is completed: its findings can no longer change."))
    if sector not in round_sectors(assessment):
        raise ValidationError({"sector": _("Choose a sector of this round.")})
    if area is not None and not assessment.areas.filter(pk=area.pk).exists():
        raise ValidationError({"area": _("Choose an area of this round.")})
    created = finding is None
    finding = finding or RiskFinding(round=assessment)
    if finding.round_id != assessment.pk:
        raise Http404
    finding.sector, finding.area, finding.title = sector, area, title.strip()
    finding.likelihood, finding.impact = likelihood, impact
    finding.mitigation, finding.description = mitigation.strip(), description.strip()
    finding.full_clean()
    finding.save()
    record(
        actor=actor, action=Action.RISK_FINDING_SAVED, target=finding,
        data={"round": str(assessment.public_id), "sector": sector, "area": area.pcode if area else None,
              "likelihood": likelihood, "impact": impact, "created": created},
    )  # fmt: skip
    return finding


@transaction.atomic
def export_record(*, actor: User, assessment: RiskAssessmentRound, fmt: str, language: str) -> None:
    if not sees_results(actor, assessment):
        raise PermissionError("The results are the editors' until the round is completed.")
    record(
        actor=actor, action=Action.RISK_EXPORTED, target=assessment,
        data={"format": fmt, "language": language, "status": assessment.status},
    )  # fmt: skip
