"""Where one public intake spends its time: queries and a cProfile of N in-process POSTs to ``/report``.

Not a benchmark with a target (P2 is): a tool for the person cutting the intake's cost.

    .venv/bin/python bench/profile_intake.py [--backend sqlite|postgres] [-n 200] [--top 40] [--sort tottime]
        [--queries] [--no-profile]

``--no-profile`` prints only the CPU per intake and the receipt derivation's share of it. The receipt costs
are the production ones unless VAULT_RECEIPT_OPSLIMIT / VAULT_RECEIPT_MEMLIMIT say otherwise (e.g. ``1`` and
``8192`` to see the rest of the intake on its own).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(__file__))

from _common import ROOT, SETTINGS, bench_env, collect_static, fresh_database, prepare_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--queries", action="store_true", help="print the SQL of one intake")
    parser.add_argument("--no-profile", action="store_true", help="time per intake only, no cProfile")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime, ...)")
    args = parser.parse_args()

    url = fresh_database(args.backend, "profile")
    env = bench_env(url)
    prepare_database(env)
    collect_static(env)
    os.environ.update({"DJANGO_SETTINGS_MODULE": SETTINGS, "DATABASE_URL": url})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(enforce_csrf_checks=False, HTTP_ACCEPT_LANGUAGE="fr")
    html = client.get("/report").content.decode()
    options = {
        name: re.findall(r'<option value="([^"]+)"', body)
        for name, body in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S)
    }
    fields = {
        "narrative": "Un agent a demandé de l'argent et des faveurs en échange de la ration. " * 5,
        "incident_date": "2026-03-12",
        "location_detail": "Site de Socoura",
        "perpetrator_description": "Homme, la trentaine",
        "survivor_sex": "female",
        "disability": "no",
        "complainant_type": "witness",
        "contact_method": "none",
        "website": "",
        **{name: values[0] for name, values in options.items() if values},
    }

    def post() -> None:
        # A fresh form's one-time token (post/redirect/get), then the POST and the receipt page.
        token = re.search(r'name="form_token" value="([^"]+)"', client.get("/report").content.decode())
        assert token is not None
        response = client.post("/report", {**fields, "form_token": token.group(1)}, follow=True)
        assert response.status_code == 200 and b'id="receipt"' in response.content, response.content[:300]

    import pseahub.vault.crypto as vault_crypto
    import pseahub.vault.services as vault_services

    derive_seconds = [0.0]
    key_derive = vault_crypto.key_derive

    def timed_key_derive(*args: Any, **kwargs: Any) -> bytes:
        started = time.process_time()
        try:
            return key_derive(*args, **kwargs)
        finally:
            derive_seconds[0] += time.process_time() - started

    vault_services.key_derive = timed_key_derive  # the receipt derivation's share of the CPU, printed below
    for _i in range(5):
        post()
    with CaptureQueriesContext(connection) as ctx:
        post()
    print(f"{len(ctx.captured_queries)} queries per intake")
    if args.queries:
        for query in ctx.captured_queries:
            print(f"  {query['time']}  {query['sql'][:160]}")

    profiler = cProfile.Profile()
    derive_before = derive_seconds[0]
    start = time.perf_counter()
    cpu = time.process_time()
    if not args.no_profile:
        profiler.enable()
    for _i in range(args.n):
        post()
    profiler.disable()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    derive = derive_seconds[0] - derive_before
    print(
        f"{args.n} intakes: {wall / args.n * 1000:.1f} ms wall, {cpu / args.n * 1000:.1f} ms CPU each, "
        f"of which {derive / args.n * 1000:.1f} ms in the receipt derivation"
    )
    if not args.no_profile:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
