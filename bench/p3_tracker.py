"""P3: incident tracker (/cases/) latency and query count with 100,000 complaints.

Builds a fresh database (SQLite file under /tmp, or PostgreSQL ``pseahub_bench_p3``), migrated, with the demo
network, then bulk-creates ``--complaints`` complaints with realistic spreads of the clear fields (channel,
status, classification, area, organisation, child, urgency, dates over 24 months growing over time), one
survivor each, 0-3 allegations, an allegation referral (on its own keyring) per allegation of a referred,
in-progress or closed SEA complaint, and per complaint its own keyring (a real X25519 key pair) with two grants:
the coordinator's (the keyring's private key sealed to the coordinator's public key, so the tracker's
need-to-know join is exercised on every row) and the complainant's. With ``--seal real`` (default) every
sealed blob is a real seal of a small JSON document to that complaint's keyring (``vault.services.seal_data``);
``--seal shared`` reuses one ciphertext per kind for a faster fill.

It then asks for tracker pages in-process with Django's test client (the full middleware stack, settings
``config.settings.bench``: DEBUG off) as the demo coordinator, signed in with the second factor passed, and
prints p50/p95/max over ``--repeat`` requests and the number of SQL queries per page, then the query count
for several page sizes and page numbers. Targets: p95 < 150 ms; the query count does not grow with the page.

    .venv/bin/python bench/p3_tracker.py [--backend sqlite|postgres|both] [--complaints 100000] [--repeat 30]
        [--seal real|shared] [--keep]   (--keep: reuse the database of the previous run if it is filled)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import statistics
import sys
import time
from typing import Any

from _common import ROOT, bench_env, fresh_database, percentile, prepare_database, setup_django, table

P95_TARGET_MS = 150.0
BATCH = 2000


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


def fill(count: int, *, seal_mode: str, start: int = 0, seed: int = 2026) -> None:
    """Bulk-create ``count`` complaints with their keyrings, grants, survivors and allegations."""
    from django.db import connection, transaction
    from django.utils import timezone

    from pseahub.accounts.models import Role, User
    from pseahub.cases.demo import AREA_WEIGHTS, CHANNELS, CLASSIFICATIONS, ORG_TYPE_WEIGHTS
    from pseahub.cases.models import (
        Allegation,
        Classification,
        ComplainantType,
        Complaint,
        ContactMethod,
        Sex,
        Status,
        Survivor,
        Term,
        Vocabulary,
        YesNoUnknown,
    )
    from pseahub.network.models import Area, Organisation
    from pseahub.vault.crypto import keypair_generate, seal, secretbox_key, secretbox_seal
    from pseahub.vault.models import GrantKind, KeyGrant, Keyring
    from pseahub.vault.services import seal_data

    rng = random.Random(seed + start)
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    assert coordinator is not None and coordinator.public_key, "the demo coordinator has no key pair"
    coordinator_public = bytes(coordinator.public_key)
    areas = {a.pcode: a for a in Area.objects.filter(admin_level=1)}
    area_pairs = [(areas[p], w) for p, w in AREA_WEIGHTS.items() if p in areas]
    orgs_by_type: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.all():
        orgs_by_type.setdefault(org.type, []).append(org)
    type_pairs = [(t, w) for t, w in ORG_TYPE_WEIGHTS.items() if t in orgs_by_type]
    terms: dict[str, list[Term]] = {}
    for term in Term.objects.all():
        terms.setdefault(term.vocabulary, []).append(term)
    age_terms = {t.code: t for t in terms[Vocabulary.AGE_GROUP]}
    sea_types = [t for t in terms[Vocabulary.SEA_TYPE] if t.group in ("SE", "SA")]
    categories = terms[Vocabulary.PERSONNEL_CATEGORY]
    ages = ["0-11", "12-17", "12-17", "18-25", "18-25", "18-25", "26-40", "26-40", "41-60", "unknown"]
    now = timezone.now()
    shared: dict[str, bytes] = {}

    def sealed(row: Any, keyring: Keyring, kind: str, data: dict[str, Any]) -> Any:
        """``row`` with its sealed field set, bound to it (shared: one bound to the first row of its kind, which
        no other row's page could open; the tracker never opens them)."""
        if seal_mode == "shared":
            if kind not in shared:
                shared[kind] = seal_data(keyring, data, bound_to=(row, "sealed"))
            row.sealed = shared[kind]
        else:
            row.sealed = seal_data(keyring, data, bound_to=(row, "sealed"))
        return row

    started = time.perf_counter()
    for batch_start in range(0, count, BATCH):
        size = min(BATCH, count - batch_start)
        pairs = [keypair_generate() for _i in range(size)]
        with transaction.atomic():
            keyrings = Keyring.objects.bulk_create([Keyring(public_key=p.public) for p in pairs])
            grants = []
            for keyring, pair in zip(keyrings, pairs, strict=True):
                grants.append(
                    KeyGrant(
                        keyring=keyring,
                        kind=GrantKind.USER,
                        user=coordinator,
                        recipient_public_key=coordinator_public,
                        wrapped_private_key=seal(coordinator_public, pair.private),
                    )
                )
                grants.append(
                    KeyGrant(
                        keyring=keyring,
                        kind=GrantKind.COMPLAINANT,
                        wrapped_private_key=secretbox_seal(secretbox_key(), pair.private),
                    )
                )
            KeyGrant.objects.bulk_create(grants)
            complaints = []
            details = []
            for offset, keyring in enumerate(keyrings):
                index = start + batch_start + offset
                # More recent months carry more complaints; 24 months in all.
                days_ago = 730 * (1 - rng.random() ** 0.7)
                received_at = now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 1439))
                classification = _weighted(rng, CLASSIFICATIONS)
                org_type = _weighted(rng, type_pairs)
                organisation = rng.choice(orgs_by_type[org_type]) if rng.random() < 0.85 else None
                age = rng.choice(ages)
                child = age in ("0-11", "12-17")
                if days_ago < 4:
                    status = Status.NEW
                elif days_ago < 60:
                    status = rng.choice([Status.TRIAGED, Status.REFERRED, Status.IN_PROGRESS, Status.CLOSED])
                else:
                    status = _weighted(rng, [(Status.CLOSED, 85), (Status.IN_PROGRESS, 10), (Status.REFERRED, 5)])
                if status == Status.NEW:
                    classification = Classification.UNCLASSIFIED
                feedback = classification == Classification.PROGRAMME_FEEDBACK
                triaged_at = None if status == Status.NEW else received_at + dt.timedelta(hours=rng.randint(2, 72))
                closed_at = (
                    triaged_at + dt.timedelta(days=rng.randint(1, 120))
                    if status == Status.CLOSED and triaged_at
                    else None
                )
                named = rng.random() < 0.35
                complaints.append(
                    sealed(
                        Complaint(
                            reference=f"MLI-{received_at.year}-{index + 1:06d}",
                            keyring=keyring,
                            receipt_lookup=secrets.token_hex(32),
                            channel=str(_weighted(rng, CHANNELS)),
                            language=rng.choice(["fr", "fr", "fr", "en", "ar"]),
                            received_at=received_at,
                            status=status,
                            classification=classification,
                            complainant_type=rng.choice(list(ComplainantType)),
                            contact_method=ContactMethod.PHONE if named else ContactMethod.NONE,
                            incident_date=(received_at - dt.timedelta(days=rng.randint(0, 40))).date()
                            if rng.random() < 0.8
                            else None,
                            area=_weighted(rng, area_pairs) if rng.random() < 0.9 else None,
                            reported_organisation=organisation,
                            involves_child=child,
                            is_urgent=classification == Classification.SEA and rng.random() < 0.15,
                            forwarded_to=organisation if feedback and status == Status.CLOSED else None,
                            triaged_at=triaged_at,
                            closed_at=closed_at,
                        ),
                        keyring,
                        "complaint",
                        {
                            "narrative": f"Demo narrative {index}: a distribution agent asked for sex.",
                            "location_detail": "Site de Socoura",
                            "organisation_text": "",
                            "perpetrator_description": "Homme, la trentaine",
                            "reporter_name": f"Reporter {index}" if named else "",
                            "reporter_contact": f"+223 76 {index % 100:02d} 00 00" if named else "",
                        },
                    )
                )
                details.append((classification, organisation, age, child))
            complaints = Complaint.objects.bulk_create(complaints)
            survivors = []
            allegations = []
            for complaint, (classification, organisation, age, child) in zip(complaints, details, strict=True):
                keyring = complaint.keyring
                survivors.append(
                    sealed(
                        Survivor(
                            complaint=complaint,
                            sex=str(rng.choices([Sex.FEMALE, Sex.MALE, Sex.UNKNOWN], weights=[80, 12, 8])[0]),
                            age_group=age_terms.get(age),
                            is_child=child,
                            disability=str(
                                rng.choices(
                                    [YesNoUnknown.NO, YesNoUnknown.YES, YesNoUnknown.UNKNOWN], weights=[60, 8, 32]
                                )[0]
                            ),
                        ),
                        keyring,
                        "survivor",
                        {"name": "", "contact": ""},
                    )
                )
                if classification == Classification.SEA:
                    n_allegations = _weighted(rng, [(1, 85), (2, 12), (3, 3)])
                else:
                    n_allegations = 1 if organisation is not None and rng.random() < 0.8 else 0
                for k in range(n_allegations):
                    org = organisation if k == 0 else rng.choice(orgs_by_type[_weighted(rng, type_pairs)])
                    allegations.append(
                        sealed(
                            Allegation(
                                complaint=complaint,
                                organisation=org,
                                personnel_category=rng.choice(categories),
                                sea_type=rng.choice(sea_types) if classification == Classification.SEA else None,
                            ),
                            keyring,
                            "allegation",
                            {"perpetrator_description": "Driver of a pick-up"},
                        )
                    )
            Survivor.objects.bulk_create(survivors)
            allegations = Allegation.objects.bulk_create(allegations)
            _referrals(rng, allegations, coordinator, now)
        done = batch_start + size
        if done % 20000 == 0 or done == count:
            rate = done / (time.perf_counter() - started)
            print(f"   {done:,} complaints ({rate:,.0f}/s)", flush=True)
    with connection.cursor() as cursor:  # fresh statistics for the query planner, as autovacuum would give
        cursor.execute("ANALYZE")


REFERRAL_STATE_BY_STATUS = {
    "referred": [("sent", 40), ("acknowledged", 60)],
    "in_progress": [("in_progress", 85), ("acknowledged", 15)],
    "closed": [("closed", 90), ("declined", 5), ("revoked", 5)],
}


def _referrals(rng: random.Random, allegations: list[Any], coordinator: Any, now: dt.datetime) -> None:
    """One allegation referral (on its own keyring) per allegation of a referred, in-progress or closed SEA
    complaint, so the tracker's "late referral" test runs against a realistic referrals table."""
    from pseahub.cases.models import Classification
    from pseahub.referrals.models import Referral
    from pseahub.vault.crypto import keypair_generate
    from pseahub.vault.models import Keyring

    chosen = [
        a
        for a in allegations
        if a.organisation_id
        and a.complaint.classification == Classification.SEA
        and a.complaint.status in REFERRAL_STATE_BY_STATUS
    ]
    if not chosen:
        return
    keyrings = Keyring.objects.bulk_create([Keyring(public_key=keypair_generate().public) for _a in chosen])
    referrals = []
    for allegation, keyring in zip(chosen, keyrings, strict=True):
        complaint = allegation.complaint
        state = _weighted(rng, REFERRAL_STATE_BY_STATUS[complaint.status])
        sent_at = (complaint.triaged_at or complaint.received_at) + dt.timedelta(hours=rng.randint(1, 48))
        sent_at = min(sent_at, now)
        referrals.append(
            Referral(
                kind="allegation",
                complaint=complaint,
                allegation=allegation,
                organisation_id=allegation.organisation_id,
                keyring=keyring,
                state=state,
                sent_by=coordinator,
                sent_at=sent_at,
                due_at=sent_at + dt.timedelta(days=rng.choice([3, 7, 30])),
                acknowledged_at=sent_at + dt.timedelta(days=1) if state != "sent" else None,
                closed_at=complaint.closed_at if state == "closed" else None,
            )
        )
    Referral.objects.bulk_create(referrals)


def signed_in_client(user: Any) -> Any:
    """Like conftest.verified_client: a test client signed in with the second factor passed."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(user=user, name="bench")
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def middle_cursor(actor: Any, total: int, size: int, *, fraction: float = 0.5) -> str:
    """The cursor of the page ``fraction`` of the way down the tracker (as reached by following "Next"):
    the row just before it, found by position among the complaints that are not overdue."""
    from pseahub.cases.selectors import Cursor, TrackerFilters, _overdue_q, _visible

    visible = _visible(actor=actor, filters=TrackerFilters())
    position = max(int(total * fraction) // size * size - 1 - visible.filter(_overdue_q()).count(), 0)
    pk, received_at = (
        visible.exclude(_overdue_q()).order_by("-received_at", "-pk").values_list("pk", "received_at")[position]
    )
    return Cursor(overdue=False, value=received_at, pk=pk).encode()


def cases(total: int, actor: Any) -> list[tuple[str, str]]:
    from pseahub.cases.views import PAGE_SIZE
    from pseahub.network.models import Area, Organisation

    org = Organisation.objects.get(acronym="UNHCR")
    area = Area.objects.get(pcode="ML05")
    middle = max(1, total // PAGE_SIZE // 2)
    return [
        ("first page", "/cases/"),
        ("filter status+channel+child", "/cases/?status=closed&channel=hotline&child=no"),
        ("filter organisation (join)", f"/cases/?organisation={org.public_id}"),
        ("filter area+date range", f"/cases/?area={area.pcode}&received_from=2025-01-01&received_to=2025-12-31"),
        ("filter overdue", "/cases/?overdue=on"),
        ("sort by reference", "/cases/?sort=reference"),
        (f"middle page (~{middle}, by cursor)", f"/cases/?after={middle_cursor(actor, total, PAGE_SIZE)}"),
        ("page before it (Previous)", f"/cases/?before={middle_cursor(actor, total, PAGE_SIZE)}"),
        ("last page", "/cases/?last=1"),
    ]


def time_page(client: Any, url: str, repeat: int) -> tuple[list[float], int, int]:
    """(latencies in ms, queries of one request, rows shown)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _i in range(2):  # warm caches (templates, translations, the database's pages)
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # read now: the list is a view of the connection's log
    assert response.status_code == 200, response.status_code
    rows = response.content.count(b'<td class="reference"><a href="/cases/')
    times = []
    for _i in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, queries, rows


def query_counts(client: Any, total: int, actor: Any) -> tuple[list[list[object]], set[int]]:
    """Queries per request for several page sizes and pages: first, second (Next), middle (by cursor), last.

    The same number everywhere means no query per row (N+1) and none per page of depth."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pseahub.cases import views

    original = views.PAGE_SIZE
    rows = []
    distinct: set[int] = set()
    try:
        for size in (10, 50, 200):
            views.PAGE_SIZE = size
            first = client.get("/cases/").content.decode()
            following = re.search(r'after=([^"&]+)" rel="next"', first).group(1)
            pages = {
                "first": "/cases/",
                "second": f"/cases/?after={following}",
                "middle": f"/cases/?after={middle_cursor(actor, total, size)}",
                "last": "/cases/?last=1",
            }
            counts = []
            for name, url in pages.items():
                client.get(url)  # the count is cached after the first request: measure the steady state
                with CaptureQueriesContext(connection) as ctx:
                    assert client.get(url).status_code == 200
                counts.append(f"{name}: {len(ctx.captured_queries)}")
                distinct.add(len(ctx.captured_queries))
            rows.append([size, *counts])
    finally:
        views.PAGE_SIZE = original
    return rows, distinct


def explain(client: Any, url: str) -> None:
    """Print each query of one request with its time (for --explain)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for query in ctx.captured_queries:
        print(f"   {float(query['time']) * 1000:8.1f} ms  {query['sql'][:400]}")


def run(backend: str, args: argparse.Namespace) -> tuple[list[list[object]], bool]:
    name = "p3"
    if args.keep and backend == "sqlite" and os.path.exists("/tmp/pseahub-bench-p3.sqlite3"):  # noqa: S108
        database_url = "sqlite:////tmp/pseahub-bench-p3.sqlite3"
        print(f"\n== {backend}: {database_url} (kept from the previous run, migrated)", flush=True)
    elif args.keep and backend == "postgres":
        from _common import PG_ADMIN_URL

        database_url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/pseahub_bench_{name}"
        print(f"\n== {backend}: {database_url} (kept from the previous run, migrated)", flush=True)
    else:
        database_url = fresh_database(backend, name)
        print(f"\n== {backend}: {database_url} (fresh, migrated, demo network)", flush=True)
    prepare_database(bench_env(database_url), demo=not args.keep)  # load_demo would add to kept complaints
    setup_django(database_url)
    from pseahub.accounts.models import Role, User
    from pseahub.cases.models import Allegation, Complaint
    from pseahub.referrals.models import Referral
    from pseahub.vault.models import KeyGrant

    existing = Complaint.objects.count()
    if existing < args.complaints:
        print(f"   filling {args.complaints - existing:,} complaints (seal: {args.seal}) …", flush=True)
        fill(args.complaints - existing, seal_mode=args.seal, start=existing)
    total = Complaint.objects.count()
    print(
        f"   {backend}: {total:,} complaints, {Allegation.objects.count():,} allegations, "
        f"{KeyGrant.objects.count():,} key grants, {Referral.objects.count():,} referrals",
        flush=True,
    )
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    client = signed_in_client(coordinator)
    results = []
    for label, url in cases(total, coordinator):
        times, queries, shown = time_page(client, url, args.repeat)
        p95 = percentile(times, 95)
        results.append(
            [
                backend,
                label,
                shown,
                f"{statistics.median(times):.1f}",
                f"{p95:.1f}",
                f"{max(times):.1f}",
                queries,
                "PASS" if p95 < P95_TARGET_MS else "FAIL",
            ]
        )
        print(f"   {label}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, {queries} queries", flush=True)
        if args.explain:
            explain(client, url)
    counts, distinct = query_counts(client, total, coordinator)
    # A page that spans the overdue part and the rest reads both (one query more than a page inside one part):
    # bounded, and the same for every page size and depth.
    same_for_every_size = len({tuple(row[1:]) for row in counts}) == 1
    constant = same_for_every_size and max(distinct) - min(distinct) <= 1
    print(f"\n   {backend}: queries per request by page size (rows per page) and page number")
    print("   " + table(["page size", "first", "second", "middle", "last"], counts).replace("\n", "\n   "))
    print(f"   query count {'bounded' if constant else 'GROWS'}: {sorted(distinct)}")
    return results, constant


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seal", choices=["real", "shared"], default="real")
    parser.add_argument("--keep", action="store_true", help="reuse the previous run's database when filled")
    parser.add_argument("--explain", action="store_true", help="print each query's SQL and time")
    args = parser.parse_args()
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(
        f"P3 tracker: {os.cpu_count()} cores, {args.complaints:,} complaints, {args.repeat} timed requests per page "
        f"(after 2 warm-up), in-process test client, settings bench (DEBUG off); "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    if len(backends) > 1:
        # Django is configured once per process: run each backend in its own process.
        import subprocess

        code = 0
        for backend in backends:
            argv = [sys.executable, __file__, "--backend", backend, "--complaints", str(args.complaints)]
            argv += ["--repeat", str(args.repeat), "--seal", args.seal]
            argv += ["--keep"] * args.keep + ["--explain"] * args.explain
            code |= subprocess.call(argv)  # noqa: S603 - this script again
        return code
    results, constant = run(backends[0], args)
    print()
    print(table(["database", "page", "rows", "p50 ms", "p95 ms", "max ms", "queries", "p95 < 150"], results))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = all(r[-1] == "PASS" for r in results) and constant
    print(
        f"P3 {'PASS' if ok else 'FAIL'} (p95 < {P95_TARGET_MS:.0f} ms on every page; query count constant: {constant})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
