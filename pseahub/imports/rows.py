"""A tracker row to a complaint: each mapped cell read and checked, every problem reported with its row,
column, value and reason. No database writes; the vocabularies come in a ``Vocab`` read once per run."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.cases.models import (
    Channel,
    Classification,
    ConsentDecision,
    ConsentGiver,
    ConsentPurpose,
    PerpetratorRole,
    Sex,
    Status,
    Term,
    YesNoUnknown,
)
from pseahub.cases.services import ComplaintInput, ConsentInput, PerpetratorInput, SurvivorInput
from pseahub.cases.vocabularies import CHILD_AGE_GROUPS
from pseahub.core.sheets import Cell, ValueProblemError, cell_text, date_parse, normalise, number_parse, yes_no_parse

from .fields import AGE, BY_KEY, CHOICE, DATE, NUMBER, TEXT, YES_NO, Vocab

MAX_TEXT = 20_000
CONSENTS = {
    "consent_services": ConsentPurpose.SERVICES,
    "consent_share": ConsentPurpose.SHARE_IDENTITY,
    "consent_investigation": ConsentPurpose.INVESTIGATION,
}


@dataclass
class RowResult:
    number: int  # the row's number as the spreadsheet shows it (1-based)
    data: ComplaintInput | None = None
    sea_type: Term | None = None
    status: str = Status.NEW
    closed_on: dt.date | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)


def _midnight(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def choice_code(key: str, raw: Cell, *, vocab: Vocab, value_map: dict[str, dict[str, str]]) -> str | None:
    """The option a cell maps to: the coordinator's mapping of that value first, then the suggestion. "" =
    left empty by the coordinator; ``ValueProblemError`` for a value nobody mapped."""
    text = normalise(cell_text(raw))
    if not text:
        return ""
    chosen = value_map.get(key, {})
    if text in chosen:
        return chosen[text]
    found = vocab.suggest(key, cell_text(raw))
    if found is None:
        raise ValueProblemError(_("Unknown value: map it to a term on the values page, or leave it empty."))
    return found


def row_read(
    cells: list[Cell],
    *,
    number: int,
    columns: list[str],
    mapping: dict[int, str],
    vocab: Vocab,
    value_map: dict[str, dict[str, str]],
    today: dt.date,
) -> RowResult:
    """Read one row through the mapping; ``result.data`` is None when the row has errors."""
    result = RowResult(number=number)
    values: dict[str, Any] = {}
    for index, key in mapping.items():
        if not key or index >= len(cells):
            continue
        spec, raw = BY_KEY[key], cells[index]
        try:
            if spec.kind == TEXT:
                text = cell_text(raw)
                if len(text) > MAX_TEXT:
                    raise ValueProblemError(_("Longer than %(max)s characters.") % {"max": MAX_TEXT})
                if key == "original_reference" and len(text) > 64:
                    raise ValueProblemError(_("A reference of more than 64 characters."))
                values[key] = text
            elif spec.kind == DATE:
                values[key] = date_parse(raw, today=today)
            elif spec.kind == NUMBER:
                values[key] = number_parse(raw)
            elif spec.kind == YES_NO:
                values[key] = yes_no_parse(raw)
            elif spec.kind in (CHOICE, AGE):
                values[key] = choice_code(key, raw, vocab=vocab, value_map=value_map)
                if spec.kind == AGE and values[key] == "" and normalise(cell_text(raw)).isdigit():
                    values["age_years"] = int(normalise(cell_text(raw)))
        except ValueProblemError as problem:
            shown = "" if spec.sealed else cell_text(raw)[:80]
            result.errors.append({"row": number, "column": columns[index], "value": shown, "why": str(problem)})
    _cross_check(values, result, columns=columns, mapping=mapping)
    if result.errors:
        return result
    result.data, result.sea_type = _complaint_input(values, vocab=vocab), _term(vocab, "sea_type", values)
    result.status = values.get("status") or (Status.CLOSED if values.get("closed_at") else Status.NEW)
    if result.status == Status.CLOSED:
        result.closed_on = values.get("closed_at") or values.get("received_at") or values.get("first_reported_at")
    return result


def _column_of(key: str, columns: list[str], mapping: dict[int, str]) -> str:
    return next((columns[index] for index, mapped in mapping.items() if mapped == key), "")


def _cross_check(values: dict[str, Any], result: RowResult, *, columns: list[str], mapping: dict[int, str]) -> None:
    def problem(key: str, why: str) -> None:
        shown = values.get(key)
        result.errors.append(
            {
                "row": result.number,
                "column": _column_of(key, columns, mapping),
                "value": shown.isoformat() if isinstance(shown, dt.date) else "",
                "why": why,
            }
        )

    if result.errors:
        return
    received, first = values.get("received_at"), values.get("first_reported_at")
    if received is None and first is None:
        key = "received_at" if "received_at" in mapping.values() else "first_reported_at"
        problem(key, _("No date received: every complaint needs the date it was received or first reported."))
        return
    if received and first and first > received:
        problem("first_reported_at", _("The date first reported is after the date received."))
    incident = values.get("incident_date")
    if incident and incident > (first or received):
        problem("incident_date", _("The incident is dated after the complaint was received."))
    closed = values.get("closed_at")
    if closed and closed < (first or received):
        problem("closed_at", _("The date closed is before the date received."))


def _term(vocab: Vocab, key: str, values: dict[str, Any]) -> Term | None:
    code = values.get(key)
    return vocab.terms.get(key, {}).get(code) if code else None


def _yes_no_unknown(value: bool | None) -> str:
    return YesNoUnknown.UNKNOWN if value is None else (YesNoUnknown.YES if value else YesNoUnknown.NO)


def _complaint_input(values: dict[str, Any], *, vocab: Vocab) -> ComplaintInput:
    age_group = _term(vocab, "survivor_age", values)
    age_years = values.get("age_years")
    child_by_age = bool(age_group and age_group.code in CHILD_AGE_GROUPS) or (age_years is not None and age_years < 18)
    involves_child = bool(values.get("involves_child")) or child_by_age
    count = values.get("survivors_count") or 1
    survivors = [
        SurvivorInput(
            sex=values.get("survivor_sex") or Sex.UNKNOWN,
            age_group=age_group,
            is_child=child_by_age or (involves_child and count == 1),
            disability=_yes_no_unknown(values.get("disability")),
            displacement=_term(vocab, "displacement", values),
            name=values.get("survivor_name", "") if position == 0 else "",
        )
        for position in range(count)
    ]
    organisation = vocab.organisations.get(values.get("organisation") or "")
    perpetrator = PerpetratorInput(
        organisation=organisation,
        entity_type=values.get("entity_type") or "",
        personnel_category=_term(vocab, "personnel_category", values),
        role=values.get("perpetrator_role") or PerpetratorRole.UNKNOWN,
        sex=values.get("perpetrator_sex") or Sex.UNKNOWN,
        name=values.get("perpetrator_name", ""),
        description=values.get("perpetrator_description", ""),
    )
    perpetrator_count = values.get("perpetrators_count")
    if perpetrator_count is None:
        perpetrator_count = 0 if perpetrator.is_blank else 1
    perpetrators = [
        perpetrator if position == 0 else dataclasses.replace(perpetrator, name="", description="")
        for position in range(perpetrator_count)
    ]
    consents = [
        ConsentInput(
            purpose=purpose,
            decision=ConsentDecision.GIVEN if values[key] else ConsentDecision.REFUSED,
            given_by=ConsentGiver.SURVIVOR,
        )
        for key, purpose in CONSENTS.items()
        if values.get(key) is not None
    ]
    classification = values.get("classification") or (
        Classification.SEA if values.get("sea_type") else Classification.UNCLASSIFIED
    )
    received = values.get("received_at") or values.get("first_reported_at")
    return ComplaintInput(
        channel=values.get("channel") or Channel.OTHER,
        narrative=values.get("narrative", ""),
        location_detail=values.get("location_detail", ""),
        incident_date=values.get("incident_date"),
        area=vocab.areas.get(values.get("area") or ""),
        reported_organisation=organisation,
        involves_child=involves_child,
        survivors=survivors,
        perpetrators=perpetrators,
        received_at=_midnight(received),
        first_reported_at=_midnight(values.get("first_reported_at") or received),
        goods_exchanged=_yes_no_unknown(values.get("goods_exchanged")),
        consents=consents,
        classification=classification,
        original_reference=values.get("original_reference", ""),
        is_imported=True,
        notify=False,
    )
