"""P4: the insights dashboard (/insights/) against the raw SQL GROUP BY of the same figures, with 1,000,000
allegations.

Builds a fresh database (SQLite file under /tmp, or PostgreSQL ``pseahub_bench_p4``), migrated, with the demo
network, then fills it with raw multi-row inserts (``executemany`` on SQLite, ``COPY`` on PostgreSQL; no services,
no sealing: every sealed column holds the same few placeholder bytes, which the dashboard never reads) until it
holds ``--allegations`` allegations: complaints over 24 months growing over time, spread over areas (admin-1 and
admin-2, a few without), channels, classifications (as the demo: 38 % SEA), statuses by age, a few duplicates and
quarantined ones; per SEA or harassment complaint one or two survivors (sex, age group, victim type, disability,
displacement) with a statistics consent (given, refused, or given then withdrawn) and a services consent; per
SEA complaint 1-3 allegations (sub-type, personnel category, organisation by type), most with an alleged
perpetrator linked to them; per allegation of a referred, in-progress or closed SEA complaint an allegation
referral (sent, acknowledged or not, outcome on closed ones). Non-SEA complaints against an organisation carry
one allegation (not counted by the dashboard, but in the tables it scans).

Then, in-process with Django's test client as the demo coordinator (second factor passed, as in
``p3_tracker``), it times each dashboard request (default filters, a period preset, an area, an organisation
type, and two table downloads) ``--repeat`` times after one warm-up, and in the same run on the same database the
raw SQL that computes the same figures (``raw_*`` below: one GROUP BY per table, the timings' counts, medians and
90th percentiles in SQL, the SLA's referral rows fetched), summed per request. Targets (issue 13 item 9): every
page's p50 at most 2 times the raw queries' p50, and p95 < 300 ms.

    .venv/bin/python bench/p4_dashboard.py [--database sqlite|postgres] [--allegations 1000000] [--repeat 10]
        [--keep] [--explain] [--check] [--pages-only] [--raw-repeat N] [--raw-cold]
"""
# ruff: noqa: S608 - the raw SQL is put together from this file's constants; every value is a query parameter

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from _common import ROOT, bench_env, collect_static, fresh_database, percentile, prepare_database, setup_django, table

P95_TARGET_MS = 300.0
RATIO_TARGET = 2.0
BATCH = 20_000  # complaints per insert round
SEALED = b"\x00bench"  # placeholder for every sealed column: the dashboard never reads them


def _weighted(rng: random.Random, values: Sequence[Any], weights: Sequence[float]) -> Any:
    return rng.choices(values, weights=weights, k=1)[0]


class Writer:
    """Inserts rows of one table with explicit ids: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        if not self.postgres:  # the unique indexes on random ids need more than SQLite's 2 MB page cache
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")

    def dt(self, value: dt.datetime | None) -> Any:
        if value is None or self.postgres:
            return value
        return value.replace(tzinfo=None).isoformat(sep=" ")

    def insert(self, table_name: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.postgres:
            raw = self.connection.connection
            with raw.cursor() as cursor:
                names = ", ".join(f'"{c}"' for c in columns)
                with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            self.connection.connection.executemany(f'INSERT INTO "{table_name}" ({names}) VALUES ({marks})', rows)


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def fill(target: int, seed: int = 2026) -> None:
    """Insert complaints and what hangs on them until the database holds ``target`` allegations."""
    from django.db import connection, transaction
    from django.utils import timezone

    from pseahub.accounts.models import Role, User
    from pseahub.cases.demo import AREA_WEIGHTS, CHANNELS, CLASSIFICATIONS, ORG_TYPE_WEIGHTS
    from pseahub.cases.models import (
        ENTITY_TYPE_OF_ORGANISATION,
        Allegation,
        Complaint,
        Consent,
        Perpetrator,
        Survivor,
        Term,
        victim_type_for,
    )
    from pseahub.network.models import Area, Organisation
    from pseahub.referrals.models import Referral
    from pseahub.vault.models import Keyring

    rng = random.Random(seed)
    w = Writer()
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    assert coordinator is not None
    admin1 = {a.pcode: a for a in Area.objects.filter(admin_level=1)}
    children: dict[int, list[int]] = {}
    for area in Area.objects.filter(admin_level=2):
        children.setdefault(area.parent_id, []).append(area.pk)
    area_pcodes = [p for p in AREA_WEIGHTS if p in admin1]
    area_weights = [AREA_WEIGHTS[p] for p in area_pcodes]
    orgs_by_type: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.all():
        orgs_by_type.setdefault(org.type, []).append(org)
    org_types = [t for t in ORG_TYPE_WEIGHTS if t in orgs_by_type]
    terms: dict[str, list[Term]] = {}
    for term in Term.objects.all():
        terms.setdefault(term.vocabulary, []).append(term)
    ages = {t.code: t for t in terms["age_group"]}
    age_codes = ["0-11", "12-17", "12-17", "18-25", "18-25", "18-25", "26-40", "26-40", "41-60", "61+", "unknown"]
    sea_types = terms["sea_type"]
    sea_weights = [26 if t.group == "SE" else 12 if t.group == "SA" else 2 for t in sea_types]
    categories = terms["personnel_category"]
    displacement = terms["displacement"]
    outcomes = terms["outcome"]
    channels, channel_weights = [str(c) for c, _w in CHANNELS], [wt for _c, wt in CHANNELS]
    classes, class_weights = [str(c) for c, _w in CLASSIFICATIONS], [wt for _c, wt in CLASSIFICATIONS]
    entity_types = [*dict.fromkeys(str(e) for e in ENTITY_TYPE_OF_ORGANISATION.values()), "unknown"]
    now = timezone.now()

    ids = {m: _next_id(m) for m in (Keyring, Complaint, Survivor, Consent, Perpetrator, Allegation, Referral)}
    ids["link"] = _next_id(Allegation.perpetrators.through)  # a kept database is filled further
    allegations_done = Allegation.objects.count()
    started = time.perf_counter()
    complaint_count = 0
    while allegations_done < target:
        keyrings, complaints, survivors, consents, perpetrators, allegations, links, referrals = ([] for _i in range(8))
        for _n in range(BATCH):
            if allegations_done >= target:
                break
            days_ago = 730 * (1 - rng.random() ** 0.7)  # more recent months carry more complaints
            received = now - dt.timedelta(days=days_ago, minutes=rng.randint(0, 1439))
            classification = _weighted(rng, classes, class_weights)
            if days_ago < 4:
                status = "new"
                classification = "unclassified"
            elif days_ago < 60:
                status = rng.choice(["triaged", "referred", "in_progress", "closed"])
            else:
                status = _weighted(rng, ["closed", "in_progress", "referred"], [85, 10, 5])
            triaged = None if status == "new" else received + dt.timedelta(hours=rng.randint(2, 96))
            closed = triaged + dt.timedelta(days=rng.randint(1, 120)) if status == "closed" and triaged else None
            if closed and closed > now:
                closed = now
            closure = ""
            if closed:
                closure = "duplicate" if rng.random() < 0.02 else "outcome_reached"
            org_type = _weighted(rng, org_types, [ORG_TYPE_WEIGHTS[t][1] for t in org_types])
            organisation = rng.choice(orgs_by_type[org_type]) if rng.random() < 0.85 else None
            r = rng.random()
            if r < 0.08:
                area_id = None
            else:
                parent = admin1[_weighted(rng, area_pcodes, area_weights)]
                kids = children.get(parent.pk)
                area_id = rng.choice(kids) if kids and r < 0.35 else parent.pk
            keyring_id = ids[Keyring]
            ids[Keyring] += 1
            keyrings.append((keyring_id, SEALED, w.dt(received), None))
            cid = ids[Complaint]
            ids[Complaint] += 1
            complaint_count += 1
            age = rng.choice(age_codes)
            child = age in ("0-11", "12-17")
            complaints.append(
                (
                    cid, uuid.uuid4().hex, w.dt(received), w.dt(received), f"BEN-{cid:08d}", f"{cid:064x}",
                    _weighted(rng, channels, channel_weights), "fr", w.dt(received), status, classification,
                    "survivor", "none",
                    (received - dt.timedelta(days=rng.randint(0, 40))).date() if rng.random() < 0.8 else None,
                    child, classification == "sea" and rng.random() < 0.15, w.dt(triaged), w.dt(closed), SEALED,
                    rng.random() < 0.002, area_id, organisation.pk if organisation else None, keyring_id, closure,
                )
            )  # fmt: skip
            if classification in ("sea", "sexual_harassment"):
                consent_at = received + dt.timedelta(minutes=5)
                for _s in range(_weighted(rng, [1, 2], [85, 15])):
                    sex = _weighted(rng, ["female", "male", "unknown"], [80, 12, 8])
                    age_term = ages.get(age)
                    survivors.append(
                        (
                            ids[Survivor], uuid.uuid4().hex, cid, sex, age_term.pk if age_term else None, child,
                            _weighted(rng, ["no", "yes", "unknown"], [60, 8, 32]),
                            rng.choice(displacement).pk if rng.random() < 0.9 else None,
                            victim_type_for(
                                sex=sex, is_child=child, age_group_group=age_term.group if age_term else None
                            ),
                            SEALED,
                        )
                    )  # fmt: skip
                    ids[Survivor] += 1
                decision = _weighted(rng, ["given", "refused", "withdrawn"], [85, 10, 5])
                consents.append((ids[Consent], cid, "services", "given", "survivor", w.dt(consent_at)))
                ids[Consent] += 1
                consents.append(
                    (ids[Consent], cid, "statistics", "refused" if decision == "refused" else "given", "survivor",
                     w.dt(consent_at))
                )  # fmt: skip
                ids[Consent] += 1
                if decision == "withdrawn":
                    consents.append(
                        (ids[Consent], cid, "statistics", "withdrawn", "survivor",
                         w.dt(consent_at + dt.timedelta(days=rng.randint(1, 30))))
                    )  # fmt: skip
                    ids[Consent] += 1
            if classification == "sea":
                n_allegations = _weighted(rng, [1, 2, 3], [85, 12, 3])
            elif organisation is not None and classification in ("sexual_harassment", "other_misconduct"):
                n_allegations = 1 if rng.random() < 0.8 else 0
            else:
                n_allegations = 0
            perpetrator = None
            if n_allegations and rng.random() < 0.7:
                perpetrator = ids[Perpetrator]
                ids[Perpetrator] += 1
                entity = _weighted(rng, entity_types, [1] * (len(entity_types) - 1) + [2])
                perpetrators.append((perpetrator, uuid.uuid4().hex, cid, entity, "unknown", "unknown", "", SEALED))
            for k in range(n_allegations):
                org = organisation if k == 0 else rng.choice(orgs_by_type[rng.choice(org_types)])
                aid = ids[Allegation]
                ids[Allegation] += 1
                allegations_done += 1
                allegations.append(
                    (
                        aid, uuid.uuid4().hex, w.dt(received), w.dt(received), cid, org.pk if org else None,
                        rng.choice(categories).pk if rng.random() < 0.9 else None,
                        _weighted(rng, sea_types, sea_weights).pk if classification == "sea" and rng.random() < 0.95
                        else None,
                        SEALED,
                    )
                )  # fmt: skip
                if perpetrator is not None:
                    links.append((ids["link"], aid, perpetrator))
                    ids["link"] += 1
                if org is not None and classification == "sea" and status in ("referred", "in_progress", "closed"):
                    sent = min((triaged or received) + dt.timedelta(hours=rng.randint(1, 72)), now)
                    state = {
                        "referred": lambda: _weighted(rng, ["sent", "acknowledged"], [40, 60]),
                        "in_progress": lambda: _weighted(rng, ["in_progress", "acknowledged"], [85, 15]),
                        "closed": lambda: _weighted(rng, ["closed", "declined", "revoked"], [90, 5, 5]),
                    }[status]()
                    acknowledged = (
                        None if state in ("sent", "declined", "revoked")
                        else min(sent + dt.timedelta(hours=rng.randint(2, 24 * 12)), now)
                    )  # fmt: skip
                    rkey = ids[Keyring]
                    ids[Keyring] += 1
                    keyrings.append((rkey, SEALED, w.dt(sent), None))
                    referrals.append(
                        (
                            ids[Referral], uuid.uuid4().hex, w.dt(sent), w.dt(sent), "allegation", cid, aid, org.pk,
                            rkey, state, coordinator.pk, w.dt(sent),
                            w.dt(sent + dt.timedelta(days=rng.choice([3, 7, 30]))), w.dt(acknowledged),
                            w.dt(closed) if state == "closed" else None,
                            rng.choice(outcomes).pk if state == "closed" else None,
                        )
                    )  # fmt: skip
                    ids[Referral] += 1
        with transaction.atomic():
            w.insert("vault_keyring", ["id", "public_key", "created_at", "purged_at"], keyrings)
            complaint_defaults = {
                "language": None, "involves_child": None, "goods_exchanged": "", "incident_date_unknown": False,
                "incident_time_of_day": "", "is_imported": False, "needs_medical": False, "needs_safety": False,
                "needs_shelter": False, "original_reference": "", "reported_before": "", "reported_before_to": "",
            }  # fmt: skip
            extra = [c for c, v in complaint_defaults.items() if v is not None]
            w.insert(
                "cases_complaint",
                [
                    "id", "public_id", "created_at", "updated_at", "reference", "receipt_lookup", "channel",
                    "language", "received_at", "status", "classification", "complainant_type", "contact_method",
                    "incident_date", "involves_child", "is_urgent", "triaged_at", "closed_at", "sealed",
                    "is_quarantined", "area_id", "reported_organisation_id", "keyring_id", "closure_reason", *extra,
                ],
                [(*row, *(complaint_defaults[c] for c in extra)) for row in complaints],
            )  # fmt: skip
            w.insert(
                "cases_survivor",
                ["id", "public_id", "complaint_id", "sex", "age_group_id", "is_child", "disability",
                 "displacement_id", "victim_type", "sealed"],
                survivors,
            )  # fmt: skip
            w.insert(
                "cases_consent",
                ["id", "complaint_id", "purpose", "decision", "given_by", "decided_at", "channel", "child_assent",
                 "manner"],
                [(*row, "", "", "") for row in consents],
            )  # fmt: skip
            w.insert(
                "cases_perpetrator",
                ["id", "public_id", "complaint_id", "entity_type", "role", "sex", "nationality", "sealed"],
                perpetrators,
            )
            w.insert(
                "cases_allegation",
                ["id", "public_id", "created_at", "updated_at", "complaint_id", "organisation_id",
                 "personnel_category_id", "sea_type_id", "sealed"],
                allegations,
            )  # fmt: skip
            w.insert("cases_allegation_perpetrators", ["id", "allegation_id", "perpetrator_id"], links)
            w.insert(
                "referrals_referral",
                ["id", "public_id", "created_at", "updated_at", "kind", "complaint_id", "allegation_id",
                 "organisation_id", "keyring_id", "state", "sent_by_id", "sent_at", "due_at", "acknowledged_at",
                 "closed_at", "outcome_id", "shares_identity", "consent_override", "decline_reason",
                 "action_taken", "interim_measure", "investigating_entity", "paternity_claim"],
                [(*row, False, False, "", "", "", "", "") for row in referrals],
            )  # fmt: skip
        rate = allegations_done / (time.perf_counter() - started)
        print(f"   {allegations_done:,} allegations, {complaint_count:,} complaints ({rate:,.0f}/s)", flush=True)
    if w.postgres:  # the identity sequences past the explicit ids
        from django.core.management.color import no_style

        links_model = Allegation.perpetrators.through
        models = [Keyring, Complaint, Survivor, Consent, Perpetrator, Allegation, links_model, Referral]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    with connection.cursor() as cursor:  # fresh statistics for the planner, as autovacuum would give
        cursor.execute("ANALYZE")


# --- the raw SQL of the same figures ------------------------------------------------------------------------


class Raw:
    """The dashboard's figures for one set of filters in hand-written SQL: one GROUP BY per table."""

    def __init__(self, filters: Any, settings: Any) -> None:
        from django.db import connection
        from django.utils import timezone

        from pseahub.cases.models import ENTITY_TYPE_OF_ORGANISATION

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.filters = filters
        self.settings = settings
        start = timezone.make_aware(dt.datetime.combine(filters.start, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(filters.end + dt.timedelta(days=1), dt.time.min))
        adapt = connection.ops.adapt_datetimefield_value
        self.params: list[Any] = [adapt(start), adapt(end)]
        area = ""
        if filters.area:
            area = " AND (CASE a.admin_level WHEN 1 THEN a.pcode WHEN 2 THEN pa.pcode WHEN 3 THEN ppa.pcode END) = %s"
            self.params.append(filters.area)
        false = "false" if self.postgres else "0"
        # The counted complaints with their admin-1 p-code (``counting.counted_complaints``).
        self.complaints = f"""
            SELECT c.id, c.classification, c.channel, c.received_at, c.triaged_at, c.closed_at, c.status,
                   c.reported_organisation_id,
                   CASE a.admin_level WHEN 1 THEN a.pcode WHEN 2 THEN pa.pcode WHEN 3 THEN ppa.pcode END AS admin1
            FROM cases_complaint c
            LEFT JOIN network_area a ON a.id = c.area_id
            LEFT JOIN network_area pa ON pa.id = a.parent_id
            LEFT JOIN network_area ppa ON ppa.id = pa.parent_id
            WHERE c.received_at >= %s AND c.received_at < %s AND c.is_quarantined = {false}
              AND c.closure_reason <> 'duplicate'{area}"""
        self.org_type = filters.organisation_type
        org_filter = " AND o.type = %s" if self.org_type else ""
        self.allegations = f"""
            SELECT al.id, al.organisation_id, al.sea_type_id, al.personnel_category_id, cc.received_at, cc.admin1,
                   cc.status, cc.id AS complaint_id, o.type AS org_type
            FROM cases_allegation al JOIN ({self.complaints}) cc ON cc.id = al.complaint_id
            LEFT JOIN network_organisation o ON o.id = al.organisation_id
            WHERE cc.classification = 'sea'{org_filter}"""
        self.allegation_params = [*self.params, *([self.org_type] if self.org_type else [])]
        self.entity_case = "CASE " + " ".join(
            f"WHEN al.org_type = '{kind}' THEN '{entity}'" for kind, entity in ENTITY_TYPE_OF_ORGANISATION.items()
        ) + " ELSE 'unknown' END"  # fmt: skip

    def rows(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def month(self) -> list[tuple[Any, ...]]:
        month = "to_char(al.received_at, 'YYYY-MM')" if self.postgres else "strftime('%%Y-%%m', al.received_at)"
        return self.rows(f"SELECT {month}, COUNT(*) FROM ({self.allegations}) al GROUP BY 1", self.allegation_params)

    def by_term(self, column: str, of: str) -> list[tuple[Any, ...]]:
        return self.rows(
            f'SELECT t."{of}", COUNT(*) FROM ({self.allegations}) al LEFT JOIN cases_term t ON t.id = al.{column} '
            "GROUP BY 1",
            self.allegation_params,
        )

    def area(self) -> list[tuple[Any, ...]]:
        return self.rows(f"SELECT al.admin1, COUNT(*) FROM ({self.allegations}) al GROUP BY 1", self.allegation_params)

    def entity_type(self) -> list[tuple[Any, ...]]:
        # The first alleged perpetrator's entity type, else the organisation's type's, else unknown.
        return self.rows(
            f"""SELECT COALESCE(p.entity_type, {self.entity_case}), COUNT(*)
            FROM ({self.allegations}) al
            LEFT JOIN (SELECT ap.allegation_id, MIN(ap.perpetrator_id) AS first FROM cases_allegation_perpetrators ap
                       GROUP BY ap.allegation_id) fp ON fp.allegation_id = al.id
            LEFT JOIN cases_perpetrator p ON p.id = fp.first
            GROUP BY 1""",
            self.allegation_params,
        )

    def _sea_complaint_ids(self) -> tuple[str, list[Any]]:
        sql = f"SELECT cc.id FROM ({self.complaints}) cc WHERE cc.classification = 'sea'"
        if not self.org_type:
            return sql, list(self.params)
        sql += (
            " AND EXISTS (SELECT 1 FROM cases_allegation x JOIN network_organisation o ON o.id = x.organisation_id"
            " WHERE x.complaint_id = cc.id AND o.type = %s)"
        )
        return sql, [*self.params, self.org_type]

    def victim_age(self) -> list[tuple[Any, ...]]:
        ids, params = self._sea_complaint_ids()
        # The latest statistics decision per complaint (greatest decided_at, then id).
        latest = """SELECT s.complaint_id, s.decision FROM cases_consent s
            WHERE s.purpose = 'statistics' AND NOT EXISTS (
                SELECT 1 FROM cases_consent l WHERE l.complaint_id = s.complaint_id AND l.purpose = 'statistics'
                AND (l.decided_at > s.decided_at OR (l.decided_at = s.decided_at AND l.id > s.id)))"""
        counted = self.rows(
            f"""SELECT sv.victim_type, t.code, COUNT(*) FROM cases_survivor sv
            JOIN ({latest}) d ON d.complaint_id = sv.complaint_id AND d.decision = 'given'
            LEFT JOIN cases_term t ON t.id = sv.age_group_id
            WHERE sv.complaint_id IN ({ids}) GROUP BY 1, 2""",
            params,
        )
        everyone = self.rows(f"SELECT COUNT(*) FROM cases_survivor sv WHERE sv.complaint_id IN ({ids})", params)
        return [*counted, *everyone]

    def _typed_complaints(self) -> tuple[str, list[Any]]:
        if not self.org_type:
            return f"({self.complaints})", list(self.params)
        sql = f"""(SELECT cc.* FROM ({self.complaints}) cc
            LEFT JOIN network_organisation ro ON ro.id = cc.reported_organisation_id
            WHERE ro.type = %s OR EXISTS (SELECT 1 FROM cases_allegation x JOIN network_organisation o
                ON o.id = x.organisation_id WHERE x.complaint_id = cc.id AND o.type = %s))"""
        return sql, [*self.params, self.org_type, self.org_type]

    def complaints_by(self, column: str) -> list[tuple[Any, ...]]:
        sql, params = self._typed_complaints()
        return self.rows(f"SELECT cc.{column}, COUNT(*) FROM {sql} cc GROUP BY 1", params)

    def _hours(self, start: str, end: str) -> str:
        if self.postgres:
            return f"EXTRACT(EPOCH FROM ({end} - {start})) / 3600"
        return f"(julianday({end}) - julianday({start})) * 24"

    def _step(self, durations: str, params: Sequence[Any], waiting: str, waiting_params: Sequence[Any]) -> Any:
        """count, median and nearest-rank 90th percentile of ``durations`` (a query of one column ``h``), and
        the count of ``waiting``: in SQL (PostgreSQL: percentile_cont/percentile_disc; SQLite:
        ROW_NUMBER() over the sorted durations, the rows at the ranks kept)."""
        if self.postgres:
            # percentile_disc(0.9) is the smallest value whose cumulative share is >= 0.9: the nearest rank.
            stats = self.rows(
                f"SELECT COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY h), "
                f"percentile_disc(0.9) WITHIN GROUP (ORDER BY h) FROM ({durations}) d",
                params,
            )
        else:  # one scan and one sort: the rows at the middle and at the 90th percentile's rank
            ranked = self.rows(
                f"""SELECT rn, n, h FROM (SELECT h, ROW_NUMBER() OVER (ORDER BY h) AS rn, COUNT(*) OVER () AS n
                FROM ({durations}) d) WHERE rn IN (n / 2, n / 2 + 1, (n + 1) / 2, (9 * n + 9) / 10)""",
                params,
            )
            count = ranked[0][1] if ranked else 0
            stats = [(count,)]
            if count:
                at = {rn: h for rn, _n, h in ranked}
                middle = at[(count + 1) // 2] if count % 2 else (at[count // 2] + at[count // 2 + 1]) / 2
                stats = [(count, middle, at[(9 * count + 9) // 10])]
        return stats, self.rows(waiting, waiting_params)

    def timings(self) -> list[Any]:
        typed, typed_params = self._typed_complaints()
        triage = self._step(
            f"SELECT {self._hours('cc.received_at', 'cc.triaged_at')} AS h FROM {typed} cc "
            "WHERE cc.triaged_at IS NOT NULL",
            typed_params,
            f"SELECT COUNT(*) FROM {typed} cc WHERE cc.triaged_at IS NULL AND cc.status <> 'closed'",
            typed_params,
        )
        first = f"""SELECT al.id, al.received_at, al.status, MIN(r.sent_at) AS first_referral
            FROM ({self.allegations}) al LEFT JOIN referrals_referral r
            ON r.allegation_id = al.id AND r.kind = 'allegation' GROUP BY al.id, al.received_at, al.status"""
        referral = self._step(
            f"SELECT {self._hours('f.received_at', 'f.first_referral')} AS h FROM ({first}) f "
            "WHERE f.first_referral IS NOT NULL",
            self.allegation_params,
            f"SELECT COUNT(*) FROM ({first}) f WHERE f.first_referral IS NULL AND f.status <> 'closed'",
            self.allegation_params,
        )
        referrals = f"""SELECT r.sent_at, r.acknowledged_at, r.state, r.organisation_id FROM referrals_referral r
            WHERE r.kind = 'allegation' AND r.allegation_id IN (SELECT al.id FROM ({self.allegations}) al)"""
        acknowledgement = self._step(
            f"SELECT {self._hours('r.sent_at', 'r.acknowledged_at')} AS h FROM ({referrals}) r "
            "WHERE r.acknowledged_at IS NOT NULL",
            self.allegation_params,
            f"SELECT COUNT(*) FROM ({referrals}) r WHERE r.state = 'sent'",
            self.allegation_params,
        )
        ids, params = self._sea_complaint_ids()
        closure = self._step(
            f"SELECT {self._hours('c.received_at', 'c.closed_at')} AS h FROM cases_complaint c "
            f"WHERE c.closed_at IS NOT NULL AND c.id IN ({ids})",
            params,
            f"SELECT COUNT(*) FROM cases_complaint c WHERE c.closed_at IS NULL AND c.id IN ({ids})",
            params,
        )
        return [triage, referral, acknowledgement, closure]

    def sla_rows(self) -> list[tuple[Any, ...]]:
        """The SLA table's input: its deadline needs the network's calendar, so the referral rows are read (as
        the page does), and the per-row comparison is left out of the raw time."""
        return self.rows(
            f"""SELECT o.public_id, o.name, o.acronym, r.sent_at, r.acknowledged_at, r.state
            FROM referrals_referral r JOIN network_organisation o ON o.id = r.organisation_id
            WHERE r.kind = 'allegation' AND r.allegation_id IN (SELECT al.id FROM ({self.allegations}) al)""",
            self.allegation_params,
        )

    def page(self) -> dict[str, Any]:
        """Every table of the dashboard (as a coordinator sees it)."""
        return {
            "month": self.month(),
            "type": self.by_term("sea_type_id", "group"),
            "sub-type": self.by_term("sea_type_id", "code"),
            "area": self.area(),
            "entity-type": self.entity_type(),
            "personnel-category": self.by_term("personnel_category_id", "code"),
            "victim-age": self.victim_age(),
            "channel": self.complaints_by("channel"),
            "classification": self.complaints_by("classification"),
            "timings": self.timings(),
            "sla": self.sla_rows(),
        }


def check(raw: Raw) -> list[str]:
    """Differences between the raw SQL's counts and counting's tables (default filters): the raw queries must
    compute the same figures for the comparison to mean anything."""
    from pseahub.insights import counting, timings

    problems = []
    f = raw.filters

    def total(rows: list[tuple[Any, ...]]) -> int:
        return sum(r[-1] for r in rows)

    for key, rows in [("area", raw.area()), ("entity-type", raw.entity_type())]:
        dimension = {"area": "area", "entity-type": "entity_type"}[key]
        page = counting._grouped(counting.counted_allegations(f), counting.ALLEGATION_DIMENSIONS[dimension])
        mine = {(k or counting.NOT_RECORDED): n for k, n in rows}
        if page != mine:
            problems.append(f"{key}: page {sorted(page.items())} raw {sorted(mine.items())}")
    channel = {k: n for k, n in raw.complaints_by("channel")}
    page_channel = counting._grouped(counting.counted_complaints_of_type(f), counting.COMPLAINT_DIMENSIONS["channel"])
    if channel != page_channel:
        problems.append(f"channel: page {page_channel} raw {channel}")
    two = counting.survivors_by_two("victim_type", "age_group", f, title="x")
    victim = raw.victim_age()
    if sum(map(sum, two.cells)) != total(victim[:-1]) or two.left_out != victim[-1][0] - total(victim[:-1]):
        problems.append(f"victim-age: page {sum(map(sum, two.cells))}/{two.left_out} raw {total(victim[:-1])}")
    steps = timings.timings(f, raw.settings)
    for step, ((stats,), (waiting,)) in zip(steps, raw.timings(), strict=True):
        count, med, p90 = stats if stats[0] else (stats[0], None, None)
        if step.timed != count or step.waiting != waiting[0]:
            problems.append(f"timing {step.key}: page {step.timed}/{step.waiting} raw {count}/{waiting[0]}")
        elif count and (abs(step.median_hours - float(med)) > 0.01 or abs(step.p90_hours - float(p90)) > 0.01):
            problems.append(f"timing {step.key}: page {step.median_hours}/{step.p90_hours} raw {med}/{p90}")
    return problems


# --- requests ----------------------------------------------------------------------------------------------


def requests(settings: Any) -> list[tuple[str, str, Any, Callable[[Raw], Any]]]:
    """(label, URL, filters, the raw queries of that request)."""
    from pseahub.insights.counting import Filters
    from pseahub.insights.forms import FiltersForm

    def filters_of(query: dict[str, str]) -> Filters:
        return FiltersForm(query or None).filters()

    cases = [
        ("dashboard, default (last 12 months)", "/insights/", {}),
        ("dashboard, this year", "/insights/?period=this_year", {"period": "this_year"}),
        ("dashboard, last quarter", "/insights/?period=last_quarter", {"period": "last_quarter"}),
        ("dashboard, area Mopti", "/insights/?area=ML05", {"area": "ML05"}),
        ("dashboard, INGO", "/insights/?organisation_type=ingo", {"organisation_type": "ingo"}),
    ]
    out: list[tuple[str, str, Any, Callable[[Raw], Any]]] = [
        (label, url, filters_of(query), Raw.page) for label, url, query in cases
    ]
    out.append(("download area.csv", "/insights/table/area.csv", filters_of({}), Raw.area))
    out.append(("download timings.csv", "/insights/table/timings.csv", filters_of({}), Raw.timings))
    return out


def _backend_cpu() -> float:
    """CPU seconds used so far by this process and, on PostgreSQL, by its server process (Linux /proc): a
    figure that, unlike the wall clock, does not grow when other work shares the cores."""
    from django.db import connection

    cpu = time.process_time()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
            cpu += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return cpu


def timed(call: Callable[[], Any], repeat: int, *, warm_up: bool = True) -> tuple[list[float], list[float]]:
    """(wall-clock ms, CPU ms) of ``repeat`` calls after one warm-up (unless ``warm_up`` is false)."""
    if warm_up:
        call()  # warm-up: templates, translations, the database's pages
    times, cpu = [], []
    for _i in range(repeat):
        cpu_start = _backend_cpu()
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((_backend_cpu() - cpu_start) * 1000)
    return times, cpu


def explain(client: Any, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    print(f"   {len(ctx.captured_queries)} queries")
    for query in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:15]:
        print(f"   {float(query['time']) * 1000:8.1f} ms  {query['sql'][:300]}")


def run(args: argparse.Namespace) -> bool:
    backend = args.database
    name = "p4"
    if args.keep and backend == "sqlite" and os.path.exists("/tmp/pseahub-bench-p4.sqlite3"):  # noqa: S108
        database_url = "sqlite:////tmp/pseahub-bench-p4.sqlite3"
        print(f"\n== {backend}: {database_url} (kept from the previous run)", flush=True)
    elif args.keep and backend == "postgres":
        from _common import PG_ADMIN_URL

        database_url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/pseahub_bench_{name}"
        print(f"\n== {backend}: {database_url} (kept from the previous run)", flush=True)
    else:
        database_url = fresh_database(backend, name)
        print(f"\n== {backend}: {database_url} (fresh, migrated, demo network)", flush=True)
    prepare_database(bench_env(database_url), demo=not args.keep)
    collect_static(bench_env(database_url))
    setup_django(database_url)
    from django.test.utils import CaptureQueriesContext
    from p3_tracker import signed_in_client

    from pseahub.accounts.models import Role, User
    from pseahub.cases.models import Allegation, Complaint, Survivor
    from pseahub.network.selectors import network_settings_get
    from pseahub.referrals.models import Referral

    filled = Allegation.objects.count() < args.allegations
    if filled:
        print(f"   filling up to {args.allegations:,} allegations …", flush=True)
        started = time.perf_counter()
        fill(args.allegations)
        print(f"   filled in {time.perf_counter() - started:.0f} s", flush=True)
    print(
        f"   {backend}: {Allegation.objects.count():,} allegations, {Complaint.objects.count():,} complaints, "
        f"{Survivor.objects.count():,} survivors, {Referral.objects.count():,} referrals",
        flush=True,
    )
    from django.core.management import call_command

    started = time.perf_counter()
    # The summary table the dashboard reads (insights/cube.py); a kept database only its months not built or changed
    # (the fill's raw inserts mark nothing changed, so every month is built again after one).
    call_command("insights_cube_rebuild", *([] if args.keep and not filled else ["--all"]))
    print(f"   summary table built in {time.perf_counter() - started:.0f} s", flush=True)
    settings = network_settings_get()
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    client = signed_in_client(coordinator)
    from django.db import connection

    if args.check:
        from pseahub.insights.counting import Filters

        problems = check(Raw(Filters.last_months(12), settings))
        print("   raw SQL = counting: " + ("yes" if not problems else "NO\n   " + "\n   ".join(problems)), flush=True)
    results = []
    ok = True
    for label, url, filters, raw_call in requests(settings):
        raw = Raw(filters, settings)

        def page(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        with CaptureQueriesContext(connection) as ctx:
            page()
        queries = len(ctx.captured_queries)
        page_times, page_cpu = timed(page, args.repeat)
        if args.pages_only:  # the raw queries take seconds each: their figures from an earlier run
            raw_times, raw_cpu = [float("nan")], [float("nan")]
        else:
            raw_times, raw_cpu = timed(
                lambda raw=raw, raw_call=raw_call: raw_call(raw),
                args.raw_repeat or args.repeat,
                warm_up=not args.raw_cold,
            )
        p50, p95 = statistics.median(page_times), percentile(page_times, 95)
        r50, r95 = statistics.median(raw_times), percentile(raw_times, 95)
        c50, rc50 = statistics.median(page_cpu), statistics.median(raw_cpu)
        ratio = p50 / r50
        passed = p95 < P95_TARGET_MS and (args.pages_only or ratio <= RATIO_TARGET)
        ok &= passed
        results.append(
            [label, queries, f"{p50:.0f}", f"{p95:.0f}", f"{r50:.0f}", f"{r95:.0f}", f"{ratio:.2f}x",
             f"{c50:.0f}", f"{rc50:.0f}", f"{c50 / rc50:.2f}x", "PASS" if passed else "FAIL"]
        )  # fmt: skip
        print(
            f"   {label}: page p50 {p50:.0f} / p95 {p95:.0f} ms ({queries} queries), raw p50 {r50:.0f} / p95 "
            f"{r95:.0f} ms, ratio {ratio:.2f}; CPU p50 page {c50:.0f} / raw {rc50:.0f} ms",
            flush=True,
        )
        if args.explain:
            explain(client, url)
    print()
    print(
        table(
            [
                "request",
                "queries",
                "page p50",
                "page p95",
                "raw p50",
                "raw p95",
                "page/raw",
                "page CPU",
                "raw CPU",
                "CPU page/raw",
                "target",
            ],
            results,
        )
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--allegations", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="reuse the previous run's database (filled up to N)")
    parser.add_argument("--explain", action="store_true", help="print each request's slowest queries")
    parser.add_argument("--pages-only", action="store_true", help="time the pages only, not the raw SQL")
    parser.add_argument(
        "--raw-repeat", type=int, default=0, help="timed runs of the raw SQL (default: --repeat); minutes each at 1M"
    )
    parser.add_argument("--raw-cold", action="store_true", help="no warm-up run of the raw SQL (it scans the period)")
    parser.add_argument("--check", action="store_true", help="check the raw SQL's figures against counting's")
    args = parser.parse_args()
    print(
        f"P4 dashboard: {os.cpu_count()} cores, {args.allegations:,} allegations, {args.repeat} timed requests "
        f"(after 1 warm-up), in-process test client, settings bench (DEBUG off); "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        flush=True,
    )
    ok = run(args)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"P4 {'PASS' if ok else 'FAIL'} (every request: p95 < {P95_TARGET_MS:.0f} ms and p50 <= {RATIO_TARGET:.0f} x "
        "the raw SQL's p50)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
