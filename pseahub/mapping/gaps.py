"""The gaps of the mapping (issue 14 item 4): for every admin-1 and admin-2 area of the network's country, what is
missing — an active channel whose staff are trained on SEA intake, the channel type the community prefers, a
service of each type, a service that takes children or men.

Coverage nests as everywhere in this app (``coverage.area_lineage_ids``): a mechanism or a service on a region
covers its districts; one on a district does not cover the whole region. "Active" is the registries' rule: a
mechanism with status active of an active organisation; a service as ``selectors.service_list`` keeps it.

Reads only; the coverage map (``map.py``) uses the same ``area_coverage``. Ranking and severities: README.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from io import BytesIO

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from pseahub.accounts.models import Role
from pseahub.network.models import Area
from pseahub.network.selectors import network_settings_get

from .coverage import area_lineage_ids
from .models import (
    ChannelPreference,
    FeedbackMechanism,
    MechanismStatus,
    MechanismType,
    PopulationAge,
    PopulationDisability,
    PopulationSex,
    Service,
    ServiceType,
    SexServed,
)
from .preferences import preferred_channels
from .selectors import service_list

#: The service types whose absence is a gap, in this order; a health service counts only with clinical care after
#: rape within 72 hours.
GAP_SERVICE_TYPES = (
    ServiceType.HEALTH,
    ServiceType.PSYCHOSOCIAL,
    ServiceType.LEGAL,
    ServiceType.SAFETY_SHELTER,
    ServiceType.MATERIAL_LIVELIHOOD,
)
#: Who reads the gaps and the coverage map: the coordinator; the co-chairs and leadership read only.
GAP_ROLES = (Role.COORDINATOR, Role.CO_CHAIR, Role.LEADERSHIP)
#: Community preferences older than this do not count.
PREFERENCES_YEARS = 3


class GapKind(models.TextChoices):
    NO_SEA_CHANNEL = "no_sea_channel", gettext_lazy("No active channel with staff trained on SEA intake")
    PREFERRED_CHANNEL_ABSENT = "preferred_channel_absent", gettext_lazy("The preferred type of channel is absent")
    NO_SERVICE_HEALTH = "no_service_health", gettext_lazy("No clinical care after rape within 72 hours")
    NO_SERVICE_PSYCHOSOCIAL = "no_service_psychosocial", gettext_lazy("No psychosocial support")
    NO_SERVICE_LEGAL = "no_service_legal", gettext_lazy("No legal aid")
    NO_SERVICE_SAFETY_SHELTER = "no_service_safety_shelter", gettext_lazy("No safety or shelter")
    NO_SERVICE_MATERIAL_LIVELIHOOD = "no_service_material_livelihood", gettext_lazy("No material or livelihood help")
    NO_SERVICE_FOR_CHILDREN = "no_service_for_children", gettext_lazy("Services that cannot take children")
    NO_SERVICE_FOR_MEN = "no_service_for_men", gettext_lazy("Services for women and girls only")


#: The kind of gap for each missing service type.
NO_SERVICE_KIND = {
    ServiceType.HEALTH: GapKind.NO_SERVICE_HEALTH,
    ServiceType.PSYCHOSOCIAL: GapKind.NO_SERVICE_PSYCHOSOCIAL,
    ServiceType.LEGAL: GapKind.NO_SERVICE_LEGAL,
    ServiceType.SAFETY_SHELTER: GapKind.NO_SERVICE_SAFETY_SHELTER,
    ServiceType.MATERIAL_LIVELIHOOD: GapKind.NO_SERVICE_MATERIAL_LIVELIHOOD,
}


class Severity(models.TextChoices):
    HIGH = "high", gettext_lazy("High")
    MEDIUM = "medium", gettext_lazy("Medium")
    LOW = "low", gettext_lazy("Low")


SEVERITY = {
    GapKind.NO_SEA_CHANNEL: Severity.HIGH,
    GapKind.NO_SERVICE_HEALTH: Severity.HIGH,
    GapKind.PREFERRED_CHANNEL_ABSENT: Severity.MEDIUM,
    GapKind.NO_SERVICE_PSYCHOSOCIAL: Severity.MEDIUM,
    GapKind.NO_SERVICE_SAFETY_SHELTER: Severity.MEDIUM,
    GapKind.NO_SERVICE_LEGAL: Severity.LOW,
    GapKind.NO_SERVICE_MATERIAL_LIVELIHOOD: Severity.LOW,
    GapKind.NO_SERVICE_FOR_CHILDREN: Severity.LOW,
    GapKind.NO_SERVICE_FOR_MEN: Severity.LOW,
}
_SEVERITY_RANK = {value: index for index, value in enumerate(Severity.values)}
_KIND_RANK = {value: index for index, value in enumerate(GapKind.values)}


@dataclass(frozen=True)
class Group:
    """A population group: sex, age group and disability ("all" for each where it does not matter)."""

    sex: str = PopulationSex.ALL
    age_group: str = PopulationAge.ALL
    disability: str = PopulationDisability.ALL

    @property
    def key(self) -> str:
        return f"{self.sex}-{self.age_group}-{self.disability}"

    @property
    def label(self) -> str:
        parts = [
            str(choices(value).label)
            for choices, value in (
                (PopulationSex, self.sex),
                (PopulationAge, self.age_group),
                (PopulationDisability, self.disability),
            )
            if value != "all"
        ]
        return ", ".join(parts) if parts else _("Everyone")


EVERYONE = Group()
CHILDREN = Group(age_group=PopulationAge.CHILDREN)
MEN = Group(sex=PopulationSex.MALE)


@dataclass(frozen=True)
class Gap:
    kind: str
    area: Area
    group: Group
    #: The channel types people prefer (preferred channel absent), or the service types concerned (children, men).
    subjects: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """Stable across runs, for the action plan: kind, area p-code, population group."""
        return f"{self.kind}:{self.area.pcode}:{self.group.key}"

    @property
    def severity(self) -> str:
        return SEVERITY[GapKind(self.kind)]

    @property
    def kind_label(self) -> str:
        return str(GapKind(self.kind).label)

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label)

    @property
    def detail(self) -> str:
        """The channel or service types the gap names, in words ("" when none)."""
        if self.kind == GapKind.PREFERRED_CHANNEL_ABSENT:
            return _("Preferred: %(types)s") % {"types": ", ".join(str(MechanismType(t).label) for t in self.subjects)}
        if self.subjects:
            return ", ".join(str(ServiceType(t).label) for t in self.subjects)
        return ""


#: The URL builder a higher app registers (``action_plan_url_register``): the planning app's, from its ``ready()``.
_action_plan_url_builder: Callable[[Gap], str | None] | None = None


def action_plan_url_register(builder: Callable[[Gap], str | None] | None) -> None:
    """Register how a gap becomes an activity of the network's action plan (the planning app does, in ``ready()``;
    the mapping never imports it). ``None`` unregisters."""
    global _action_plan_url_builder
    _action_plan_url_builder = builder


def action_plan_url(gap: Gap) -> str | None:
    """Where the coordinator turns ``gap`` into an action of the network's action plan; ``None`` while no action
    plan is registered. The planning app (issue 15) registers its "new activity" page with ``gap.key`` (and nothing
    sensitive) in it; the gap table shows the "Add to the action plan" link only then."""
    if _action_plan_url_builder is None:
        return None
    return _action_plan_url_builder(gap)


def gap_find(key: str) -> Gap | None:
    """The current gap of this key (``Gap.key``), or None when it is no longer a gap or the key is malformed."""
    if key.count(":") != 2:
        return None
    pcode = key.split(":")[1]
    area = Area.objects.filter(pcode=pcode).first()
    if area is None:
        return None
    coverage = area_coverage([area])
    return next((gap for gap in gaps_compute(coverage) if gap.key == key), None)


# --- coverage ----------------------------------------------------------------------------------------------------


@dataclass
class AreaCoverage:
    """What covers one area: active mechanisms (all, and those with SEA-trained staff) and active services of the
    gap types that qualify (a health service only with care after rape within 72 hours)."""

    area: Area
    mechanisms: list[FeedbackMechanism] = field(default_factory=list)
    services: dict[str, list[Service]] = field(default_factory=dict)

    @property
    def sea_channels(self) -> list[FeedbackMechanism]:
        return [mechanism for mechanism in self.mechanisms if mechanism.sea_trained]

    @property
    def channel_types(self) -> set[str]:
        return {mechanism.type for mechanism in self.mechanisms}


def country_areas() -> list[Area]:
    """The admin-1 and admin-2 areas of the network's country (all of them when the country is not set or has no
    level-0 area), regions first, by p-code."""
    areas = Area.objects.filter(admin_level__in=(1, 2)).select_related("parent")
    code = (network_settings_get().country_code or "").strip()
    root = Area.objects.filter(admin_level=0, pcode__iexact=code).first() if code else None
    if root is not None:
        areas = areas.filter(Q(parent=root) | Q(parent__parent=root) | Q(pcode__startswith=root.pcode[:2]))
    return list(areas.order_by("admin_level", "pcode"))


def region_of(area: Area, areas: Iterable[Area]) -> Area | None:
    """The admin-1 area an admin-2 area is in (its parent, else the region whose p-code prefixes its own)."""
    if area.admin_level != 2:
        return None
    regions = [other for other in areas if other.admin_level == 1]
    return next((r for r in regions if r.pk == area.parent_id), None) or next(
        (r for r in regions if area.pcode.startswith(r.pcode)), None
    )


def _active_mechanisms() -> list[FeedbackMechanism]:
    return list(
        FeedbackMechanism.objects.filter(status=MechanismStatus.ACTIVE, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related("areas")
    )


def _qualifies(service: Service) -> bool:
    return service.type in GAP_SERVICE_TYPES and (service.type != ServiceType.HEALTH or service.post_rape_care_72h)


def area_coverage(areas: list[Area] | None = None) -> list[AreaCoverage]:
    """What covers each area (default: ``country_areas()``), in the areas' order. One query per area for its
    lineage (``coverage.area_lineage_ids``, the rule of the registries), and two for the registries."""
    areas = country_areas() if areas is None else areas
    mechanisms = [(mechanism, {area.pk for area in mechanism.areas.all()}) for mechanism in _active_mechanisms()]
    services = [(service, {area.pk for area in service.areas.all()}) for service in service_list()]
    services = [(service, ids) for service, ids in services if _qualifies(service)]
    result = []
    for area in areas:
        lineage = area_lineage_ids(area)
        covered = AreaCoverage(area=area, services={service_type: [] for service_type in GAP_SERVICE_TYPES})
        covered.mechanisms = [mechanism for mechanism, ids in mechanisms if ids & lineage]
        for service, ids in services:
            if ids & lineage:
                covered.services[service.type].append(service)
        result.append(covered)
    return result


# --- community preferences -----------------------------------------------------------------------------------


def _preferred_channels(areas: list[Area]) -> dict[tuple[int, Group], tuple[str, ...]]:
    """The channel type(s) each population group entered in a consultation of the last ``PREFERENCES_YEARS`` years
    prefers most in each area, as the preferences summary ranks them (``preferences.preferred_channels``: a
    region's count includes its districts' consultations; ties keep every top type)."""
    since = timezone.localdate() - timedelta(days=365 * PREFERENCES_YEARS)
    groups = set(
        ChannelPreference.objects.filter(consultation__date__gte=since).values_list("sex", "age_group", "disability")
    )
    by_pcode = {area.pcode: area for area in areas}
    preferred: dict[tuple[int, Group], tuple[str, ...]] = {}
    for sex, age_group, disability in sorted(groups):
        top: dict[str, list[str]] = defaultdict(list)
        for row in preferred_channels(sex=sex, age_group=age_group, disability=disability, years=PREFERENCES_YEARS):
            if row.rank == 1 and row.area in by_pcode:
                top[row.area].append(row.channel_type)
        for pcode, types in top.items():
            preferred[(by_pcode[pcode].pk, Group(sex, age_group, disability))] = tuple(sorted(types))
    return preferred


# --- the gaps ----------------------------------------------------------------------------------------------------


def _rank(gap: Gap) -> tuple[int, str, int, int, str]:
    return (
        _SEVERITY_RANK[gap.severity],
        gap.area.display_name().casefold(),
        gap.area.admin_level,
        _KIND_RANK[gap.kind],
        gap.group.key,
    )


def gaps_compute(coverage: list[AreaCoverage] | None = None) -> list[Gap]:
    """Every gap of every area, ranked: severity (high first), then the area's name, then the kind's order."""
    coverage = area_coverage() if coverage is None else coverage
    areas = [covered.area for covered in coverage]
    preferred = _preferred_channels(areas)
    children = set(service_list(age_group="0-17").values_list("pk", flat=True))
    men = set(service_list(sex=SexServed.MALE).values_list("pk", flat=True))
    gaps: list[Gap] = []
    for covered in coverage:
        area = covered.area
        if not covered.sea_channels:
            gaps.append(Gap(GapKind.NO_SEA_CHANNEL, area, EVERYONE))
        for (area_id, group), types in sorted(preferred.items(), key=lambda item: item[0][1].key):
            if area_id == area.pk and not set(types) & covered.channel_types:
                gaps.append(Gap(GapKind.PREFERRED_CHANNEL_ABSENT, area, group, types))
        for service_type in GAP_SERVICE_TYPES:
            if not covered.services[service_type]:
                gaps.append(Gap(NO_SERVICE_KIND[service_type], area, EVERYONE))
        present = [(t, services) for t, services in covered.services.items() if services]
        if no_children := tuple(t for t, services in present if not any(s.pk in children for s in services)):
            gaps.append(Gap(GapKind.NO_SERVICE_FOR_CHILDREN, area, CHILDREN, no_children))
        if no_men := tuple(t for t, services in present if not any(s.pk in men for s in services)):
            gaps.append(Gap(GapKind.NO_SERVICE_FOR_MEN, area, MEN, no_men))
    return sorted(gaps, key=_rank)


@dataclass(frozen=True)
class GapFilters:
    """The gap table's filters; empty ones keep everything. ``area`` keeps the area and the areas inside it; a
    group value keeps the gaps of that value and those of everyone ("all"), which concern every group."""

    area: Area | None = None
    kind: str = ""
    severity: str = ""
    sex: str = ""
    age_group: str = ""
    disability: str = ""

    def keeps(self, gap: Gap) -> bool:
        if self.area is not None and not (
            gap.area.pk == self.area.pk
            or gap.area.parent_id == self.area.pk
            or (gap.area.admin_level > self.area.admin_level and gap.area.pcode.startswith(self.area.pcode))
        ):
            return False
        if self.kind and gap.kind != self.kind:
            return False
        if self.severity and gap.severity != self.severity:
            return False
        for wanted, value in (
            (self.sex, gap.group.sex),
            (self.age_group, gap.group.age_group),
            (self.disability, gap.group.disability),
        ):
            if wanted and value not in (wanted, "all"):
                return False
        return True


def gap_list(filters: GapFilters | None = None) -> list[Gap]:
    """The ranked gaps the filters keep."""
    filters = filters or GapFilters()
    return [gap for gap in gaps_compute() if filters.keeps(gap)]


# --- the download ------------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """A text cell never starts a formula in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def gaps_xlsx(gaps: list[Gap]) -> bytes:
    """The gaps as a one-sheet workbook, in the table's order, headers in the active language. Every cell is text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "gaps"
    headers = [_("Severity"), _("Area"), _("P-code"), _("Region"), _("Gap"), _("Population group"), _("Details")]
    sheet.append([*headers, _("Key")])
    for gap in gaps:
        region = gap.area.parent if gap.area.admin_level == 2 else None
        row = [
            gap.severity_label,
            gap.area.display_name(),
            gap.area.pcode,
            region.display_name() if region is not None else "",
            gap.kind_label,
            gap.group.label,
            gap.detail,
            gap.key,
        ]
        sheet.append([_text(str(value)) for value in row])
    for row in sheet.iter_rows():
        for cell in row:
            cell.data_type = "s"  # text, never a formula
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
