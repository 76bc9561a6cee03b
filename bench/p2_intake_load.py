"""P2: public intake POSTs per second and p50/p99 latency at 32 concurrent clients under gunicorn.

For each database (SQLite, PostgreSQL; each fresh, migrated, with the demo network so every complaint is
wrapped for the coordinator), this script:

1. measures the Argon2id ceiling: receipt derivations per second on all cores (a multiprocessing pool, one
   process per core, each calling ``pseahub.vault.crypto.key_derive`` with the receipt parameters, 64 bytes out,
   exactly as ``vault.services.receipt_derive`` does), with no server running, once before step 2 and once
   after step 5: the ceiling is the mean of the two, as the machine's speed drifts during a run;
2. starts gunicorn (``config.wsgi``, settings ``config.settings.bench``: production settings, DEBUG off,
   plain HTTP, intake rate limit out of reach) on a free port, sync workers, one per core by default;
3. measures the empty-view ceiling: GET /bench/empty (200, no database) from the same clients;
4. measures intake: each client first GETs /report (cookie + CSRF token, like a browser), then POSTs the
   multipart form again and again (a real submission: CSRF token, honeypot empty, a ~400-character
   narrative, area, organisation, role and age group picked from the form's own options), checking every
   answer is the receipt page;
5. stops gunicorn and checks the database: complaints stored, the receipt KDF parameters in force.

Clients are threads using http.client (one connection per request: gunicorn's sync workers close it), in a
closed loop (each sends its next request when the previous one is answered). Samples of the first
``--warmup`` seconds are dropped: throughput and latencies are those of the answers received in the
measured window. The machine's load average is printed before and after, since other work on the same
cores skews every figure (the ceilings are measured in the same run for that reason).
Targets: intake ≥ 0.7 x the lower ceiling, p99 < 1 s.

    .venv/bin/python bench/p2_intake_load.py [--backends sqlite,postgres] [--clients 32] [--duration 30]
        [--workers N] [--receipt-opslimit T --receipt-memlimit BYTES]  (the last two: what-if runs only)
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import re
import resource
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from _common import ROOT, bench_env, collect_static, fresh_database, manage, percentile, prepare_database, table

P99_TARGET = 1.0
RATIO_TARGET = 0.7
RECEIPT = re.compile(rb'id="receipt">(\d{4} \d{4} \d{4} \d{4})<')
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(rb'name="form_token" value="([^"]+)"')
RECEIPT_COOKIE = re.compile(r"(pseahub_receipt_report=[^;]+)")
SELECT = re.compile(rb'<select name="([a-z_]+)"[^>]*>(.*?)</select>', re.S)
OPTION_VALUE = re.compile(rb'<option value="([^"]+)"')
STORY = (
    "un agent de distribution a demande des relations en echange de coupons pres du point d'eau le soir; "
    "a guard at the site said she would get a shelter kit faster if she came to his house at night; "
    "the driver of a white pick-up with the logo of the organisation came back three times last week"
)
WORDS = STORY.replace(";", "").split()


# --- ceilings -------------------------------------------------------------------------------------------
def _derive_for(args: tuple[float, int, int]) -> tuple[int, float]:
    seconds, opslimit, memlimit = args
    sys.path.insert(0, str(ROOT))
    from pseahub.vault.crypto import SALT_SIZE, key_derive

    salt = secrets.token_bytes(SALT_SIZE)
    key_derive("0000000000000000", salt=salt, opslimit=opslimit, memlimit=memlimit, size=64)  # warm the allocator
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        receipt = "".join(secrets.choice("0123456789") for _i in range(16))
        key_derive(receipt, salt=salt, opslimit=opslimit, memlimit=memlimit, size=64)
        count += 1
    return count, time.perf_counter() - start


def argon2_ceiling(*, processes: int, seconds: float, opslimit: int, memlimit: int) -> tuple[float, float]:
    """(derivations per second on all cores, seconds per derivation on one core)."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(processes) as pool:
        results = pool.map(_derive_for, [(seconds, opslimit, memlimit)] * processes)
    rate = sum(count / elapsed for count, elapsed in results)
    per_core = sum(elapsed / count for count, elapsed in results) / len(results)
    return rate, per_core


# --- load generator -------------------------------------------------------------------------------------
@dataclass
class Sample:
    start: float
    end: float
    ok: bool


@dataclass
class RunResult:
    samples: list[Sample] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    cpu_seconds: float = 0.0


def _request(port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(method, path, body=body or None, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        conn.close()


class IntakeClient:
    """One reporter's browser: fetch the form once (cookie + token), then submit reports."""

    def __init__(self, port: int, rng: random.Random) -> None:
        self.port = port
        self.rng = rng
        status, cookie, html = _request(port, "GET", "/report", headers={"Accept-Language": "fr"})
        if status != 200:
            raise RuntimeError(f"GET /report answered {status}")
        match = re.search(r"csrftoken=([^;]+)", cookie)
        token = CSRF_INPUT.search(html)
        if not match or not token:
            raise RuntimeError("no CSRF cookie or token on /report")
        self.cookie = f"csrftoken={match.group(1)}"
        self.token = token.group(1).decode()
        self.form_token = ""
        self.options = {
            name.decode(): [v.decode() for v in OPTION_VALUE.findall(body)] for name, body in SELECT.findall(html)
        }

    def open_form(self) -> None:
        """A reporter opens the form: its one-time token (not timed; the form's weight is P1's)."""
        status, _cookie, html = _request(self.port, "GET", "/report", headers={"Cookie": self.cookie})
        match = FORM_TOKEN.search(html)
        if status != 200 or not match:
            raise RuntimeError(f"GET /report answered {status} without a form token")
        self.form_token = match.group(1).decode()

    def _fields(self) -> list[tuple[str, str]]:
        rng = self.rng
        narrative = " ".join(rng.choice(WORDS) for _i in range(70)).capitalize() + "."
        fields = [
            ("csrfmiddlewaretoken", self.token),
            ("form_token", self.form_token),
            ("narrative", narrative),
            ("incident_date", f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"),
            ("location_detail", rng.choice(["Site de Socoura", "Marché de Gao", ""])),
            ("organisation_text", ""),
            ("perpetrator_description", rng.choice(["Homme, la trentaine, gilet de l'organisation", ""])),
            ("survivor_sex", rng.choice(["female", "female", "male", "unknown"])),
            ("disability", rng.choice(["no", "unknown"])),
            ("complainant_type", rng.choice(["survivor", "witness", "anonymous"])),
            ("contact_method", "none"),
            ("reporter_name", ""),
            ("reporter_contact", ""),
            ("website", ""),  # the honeypot, left empty as people do
        ]
        for name in ("area", "organisation", "perpetrator_category", "survivor_age_group"):
            values = self.options.get(name, [])
            fields.append((name, rng.choice(values) if values and rng.random() < 0.85 else ""))
        if rng.random() < 0.2:
            fields.append(("involves_child", "on"))
        return fields

    def submit(self) -> tuple[bool, str]:
        boundary = f"----pseahubbench{uuid.uuid4().hex}"
        parts = []
        for name, value in self._fields():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
        # No file chosen: browsers still send the part, with an empty file name.
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
            "Content-Type: application/octet-stream\r\n\r\n\r\n"
        )
        parts.append(f"--{boundary}--\r\n")
        body = "".join(parts).encode("utf-8")
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": self.cookie,
            "Origin": f"http://127.0.0.1:{self.port}",
            "Accept-Language": "fr",
        }
        # Post/redirect/get: the POST files and redirects; the receipt page shows the receipt once.
        status, cookie, html = _request(self.port, "POST", "/report", body, headers)
        receipt_cookie = RECEIPT_COOKIE.search(cookie)
        if status != 302 or not receipt_cookie:
            return False, f"{status}: {html[:200]!r}"
        headers = {"Cookie": f"{self.cookie}; {receipt_cookie.group(1)}", "Accept-Language": "fr"}
        status, _cookie, html = _request(self.port, "GET", "/report/receipt", headers=headers)
        if status == 200 and RECEIPT.search(html):
            return True, ""
        return False, f"{status}: {html[:200]!r}"


def run_load(*, port: int, kind: str, clients: int, warmup: float, duration: float, seed: int = 1) -> RunResult:
    """``clients`` threads in a closed loop for warmup + duration seconds; samples of the warm-up dropped."""
    result = RunResult()
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    window: dict[str, float] = {}
    stop = threading.Event()

    def worker(index: int) -> None:
        try:
            intake = IntakeClient(port, random.Random(seed * 1000 + index)) if kind == "intake" else None
        except Exception as exc:
            with lock:
                result.failures.append(f"client {index} set-up: {exc}")
            ready.wait()
            return
        ready.wait()
        while not stop.is_set():
            try:
                if intake is not None:
                    intake.open_form()
            except Exception as exc:
                with lock:
                    result.failures.append(f"client {index} form: {exc}")
                return
            start = time.perf_counter()
            try:
                if intake is not None:
                    ok, why = intake.submit()
                else:
                    status, _c, body = _request(port, "GET", "/bench/empty")
                    ok, why = status == 200 and body == b"ok", f"{status}"
            except Exception as exc:
                ok, why = False, repr(exc)
            end = time.perf_counter()
            with lock:
                result.samples.append(Sample(start, end, ok))
                if not ok and len(result.failures) < 20:
                    result.failures.append(why)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    window["from"], window["to"] = t0 + warmup, t0 + warmup + duration
    time.sleep(warmup + duration)
    stop.set()
    for thread in threads:
        thread.join()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    result.cpu_seconds = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    # Throughput counts the answers received inside the window; latencies are those answers' latencies.
    result.samples = [s for s in result.samples if window["from"] <= s.end <= window["to"]]
    return result


def summarise(result: RunResult, duration: float) -> dict[str, float]:
    good = [s.end - s.start for s in result.samples if s.ok]
    return {
        "rps": len(good) / duration,
        "p50": percentile(good, 50),
        "p99": percentile(good, 99),
        "max": max(good) if good else float("nan"),
        "n": len(good),
        "errors": sum(1 for s in result.samples if not s.ok),
    }


# --- server ---------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(env: dict[str, str], *, port: int, workers: int) -> subprocess.Popen[bytes]:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    command += [
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--backlog=2048",
        "--log-level=warning",
    ]
    log = Path(f"/tmp/pseahub-bench-gunicorn-{port}.log")  # noqa: S108 - scratch log
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log}")
        try:
            if _request(port, "GET", "/bench/empty")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def process_cpu(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return seconds


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two readings; a process started in between counts from zero."""
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def server_pids(server: subprocess.Popen[bytes]) -> tuple[list[int], list[int]]:
    """The gunicorn master and workers; and every PostgreSQL process (backends, WAL writer, …)."""
    database = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.joinpath("comm").read_text().strip() in {"postgres", "postmaster"}:
                    database.append(int(entry.name))
            except OSError:
                continue
    return [server.pid, *_children(server.pid)], database


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    server.terminate()  # the master stops its workers
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


DB_CHECK = """
from pseahub.cases.models import Complaint
from pseahub.vault.models import KeyGrant, ReceiptKdf
kdf = ReceiptKdf.objects.get(id=1)
print(Complaint.objects.count(), KeyGrant.objects.filter(kind="user").count(), kdf.opslimit, kdf.memlimit)
"""


# --- main -----------------------------------------------------------------------------------------------
def measure_argon2_ceiling(args: argparse.Namespace, when: str) -> float:
    print(f"   Argon2id ceiling {when}: {args.cores} processes x {args.argon_seconds:.0f} s …", flush=True)
    argon_rps, per_derivation = argon2_ceiling(
        processes=args.cores, seconds=args.argon_seconds, opslimit=args.opslimit, memlimit=args.memlimit
    )
    print(f"   {argon_rps:.1f} derivations/s ({per_derivation * 1000:.0f} ms each on one core)", flush=True)
    return argon_rps


def bench_backend(backend: str, args: argparse.Namespace, extra_env: dict[str, str]) -> dict[str, object]:
    database_url = fresh_database(backend, "p2")
    env = bench_env(database_url, **extra_env)
    print(f"\n== {backend}: {database_url} (fresh, migrated, demo network)", flush=True)
    prepare_database(env)

    argon_before = measure_argon2_ceiling(args, "before the server starts")

    port = free_port()
    server = start_gunicorn(env, port=port, workers=args.workers)
    try:
        print(f"   gunicorn :{port}, {args.workers} sync workers; empty view {args.empty_duration:.0f} s …", flush=True)
        empty_run = run_load(
            port=port, kind="empty", clients=args.clients, warmup=args.warmup, duration=args.empty_duration
        )
        empty = summarise(empty_run, args.empty_duration)
        print(f"   empty view: {empty['rps']:.0f} req/s, p99 {empty['p99'] * 1000:.1f} ms", flush=True)
        print(f"   intake {args.duration:.0f} s …", flush=True)
        web_pids, database_pids = server_pids(server)
        web_before, database_before = process_cpu(web_pids), process_cpu(database_pids)
        started = time.perf_counter()
        intake_run = run_load(
            port=port, kind="intake", clients=args.clients, warmup=args.warmup, duration=args.duration
        )
        elapsed = time.perf_counter() - started
        web_pids, database_pids = server_pids(server)  # PostgreSQL backends opened during the run too
        web_cpu = cpu_used(web_before, process_cpu(web_pids))
        database_cpu = cpu_used(database_before, process_cpu(database_pids))
        intake = summarise(intake_run, args.duration)
        served = len(intake_run.samples) * (args.duration + args.warmup) / args.duration or float("nan")
        print(
            f"   server CPU: {(web_cpu + database_cpu) / elapsed / args.cores:.0%} of the cores over {elapsed:.0f} s; "
            f"per intake {web_cpu / served * 1000:.1f} ms in gunicorn + {database_cpu / served * 1000:.1f} ms "
            "in PostgreSQL",
            flush=True,
        )
    finally:
        stop_gunicorn(server)
    argon_after = measure_argon2_ceiling(args, "after it stops")
    # The machine's speed drifts over a run (other tenants of the host): the mean of a measurement taken on
    # each side of the intake run is the ceiling it is compared with.
    argon_rps = (argon_before + argon_after) / 2
    complaints, user_grants, kdf_ops, kdf_mem = (
        int(x) for x in manage(env, "shell", "--no-imports", "-c", DB_CHECK).split()
    )
    lower = min(empty["rps"], argon_rps)
    ratio = intake["rps"] / lower if lower else float("nan")
    for failure in intake_run.failures[:5] + empty_run.failures[:5]:
        print(f"   failure: {failure}")
    print(
        f"   intake: {intake['rps']:.1f} req/s, p50 {intake['p50'] * 1000:.0f} ms, p99 {intake['p99'] * 1000:.0f} ms, "
        f"{intake['errors']} errors; load generator used {intake_run.cpu_seconds:.1f} s CPU "
        f"({intake_run.cpu_seconds / (args.duration + args.warmup):.2f} core) "
        f"| DB: {complaints} complaints, {user_grants} coordinator grants, "
        f"receipt KDF t={kdf_ops} m={kdf_mem >> 20} MiB",
        flush=True,
    )
    if (kdf_ops, kdf_mem) != (args.opslimit, args.memlimit):
        print("   WARNING: the receipt KDF in the database differs from the parameters measured for the ceiling")
    return {
        "backend": backend,
        "intake": intake,
        "empty": empty,
        "argon": argon_rps,
        "lower": lower,
        "ratio": ratio,
        "errors": intake["errors"] + empty["errors"] + len(intake_run.failures),
    }


def main() -> int:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=cores, help="gunicorn sync workers (default: one per core)")
    parser.add_argument("--duration", type=float, default=30.0, help="intake measurement, seconds")
    parser.add_argument("--empty-duration", type=float, default=10.0, help="empty-view measurement, seconds")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of each run not measured")
    parser.add_argument("--argon-seconds", type=float, default=8.0, help="Argon2id ceiling measurement, seconds")
    parser.add_argument("--receipt-opslimit", type=int, help="what-if: override VAULT_RECEIPT_OPSLIMIT")
    parser.add_argument("--receipt-memlimit", type=int, help="what-if: override VAULT_RECEIPT_MEMLIMIT (bytes)")
    parser.add_argument("--conn-max-age", type=int, help="DB_CONN_MAX_AGE for the server (default: settings' own)")
    args = parser.parse_args()
    args.cores = cores

    extra_env: dict[str, str] = {}
    if args.receipt_opslimit is not None:
        extra_env["VAULT_RECEIPT_OPSLIMIT"] = str(args.receipt_opslimit)
    if args.receipt_memlimit is not None:
        extra_env["VAULT_RECEIPT_MEMLIMIT"] = str(args.receipt_memlimit)
    if args.conn_max_age is not None:
        extra_env["DB_CONN_MAX_AGE"] = str(args.conn_max_age)
    settings_env = bench_env(fresh_database("sqlite", "p2-settings"), **extra_env)
    values = manage(
        settings_env,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.VAULT_RECEIPT_OPSLIMIT, s.VAULT_RECEIPT_MEMLIMIT, s.DEBUG, s.DATABASES['default']['CONN_MAX_AGE'])",
    ).split()
    args.opslimit, args.memlimit = int(values[0]), int(values[1])
    production = not (args.receipt_opslimit or args.receipt_memlimit)
    print(
        f"P2 intake load: {cores} cores, {args.clients} clients, gunicorn {args.workers} sync workers, "
        f"DEBUG={values[2]}, CONN_MAX_AGE={values[3]}; receipt Argon2id t={args.opslimit}, "
        f"m={args.memlimit >> 20} MiB, 1 lane ({'production default' if production else 'WHAT-IF, not production'}); "
        f"intake {args.duration:.0f} s, empty view {args.empty_duration:.0f} s, warm-up {args.warmup:.0f} s each"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    collect_static(settings_env)

    results = [bench_backend(b.strip(), args, extra_env) for b in args.backends.split(",") if b.strip()]

    rows = []
    passed = True
    for r in results:
        intake, empty = r["intake"], r["empty"]
        assert isinstance(intake, dict) and isinstance(empty, dict)
        ok = r["ratio"] >= RATIO_TARGET and intake["p99"] < P99_TARGET and intake["n"] > 0 and not r["errors"]
        passed = passed and ok
        rows.append(
            [
                r["backend"],
                f"{intake['rps']:.1f}",
                f"{intake['p50'] * 1000:.0f}",
                f"{intake['p99'] * 1000:.0f}",
                intake["errors"],
                f"{empty['rps']:.0f}",
                f"{empty['p99'] * 1000:.1f}",
                f"{r['argon']:.1f}",
                f"{r['ratio']:.2f}x",
                "PASS" if ok else "FAIL",
            ]
        )
    print()
    print(
        table(
            [
                "database",
                "intake req/s",
                "p50 ms",
                "p99 ms",
                "errors",
                "empty view req/s",
                "empty p99 ms",
                "Argon2id/s",
                "ratio to lower",
                "target",
            ],
            rows,
        )
    )
    print(
        f"\nTargets: intake ≥ {RATIO_TARGET} x min(empty view, Argon2id) and p99 < {P99_TARGET:.0f} s, no errors. "
        f"With a closed loop, mean latency ≈ clients / throughput (Little's law): p99 < 1 s at {args.clients} clients "
        f"needs more than {args.clients} intakes/s."
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"P2 {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
