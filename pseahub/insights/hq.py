"""The quarterly return to UN Headquarters, in the system-wide categories (README.md, "The HQ categories").

- **Perpetrator affiliation**: UN peace operation; UN agencies, funds and programmes; implementing partner;
  non-UN forces; everything else (government, contractor, unknown) as "other or unknown". It comes from the
  allegation's entity type (``counting._entity_type``: the first alleged perpetrator's, else the concerned
  organisation's type's).
- **Type**: sexual exploitation, sexual abuse, other, unknown (the SEA sub-type's group; none recorded is
  unknown).
- **Status**: the outcome recorded on the allegation's latest allegation referral that was neither revoked nor
  declined (the UN status list: the ``outcome`` vocabulary); "referred, no outcome recorded yet" when that
  referral has none; "not referred" when there is no such referral.
- **Victims**: women, girls, men, boys, unknown (``Survivor.victim_type``), survivors with statistics consent
  only (the GBVIMS rule, as every survivor-level table); a victim counts once under each affiliation of the
  allegations of their complaint, as the UN counts a report once per category of personnel.

Every table here is a ``CountTable`` built with GROUP BY in the database; nothing opens the vault.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from pseahub.cases.models import EntityType, Survivor, Term, VictimType, Vocabulary
from pseahub.referrals.models import Referral, ReferralKind, ReferralState

from .counting import (
    NOT_RECORDED,
    Filters,
    _entity_type,
    _one_way,
    _sea_groups,
    counted_allegations,
    statistics_consented,
)
from .tables import CountTable

# The allegation's entity type (cases.EntityType) -> the HQ affiliation; any other is "other or unknown".
OTHER_OR_UNKNOWN = "other_unknown"
AFFILIATION_OF_ENTITY_TYPE: dict[str, str] = {
    EntityType.UN_PEACE_OPERATION: "un_peace_operation",
    EntityType.UN_AGENCY: "un_afp",
    EntityType.IMPLEMENTING_PARTNER: "implementing_partner",
    EntityType.NON_UN_FORCES: "non_un_forces",
}

PENDING = "pending"  # referred, no outcome recorded yet
NOT_REFERRED = "not_referred"
DATE_UNKNOWN = "date_unknown"


def affiliations() -> list[tuple[str, str]]:
    """The HQ affiliations in the order the UN publishes them, as (key, label)."""
    return [
        ("un_peace_operation", _("UN peace operation")),
        ("un_afp", _("UN agencies, funds and programmes")),
        ("implementing_partner", _("Implementing partner")),
        ("non_un_forces", _("Non-UN forces")),
        (OTHER_OR_UNKNOWN, _("Other or unknown")),
    ]


def statuses() -> list[tuple[str, str]]:
    """The UN status list (the seeded ``outcome`` vocabulary, in its order), then the two states before it."""
    terms = [(term.code, term.label) for term in Term.objects.filter(vocabulary=Vocabulary.OUTCOME)]
    return [*terms, (PENDING, _("Referred, no outcome recorded yet")), (NOT_REFERRED, _("Not referred"))]


def victim_types() -> list[tuple[str, str]]:
    labels = {
        VictimType.WOMAN: _("Women"),
        VictimType.GIRL: _("Girls (under 18)"),
        VictimType.MAN: _("Men"),
        VictimType.BOY: _("Boys (under 18)"),
        VictimType.UNKNOWN: _("Unknown"),
    }
    return [(str(value), labels[value]) for value in VictimType]


def _affiliation(entity_type_field: str) -> Any:
    return Case(
        *[When(**{entity_type_field: entity}, then=Value(key)) for entity, key in AFFILIATION_OF_ENTITY_TYPE.items()],
        default=Value(OTHER_OR_UNKNOWN),
        output_field=CharField(),
    )


def _status() -> Any:
    """An allegation's status on the UN list (see the module's docstring)."""
    latest = (
        Referral.objects.filter(allegation=OuterRef("pk"), kind=ReferralKind.ALLEGATION)
        .exclude(state__in=[ReferralState.REVOKED, ReferralState.DECLINED])
        .order_by("-sent_at", "-pk")
    )
    return Case(
        When(
            Exists(latest),
            then=Coalesce(Subquery(latest.values("outcome__code")[:1]), Value(PENDING), output_field=CharField()),
        ),
        default=Value(NOT_REFERRED),
        output_field=CharField(),
    )


def hq_allegations(filters: Filters) -> QuerySet[Any]:
    """The counted allegations (``counting.counted_allegations``) with their HQ affiliation as ``affiliation``."""
    return (
        counted_allegations(filters)
        .annotate(entity_type_of=_entity_type())
        .annotate(affiliation=_affiliation("entity_type_of"))
    )


def _cross(
    counts: dict[tuple[str, str], int],
    *,
    title: str,
    rows: list[tuple[str, str]],
    columns: list[tuple[str, str]],
    unit: str,
    denominator: str,
    left_out: int = 0,
) -> CountTable:
    """A rows-by-columns table; a value met but not among ``rows`` or ``columns`` is added after them."""

    def completed(given: list[tuple[str, str]], met: list[str]) -> list[tuple[str, str]]:
        keys = [key for key, _label in given]
        extra = [key for key in dict.fromkeys(met) if key not in keys]
        return [*given, *[(key, _("Not recorded") if key == NOT_RECORDED else key) for key in extra]]

    rows = completed(rows, [row for row, _column in counts])
    columns = completed(columns, [column for _row, column in counts])
    return CountTable(
        title=title,
        row_labels=[label for _key, label in rows],
        row_keys=[key for key, _label in rows],
        column_labels=[label for _key, label in columns],
        column_keys=[key for key, _label in columns],
        cells=[[counts.get((row, column), 0) for column, _label in columns] for row, _label in rows],
        unit=unit,
        denominator=denominator,
        left_out=left_out,
    )


def _allegation_counts(filters: Filters, column: Any) -> dict[tuple[str, str], int]:
    rows = (
        hq_allegations(filters)
        .annotate(column=column)
        .values("affiliation", "column")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return {(row["affiliation"], row["column"] or NOT_RECORDED): row["n"] for row in rows}


def _allegations() -> str:
    return _(
        "Every allegation of the complaints classified SEA received in the period: once per concerned organisation "
        "and category of personnel."
    )


def _status_rule() -> str:
    return _(
        "The status is the outcome recorded on the allegation's latest referral to the concerned organisation that "
        "was neither revoked nor declined."
    )


def allegations_by_affiliation_and_type(filters: Filters) -> CountTable:
    """Allegations by perpetrator affiliation and type (SE, SA, other, unknown: none recorded is unknown)."""
    counts = _allegation_counts(filters, Coalesce(F("sea_type__group"), Value("UNKNOWN"), output_field=CharField()))
    return _cross(
        counts, title=_("Allegations by perpetrator affiliation and type"), rows=affiliations(),
        columns=_sea_groups(), unit="allegations", denominator=_allegations(),
    )  # fmt: skip


def allegations_by_affiliation_and_status(filters: Filters) -> CountTable:
    """Allegations by status (the UN status list, from the referrals: one a row) and perpetrator affiliation."""
    counts = {(status, affiliation): n for (affiliation, status), n in _allegation_counts(filters, _status()).items()}
    return _cross(
        counts, title=_("Allegations by status and perpetrator affiliation"), rows=statuses(),
        columns=affiliations(), unit="allegations",
        denominator=f"{_allegations()} {_status_rule()}",
    )  # fmt: skip


def allegations_by_affiliation_and_incident_year(filters: Filters) -> CountTable:
    """Allegations by perpetrator affiliation and the year of the incident (or "date unknown")."""
    counts = _allegation_counts(filters, ExtractYear("complaint__incident_date"))
    counts = {(row, str(year) if year != NOT_RECORDED else DATE_UNKNOWN): n for (row, year), n in counts.items()}
    years = sorted({year for _row, year in counts if year != DATE_UNKNOWN})
    return _cross(
        counts, title=_("Allegations by perpetrator affiliation and year of the incident"), rows=affiliations(),
        columns=[*[(year, year) for year in years], (DATE_UNKNOWN, _("Date unknown"))], unit="allegations",
        denominator=_allegations(),
    )  # fmt: skip


def victims_by_affiliation(filters: Filters) -> CountTable:
    """Victims (survivors with statistics consent) by perpetrator affiliation and victim type; a victim counts
    once under each affiliation of their complaint's allegations. ``left_out``: those without consent."""
    allegations = hq_allegations(filters)
    everyone = Survivor.objects.filter(complaint__allegations__in=allegations.values("pk")).distinct()
    consented = statistics_consented(Survivor.objects.filter(pk__in=everyone.values("pk")))
    rows = (
        allegations.filter(complaint__survivors__in=consented.values("pk"))
        .values("affiliation", victim_type=F("complaint__survivors__victim_type"))
        .annotate(n=Count("complaint__survivors", distinct=True))
        .order_by()
    )
    counts = {(row["affiliation"], row["victim_type"]): row["n"] for row in rows}
    return _cross(
        counts, title=_("Victims by perpetrator affiliation"), rows=affiliations(), columns=victim_types(),
        unit="survivors",
        denominator=_(
            "Survivors of the allegations counted whose statistics consent is recorded; a survivor counts once "
            "under each affiliation of the allegations of their complaint."
        ),
        left_out=everyone.count() - consented.count(),
    )  # fmt: skip


def allegations_by_status(filters: Filters) -> CountTable:
    """Allegations by status alone (the UN status list), for the periodic and donor reports."""
    rows = hq_allegations(filters).annotate(status=_status()).values("status").annotate(n=Count("pk")).order_by()
    counts = {row["status"]: row["n"] for row in rows}
    table: CountTable = _one_way(
        _("By status"), counts, statuses(), unit="allegations", denominator=f"{_allegations()} {_status_rule()}"
    )
    return table
