"""Tracker import: 10,000 rows within a minute (issue 12, item 9).

Builds a fresh SQLite database (``/tmp/pseahub-bench-import.sqlite3``, or PostgreSQL ``pseahub_bench_import``),
migrated, with the demo network, then writes a tracker of ``--rows`` rows with openpyxl shaped like the messy
ones networks keep (a title row, a two-row header with merged cells, French names, dates as text in several
shapes and as Excel serial numbers, a ~300-character narrative per row), uploads it as the demo coordinator
(sealed), saves the suggested mapping, and runs the dry run and the import in this process through the same
functions the task worker calls (``imports.execute.import_execute``), timing each. Every row is valid, so
every row becomes a complaint: sealed to its own keyring, no receipt, one audit entry each.

    .venv/bin/python bench/import_10k.py [--rows 10000] [--backend sqlite|postgres]

Target: the import (dry run excluded) of 10,000 rows in under 60 s. Exits 0 when met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time

from _common import ROOT, bench_env, fresh_database, prepare_database, setup_django

TARGET_S = 60.0


def tracker(rows: int, *, areas: list[str], organisations: list[str]) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(12)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Suivi")
    sheet.append(["Réseau PSEA — suivi des plaintes"])
    sheet.append([])
    sheet.append(["N° de référence", "Dates", None, "Canal", "Région", "Organisation concernée", "Type d'EAS",
                  "Sexe de la survivante", "Âge", "Statut", "Date de clôture", "Description des faits",
                  "Consentement"])  # fmt: skip
    sheet.append([None, "Réception", "Incident"])
    channels = ["Ligne verte", "Point focal", "En personne", "WhatsApp", "Courriel", "SMS"]
    types = ["Viol", "Sexe transactionnel", "Agression sexuelle", "Relation d'exploitation", "Autre"]
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]  # fmt: skip
    start = dt.date(2023, 1, 1)
    for number in range(rows):
        received = start + dt.timedelta(days=rng.randrange(0, 900))
        incident = received - dt.timedelta(days=rng.randrange(0, 60))
        shape = number % 4
        if shape == 0:
            received_cell: object = (received - dt.date(1899, 12, 30)).days  # an Excel serial number
        elif shape == 1:
            received_cell = received.strftime("%d/%m/%Y")
        elif shape == 2:
            received_cell = f"{received.day} {months[received.month - 1]} {received.year}"
        else:
            received_cell = received.isoformat()
        closed = rng.random() < 0.4
        sheet.append([
            f"TRK-{number:06d}", received_cell, incident.strftime("%d/%m/%Y"), rng.choice(channels),
            rng.choice(areas), rng.choice(organisations), rng.choice(types), rng.choice(["F", "M", "Femme", "Homme"]),
            rng.choice(["15", "26-40", "18-25", ""]), "Clôturé" if closed else rng.choice(["En cours", "Nouveau"]),
            "2026-06-30" if closed else None, "Récit " + "x" * 300, rng.choice(["Oui", "Non", ""]),
        ])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(backend: str, rows: int) -> float:
    url = fresh_database(backend, "import")
    prepare_database(bench_env(url))
    setup_django(url)
    from pseahub.accounts.models import Role, User
    from pseahub.accounts.services import user_private_key_unlock
    from pseahub.cases.models import Complaint
    from pseahub.imports import execute, services
    from pseahub.imports.models import ImportState
    from pseahub.network.demo import DEMO_PASSWORD
    from pseahub.network.models import Area, Organisation

    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    assert coordinator is not None
    private = user_private_key_unlock(user=coordinator, password=DEMO_PASSWORD)
    areas = [area.display_name("fr") for area in Area.objects.filter(admin_level=1)]
    organisations = [org.acronym or org.name for org in Organisation.objects.all()]
    t0 = time.perf_counter()
    content = tracker(rows, areas=areas, organisations=organisations)
    print(f"tracker written: {rows:,} rows, {len(content) / 1e6:.1f} MB XLSX in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    import_run = services.import_upload(actor=coordinator, user_private=private, content=content, filename="t.xlsx")
    print(f"upload (read, header, seal): {time.perf_counter() - t0:.1f} s; columns: {import_run.columns}")
    mapping = {int(index): key for index, key in import_run.mapping.items()}
    services.import_mapping_save(actor=coordinator, run=import_run, mapping=mapping)
    import_run.refresh_from_db()
    import_run.state = ImportState.CHECKING
    import_run.save()
    t0 = time.perf_counter()
    execute.import_execute(run_id=import_run.pk, dry_run=True)
    import_run.refresh_from_db()
    print(
        f"dry run: {time.perf_counter() - t0:.1f} s; valid {import_run.valid_rows:,}, errors {import_run.error_rows:,}"
    )
    import_run.state = ImportState.IMPORTING
    import_run.valid_only = True
    import_run.claimed_at = None
    import_run.save()
    t0 = time.perf_counter()
    execute.import_execute(run_id=import_run.pk, dry_run=False)
    elapsed = time.perf_counter() - t0
    import_run.refresh_from_db()
    stored = Complaint.objects.filter(is_imported=True).count()
    print(f"import: {elapsed:.1f} s for {import_run.imported_rows:,} complaints ({stored:,} in the database)")
    return elapsed if stored == import_run.valid_rows and import_run.state == ImportState.DONE else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    print(
        f"Tracker import: {os.cpu_count()} cores, {args.rows:,} rows, {args.backend}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    elapsed = run(args.backend, args.rows)
    ok = elapsed < TARGET_S
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"IMPORT {'PASS' if ok else 'FAIL'} ({elapsed:.1f} s; target < {TARGET_S:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
