"""P5 (webhooks): p99 latency of the generic HMAC-SHA256 SMS webhook under gunicorn, new messages and follow-ups.

For each database (SQLite by default; ``--backends sqlite,postgres``), fresh, migrated, with the demo network
(so every new complaint is sealed and wrapped for the coordinators), this script:

1. creates two generic (RapidPro-style) SMS channels: ``bench-noreply`` without a reply path (no receipt is
   issued, since nobody could receive it) and ``bench-reply`` whose replies go to a small HTTP server in
   this process playing the provider (a receipt is issued: one Argon2id derivation with the production
   receipt cost, and the receipt SMS leaves on a background thread);
2. starts gunicorn (``config.wsgi``, ``config.settings.bench``: production settings, DEBUG off, plain HTTP) on
   a free port, sync workers, 2 x cores by default;
3. for each scenario, ``--clients`` threads (default 4) each POST signed JSON messages in a closed loop,
   ``--messages`` per scenario in all, one connection per request (http.client), and every answer must be
   200 ``{"status": "received"}``:
   - **new, no reply**: every message from a new number → a new complaint on ``bench-noreply``;
   - **new, receipt reply**: every message from a new number → a new complaint and a receipt SMS;
   - **follow-up**: every message from a number that already has an open complaint → threaded into it
     (each client first sends one message that opens its thread; only the follow-ups are measured);
4. stops gunicorn and checks the database: complaints, threaded messages, receipts sent by the fake provider.

The first ``--warmup`` messages of each scenario are not measured. Latency is from sending the request to
reading the whole answer, on the client. Target: p99 < 100 ms.

    .venv/bin/python bench/p5_webhooks.py [--backends sqlite,postgres] [--clients 4] [--messages 400]
        [--workers N]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from _common import ROOT, bench_env, fresh_database, manage, percentile, prepare_database, table

P99_TARGET = 0.100
SECRET_ENV = "PSEAHUB_BENCH_WEBHOOK_SECRET"  # noqa: S105 - the name of the variable, not a secret
SECRET = "bench-webhook-secret-" + uuid.uuid4().hex
TEXT = (
    "un agent de distribution a demande des relations en echange de coupons pres du point d'eau le soir; "
    "the driver of a white pick-up came back three times last week"
)

CHANNELS = """
from pseahub.intake.models import IntakeChannel
IntakeChannel.objects.create(name="bench no reply", slug="bench-noreply", type="sms", provider="generic",
    languages=["fr"], secret_env="{env}", config={{}})
IntakeChannel.objects.create(name="bench reply", slug="bench-reply", type="sms", provider="generic",
    languages=["fr"], secret_env="{env}", config={{"send_url": "{send_url}"}})
"""
DB_CHECK = """
from pseahub.cases.models import Complaint, Message
from pseahub.intake.models import InboundMessage
print(Complaint.objects.count(), Message.objects.count(), InboundMessage.objects.count())
"""


class FakeProvider:
    """Counts the replies the server sends (the receipt SMS), answering 201 at once."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with provider.lock:
                    provider.count += 1
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/send"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post(port: int, slug: str, payload: dict[str, Any]) -> tuple[int, bytes, float]:
    body = json.dumps(payload).encode()
    signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            f"/intake/hooks/generic/{slug}",
            body=body,
            headers={"Content-Type": "application/json", "X-Signature": signature},
        )
        response = conn.getresponse()
        content = response.read()
    finally:
        conn.close()
    return response.status, content, time.perf_counter() - start


def start_gunicorn(env: dict[str, str], *, port: int, workers: int) -> subprocess.Popen[bytes]:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
    command += ["config.wsgi", f"--bind=127.0.0.1:{port}", f"--workers={workers}", "--worker-class=sync"]
    command += ["--timeout=120", "--log-level=warning"]
    log = Path(f"/tmp/pseahub-bench-p5-gunicorn-{port}.log")  # noqa: S108 - scratch log
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn
        command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/empty")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not answer within 60 s; see {log}")


def stop_gunicorn(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def run_scenario(*, port: int, slug: str, clients: int, messages: int, warmup: int, follow_up: bool) -> dict[str, Any]:
    """``messages`` signed messages from ``clients`` threads; latencies of those after the first ``warmup``."""
    run = uuid.uuid4().hex[:8]
    counter = iter(range(10**9))
    lock = threading.Lock()
    samples: list[tuple[int, float]] = []
    errors: list[str] = []

    def number(client: int, index: int) -> str:
        # A new number per message, or one number per client for follow-ups (its first message opens it).
        return f"+2237{client:02d}{0 if follow_up else index:06d}"

    def worker(client: int) -> None:
        if follow_up:
            status, content, _elapsed = post(
                port, slug, {"id": f"{run}-open-{client}", "from": number(client, 0), "text": TEXT}
            )
            if status != 200:
                errors.append(f"opening message: {status} {content[:80]!r}")
                return
        while True:
            with lock:
                index = next(counter)
            if index >= messages:
                return
            payload = {"id": f"{run}-{index}", "from": number(client, index), "text": f"{TEXT} #{index}"}
            status, content, elapsed = post(port, slug, payload)
            if status != 200 or b'"received"' not in content:
                errors.append(f"{status} {content[:80]!r}")
                continue
            with lock:
                samples.append((index, elapsed))

    threads = [threading.Thread(target=worker, args=(client,)) for client in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    measured = [elapsed for index, elapsed in samples if index >= warmup]
    return {
        "n": len(measured),
        "errors": errors,
        "rate": len(samples) / wall if wall else 0.0,
        "p50": percentile(measured, 50),
        "p95": percentile(measured, 95),
        "p99": percentile(measured, 99),
        "max": max(measured) if measured else float("nan"),
    }


def bench_backend(backend: str, args: argparse.Namespace) -> list[list[object]]:
    print(f"\n== {backend} ==", flush=True)
    database_url = fresh_database(backend, "p5_webhooks")
    env = bench_env(database_url, **{SECRET_ENV: SECRET})
    print("   migrate, demo network …", flush=True)
    prepare_database(env)
    provider = FakeProvider()
    rows: list[list[object]] = []
    try:
        manage(env, "shell", "--no-imports", "-c", CHANNELS.format(env=SECRET_ENV, send_url=provider.url))
        port = free_port()
        server = start_gunicorn(env, port=port, workers=args.workers)
        try:
            print(f"   gunicorn :{port}, {args.workers} sync workers, {args.clients} clients", flush=True)
            scenarios = [
                ("new complaint, no reply", "bench-noreply", False),
                ("new complaint + receipt SMS", "bench-reply", False),
                ("threaded follow-up", "bench-noreply", True),
            ]
            for label, slug, follow_up in scenarios:
                result = run_scenario(
                    port=port,
                    slug=slug,
                    clients=args.clients,
                    messages=args.messages,
                    warmup=args.warmup,
                    follow_up=follow_up,
                )
                errors = result["errors"]
                ok = not errors and result["p99"] < P99_TARGET
                print(
                    f"   {label}: {result['n']} measured, p99 {result['p99'] * 1000:.1f} ms, {len(errors)} errors",
                    flush=True,
                )
                for error in errors[:3]:
                    print(f"      error: {error}")
                rows.append(
                    [
                        backend,
                        label,
                        result["n"],
                        f"{result['rate']:.0f}",
                        f"{result['p50'] * 1000:.1f}",
                        f"{result['p95'] * 1000:.1f}",
                        f"{result['p99'] * 1000:.1f}",
                        f"{result['max'] * 1000:.1f}",
                        "yes" if ok else "NO",
                    ]
                )
        finally:
            stop_gunicorn(server)
        time.sleep(0.5)  # receipts still on their way from the last workers
        complaints, messages, inbound = (int(x) for x in manage(env, "shell", "--no-imports", "-c", DB_CHECK).split())
        print(
            f"   database: {complaints} complaints, {messages} threaded messages, {inbound} inbound messages; "
            f"receipts sent to the fake provider: {provider.count}",
            flush=True,
        )
    finally:
        provider.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--messages", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args()
    print(f"P5 webhooks: {os.cpu_count()} cores, load average {os.getloadavg()}", flush=True)
    rows: list[list[object]] = []
    for backend in args.backends.split(","):
        rows.extend(bench_backend(backend.strip(), args))
    print()
    print(table(["database", "scenario", "n", "msg/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99<100ms"], rows))
    print(f"\nload average after: {os.getloadavg()}")
    return 0 if all(row[-1] == "yes" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
