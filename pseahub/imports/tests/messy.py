"""A tracker shaped like the ones networks keep in Excel, made with openpyxl: a title row, a blank row, a header
on two rows with merged cells ("Dates" over "Réception | Incident"), French names, dates as text in several
shapes and as Excel serial numbers, blank rows between the cases, unknown terms and a reference met twice."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook

NARRATIVE_A = "Narrative Okapi-5521"
NARRATIVE_B = "Narrative Pangolin-7734"
HEADER_TOP = [
    "N° de référence", "Dates", None, "Canal", "Région", "Organisation concernée", "Type d'EAS",
    "Sexe de la survivante", "Âge", "Statut", "Date de clôture", "Description des faits", "Consentement",
]  # fmt: skip
HEADER_SUB = [None, "Réception", "Incident", None, None, None, None, None, None, None, None, None, None]
RECEIVED_A = dt.datetime(2025, 3, 14)  # noqa: DTZ001 - a spreadsheet's cell has no time zone
# The rows, by the spreadsheet's row number (the header takes rows 3 and 4).
ROWS: dict[int, list[object]] = {
    5: ["MLI-TRK-001", RECEIVED_A, "12 févr. 2025", "Ligne verte", "Ségou", "ALPHA", "Viol", "F", 15,
        "Clôturé", "3 janvier 2026", NARRATIVE_A, "Oui"],
    6: ["MLI-TRK-002", 45700, "2025-01-31", "Point focal", "ML05", "Beta Aid", "Sexe transactionnel", "Homme",
        "26-40", "En cours", None, NARRATIVE_B, "non"],
    # 7 is blank
    8: ["MLI-TRK-003", "31/12/2025", "Dec 12, 2025", "WhatsApp", "mopti", "alpha relief", "Relation d'exploitation",
        "f", "", "Nouveau", None, "Narrative Quetzal-1", ""],
    9: ["MLI-TRK-004", "31/13/2025", "", "Pigeon voyageur", "Mopti", "ALPHA", "Harcèlement de rue", "F", "", "",
        None, "Narrative Quetzal-2", ""],
    10: ["MLI-TRK-005", "15/01/2031", "", "Hotline", "Mopti", "ALPHA", "Viol", "F", "", "", None, "", ""],
    # 11 and 12 are blank
    13: ["MLI-TRK-001", "2025-04-02", "", "Hotline", "Mopti", "ALPHA", "Viol", "F", "", "", None, "", ""],
    14: ["MLI-TRK-007", "5 mars 2025", "", "Courriel", "Atlantide", "BETA", "", "", "", "", None, "", ""],
}  # fmt: skip
VALID = {5, 6, 8}
ERRORS = {9, 10, 13, 14}


def messy_tracker(rows: dict[int, list[object]] | None = None) -> bytes:
    rows = ROWS if rows is None else rows
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "Lisez-moi"
    instructions["A1"] = "Ne pas modifier les en-têtes."
    sheet = workbook.create_sheet("Suivi 2025")
    sheet["A1"] = "Réseau PSEA Mali — Suivi des plaintes 2025"
    sheet.merge_cells("A1:M1")
    for column, value in enumerate(HEADER_TOP, start=1):
        sheet.cell(row=3, column=column, value=value)
    for column, value in enumerate(HEADER_SUB, start=1):
        if value:
            sheet.cell(row=4, column=column, value=value)
    sheet.merge_cells("B3:C3")
    for column in [1, *range(4, 14)]:
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    for number, values in rows.items():
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
