"""Screenshots of the reporter's path on a 360 px phone, in English, French and Arabic: ``make screenshots``.

What it does, on a throw-away SQLite database in a temporary directory (the developer's db.sqlite3 and
var/media are never touched):

1. migrates, compiles the translations and loads the demo Mali network, as ``make run`` does;
2. serves the app with ``manage.py runserver`` on a free port of 127.0.0.1;
3. drives Debian's chromium through Playwright. For each language a reporter, on a 360 x 740 screen with
   JavaScript off, opens the home page, switches the language in the header, files a report at /report,
   keeps the receipt and follows the report; then the staff do their part through the real pages (desktop
   browser, English interface): the coordinator triages, records a consent decision and refers the
   allegation to WFP, WFP's focal point acknowledges, records progress and the outcome, the coordinator
   sends the outcome message and closes the complaint; finally the reporter comes back with the receipt and
   reads the outcome;
4. writes docs/screenshots/<language>/NN-name.png (see docs/screenshots/README.md).

A step that fails stops the run with its name and the reason, and exit status 1 (the server's log is printed
too). ``--keep`` leaves the temporary directory (database, server log) for a look afterwards.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PHONE: ViewportSize = {"width": 360, "height": 740}
LANGUAGES = ("en", "fr", "ar")
PASSWORD = "demo-Sahel-2026!"  # noqa: S105 - the published demo password (pseahub/network/demo.py)
COORDINATOR = "coordinator@demo.psea.test"
FOCAL_POINT = "focalpoint.wfp@demo.psea.test"
ORGANISATION = "WFP"  # the organisation the reporter names; its focal point above answers the referral
TIMEOUT_MS = 20_000
# Settings from the developer's environment that would point this run at their own data or services.
DROPPED_ENVIRONMENT = (
    "DATABASE_URL",
    "MEDIA_ROOT",
    "REDIS_URL",
    "SITE_URL",
    "AUDIT_ANCHOR_FILE",
    "AUDIT_ANCHOR_EMAILS",
    "EMAIL_BACKEND",
    "DJANGO_SETTINGS_MODULE",
)


@dataclass(frozen=True)
class Story:
    """What the reporter writes, in the language they report in."""

    narrative: str
    place: str


STORIES = {
    "en": Story(
        "At the food distribution the man who hands out the rations told me I would get my family's ration "
        "only if I came to his house at night. He said it again the next week.",
        "Sévaré site, block C",
    ),
    "fr": Story(
        "À la distribution de vivres, l'homme qui donne les rations m'a dit que j'aurais la ration de ma "
        "famille seulement si je venais chez lui la nuit. Il l'a redit la semaine suivante.",
        "Site de Sévaré, bloc C",
    ),
    "ar": Story(
        "في توزيع الغذاء قال لي الرجل الذي يوزع الحصص إنني لن أحصل على حصة عائلتي إلا إذا جئت إلى بيته ليلاً. "
        "وقال ذلك مرة أخرى في الأسبوع التالي.",
        "موقع سيفاري، المربع ج",
    ),
}
SUMMARY = (
    "An adult woman reports that a food distribution worker at the Sévaré site made her family's ration "
    "conditional on sex. Demo data."
)
PROGRESS = "Investigation opened; the worker is suspended from distributions while it runs. Demo data."


class StepError(Exception):
    """A step of the path did not do what it should: the message says which and why."""


@contextmanager
def step(name: str) -> Iterator[None]:
    """Run one named step; any error becomes a StepError naming it."""
    print(f"  · {name}", flush=True)
    try:
        yield
    except Exception as exc:  # every failure is reported with the step's name
        lines = [line.strip() for line in str(exc).strip().splitlines()] or [type(exc).__name__]
        # Playwright's timeouts say what they waited for further down ("- waiting for get_by_role(…)").
        waited = next((line.lstrip("- ") for line in lines[1:] if line.startswith("- waiting for")), "")
        raise StepError(f"step '{name}': {lines[0]}{f' ({waited})' if waited else ''}") from exc


# --- the throw-away installation ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def use_temporary_installation(tmp: Path, port: int) -> None:
    """Point this process (and the server it starts) at a database and media folder inside ``tmp``."""
    for name in DROPPED_ENVIRONMENT:
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp / "media"),
        PORT=str(port),
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        # Playwright's sync API runs an event loop in this thread; the few ORM reads below are not concurrent.
        DJANGO_ALLOW_ASYNC_UNSAFE="true",
    )


def set_up_django(tmp: Path, complaints: int) -> None:
    """Migrate, compile the translations and load the demo network (what ``make run`` does before serving)."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    database = Path(str(settings.DATABASES["default"]["NAME"])).resolve()
    if tmp.resolve() not in database.parents:  # never the developer's database
        raise StepError(f"the database would be {database}, outside {tmp}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("compiletranslations", verbosity=0)
    call_command("load_demo", complaints=complaints, verbosity=0)


@contextmanager
def server(tmp: Path, port: int) -> Iterator[str]:
    """``manage.py runserver`` on ``port``, with its output in tmp/server.log; yields the base URL."""
    log_path = tmp / "server.log"
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/", timeout=5):  # noqa: S310 - our own local server
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise StepError("serving the app: runserver did not answer (see its log below)") from None
                    time.sleep(0.5)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def demo_totp(email: str) -> str:
    """The current two-step code of a demo user, as a newcomer gets it: ``manage.py demo_totp EMAIL``."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "demo_totp", email], cwd=ROOT, capture_output=True, text=True, check=False
    )
    match = re.match(r"\s*(\d{6})\b", result.stdout)
    if result.returncode != 0 or match is None:
        raise StepError(f"demo_totp {email}: {result.stderr.strip() or result.stdout.strip()}")
    return match.group(1)


def newest_web_report() -> tuple[str, str, str]:
    """(reference, public id, language) of the newest complaint filed on the public form."""
    from django.db import connection

    from pseahub.cases.models import Channel, Complaint

    try:
        complaint = Complaint.objects.filter(channel=Channel.WEB).order_by("-received_at").first()
        if complaint is None:
            raise StepError("no complaint from the public form in the database")
        return complaint.reference, str(complaint.public_id), complaint.language
    finally:
        connection.close()  # no snapshot kept open beside the server's writes


# --- what people do in the browser ----------------------------------------------------------------------------
class Shots:
    """Saves the numbered screenshots of one language."""

    def __init__(self, out: Path, language: str) -> None:
        self.folder = out / language
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.number = 0
        self.saved: list[Path] = []

    def take(self, page: Any, name: str, *, full_page: bool = True) -> None:
        self.number += 1
        path = self.folder / f"{self.number:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        self.saved.append(path)
        # A full-page capture is as wide as the page: wider than the screen means it scrolls sideways.
        width = int.from_bytes(path.read_bytes()[16:20], "big")  # the PNG header's width
        if width > PHONE["width"]:
            print(f"    WARNING: {path.name} is {width} px wide: {page.url} scrolls sideways at 360 px", flush=True)


def fail_on_error_message(page: Any, doing: str) -> None:
    """A page that answers with an error message (form errors, refusals) stops the run with that message."""
    errors = page.locator(".message-error, .errorlist")
    if errors.count():
        raise StepError(f"{doing}: the page says {errors.first.inner_text().strip()!r}")


def submit(page: Any, button: Any, doing: str) -> None:
    """Press a form's submit button and wait for the page that answers (every form here is a plain POST)."""
    with page.expect_navigation():
        button.click()
    fail_on_error_message(page, doing)


def expect_text(page: Any, text: str, doing: str) -> None:
    if not page.get_by_text(text, exact=False).first.is_visible():
        raise StepError(f"{doing}: {text!r} is not on {page.url}")


def switch_language(page: Any, language: str) -> None:
    """The header's language switcher: a plain form (select + submit), no JavaScript needed."""
    switcher = page.locator("form.language-switcher")
    switcher.locator("select").select_option(language)
    with page.expect_navigation():
        switcher.locator("button[type=submit]").click()
    shown = page.locator("html").get_attribute("lang")
    if shown != language:
        raise StepError(f"switching to {language}: the page is in {shown!r}")


def check_direction(page: Any, language: str) -> None:
    direction = page.locator("html").get_attribute("dir") or "ltr"
    wanted = "rtl" if language == "ar" else "ltr"
    if direction != wanted:
        raise StepError(f"{page.url} in {language} is written {direction}, not {wanted}")


def option_value(select: Any, contains: str) -> str:
    """The value of the first option of ``select`` whose text contains ``contains``."""
    option = select.locator("option", has_text=contains)
    if not option.count():
        name = select.get_attribute("name")
        raise StepError(f"the list {name!r} on {select.page.url} has no option with {contains!r}")
    return str(option.first.get_attribute("value"))


def sign_in(browser: Any, base_url: str, email: str) -> Any:
    """A staff member signs in (password, then the demo two-step code) and switches the interface to English."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, page.get_by_role("button", name="Continue"), f"signing in as {email}")
    # The demo users prefer French: the two-step page already follows the user's own language.
    page.locator("main input[name=token]").fill(demo_totp(email))
    submit(page, page.locator("main form button[type=submit]").first, f"two-step code of {email}")
    if not page.locator("form[action*=logout] button").count():
        raise StepError(f"signing in as {email}: still not signed in at {page.url}")
    switch_language(page, "en")
    return page


def open_details(page: Any, summary: str) -> Any:
    """Open the <details> whose summary contains ``summary`` (no JavaScript needed) and return it."""
    details = page.locator("details", has=page.locator("summary", has_text=summary)).first
    details.locator("summary").click()
    return details


def reporter_files(page: Any, shots: Shots, language: str) -> str:
    """Home page, language, report form, receipt, status. Returns the receipt as shown."""
    story = STORIES[language]
    with step(f"{language}: home page"):
        page.goto("/")
        switch_language(page, language)
        check_direction(page, language)
        shots.take(page, "home")
    with step(f"{language}: report form"):
        with page.expect_navigation():
            page.locator("main a[href='/report']").first.click()
        form = page.locator("main form[action='/report']")
        form.locator("textarea[name=narrative]").wait_for()
        shots.take(page, "report-form", full_page=False)
        form.locator("textarea[name=narrative]").fill(story.narrative)
        area = form.locator("select[name=area]")
        area.select_option(option_value(area, "Mopti") if area.locator("option", has_text="Mopti").count() else "")
        form.locator("input[name=location_detail]").fill(story.place)
        organisation = form.locator("select[name=organisation]")
        organisation.select_option(option_value(organisation, f"({ORGANISATION})"))
        form.locator("input[name=survivor_sex][value=female]").check()
        form.locator("input[name=complainant_type][value=survivor]").check()
        shots.take(page, "report-form-filled")
    with step(f"{language}: send the report, receipt page"):
        submit(page, form.locator("button[type=submit]").last, "sending the report")
        receipt = page.locator("#receipt").inner_text().strip()
        if not re.fullmatch(r"\d{16}", re.sub(r"\s", "", receipt)):
            raise StepError(f"the receipt page shows {receipt!r}, not a 16-digit code")
        check_direction(page, language)
        shots.take(page, "receipt")
    with step(f"{language}: follow my report"):
        submit(page, page.locator("form#follow-now button[type=submit]"), "following the report")
        page.locator("#status").wait_for()
        shots.take(page, "status")
        # Done for now: the reporter closes the report on this device and comes back later with the receipt.
        submit(page, page.locator("form[action='/report/leave'] button[type=submit]"), "closing the report")
    return receipt


def staff_handle(coordinator: Any, focal_point: Any, reference: str, public_id: str) -> None:
    """The coordinator triages and refers; the focal point answers; the coordinator tells the reporter."""
    case_path = f"/cases/{public_id}/"
    with step(f"{reference}: coordinator opens it from the inbox"):
        coordinator.goto("/cases/inbox/")
        link = coordinator.get_by_role("link", name=reference, exact=True)
        if not link.count():
            raise StepError(f"{reference} is not in the coordinator's inbox")
        with coordinator.expect_navigation():
            link.first.click()
        coordinator.locator("#narrative").wait_for()
    with step(f"{reference}: triage (sexual exploitation or abuse)"):
        triage = coordinator.locator("form", has=coordinator.get_by_role("button", name="Save triage"))
        triage.get_by_label("Classification").select_option("sea")
        submit(coordinator, triage.get_by_role("button", name="Save triage"), "saving the triage")
        expect_text(coordinator, "Triage saved.", "saving the triage")
    with step(f"{reference}: allegation (type of SEA)"):
        if coordinator.locator("summary", has_text="Correct this allegation").count():
            allegation = open_details(coordinator, "Correct this allegation")
            button = "Save allegation"
        else:  # intake made no allegation: add one against the organisation named
            allegation = open_details(coordinator, "Add an allegation")
            allegation.get_by_label("Concerned organisation").select_option(
                option_value(allegation.get_by_label("Concerned organisation"), ORGANISATION)
            )
            button = "Add allegation"
        allegation.get_by_label("Type of SEA").select_option(label="Transactional sex")
        submit(coordinator, allegation.get_by_role("button", name=button), "saving the allegation")
    with step(f"{reference}: record a consent decision"):
        consent = open_details(coordinator, "Record a consent decision")
        consent.get_by_label("Purpose").select_option("services")
        consent.get_by_label("Decision").select_option("given")
        consent.get_by_label("Given by").select_option("survivor")
        submit(coordinator, consent.get_by_role("button", name="Record"), "recording the consent")
    with step(f"{reference}: refer the allegation to {ORGANISATION}"):
        refer = open_details(coordinator, "Refer the allegation to")
        refer.get_by_label("What the organisation receives").fill(SUMMARY)
        submit(coordinator, refer.get_by_role("button", name="Send referral"), "sending the referral")
        expect_text(coordinator, "Referral sent.", "sending the referral")
    with step(f"{reference}: focal point acknowledges"):
        focal_point.goto("/referrals/")
        link = focal_point.get_by_role("link", name=reference, exact=True)
        if not link.count():
            raise StepError(f"{reference} is not in the focal point's referrals")
        with focal_point.expect_navigation():
            link.first.click()
        submit(focal_point, focal_point.get_by_role("button", name="Acknowledge", exact=True), "acknowledging")
        expect_text(focal_point, "Acknowledged.", "acknowledging")
    with step(f"{reference}: focal point records progress, then the outcome"):
        focal_point.get_by_label("What progressed").fill(PROGRESS)
        submit(focal_point, focal_point.get_by_role("button", name="Record progress"), "recording progress")
        close = open_details(focal_point, "Record the outcome and close")
        close.get_by_label("Outcome").select_option(label="Substantiated")
        submit(focal_point, close.get_by_role("button", name="Close", exact=True), "recording the outcome")
        expect_text(focal_point, "Closed. The coordinator was notified.", "recording the outcome")
    with step(f"{reference}: coordinator sends the outcome message and closes the complaint"):
        coordinator.goto(case_path)
        coordinator.get_by_label("Start from a template (in the reporter's language)").select_option(
            "outcome_substantiated"
        )
        with coordinator.expect_navigation():
            coordinator.get_by_role("button", name="Use", exact=True).click()
        if not coordinator.get_by_label("Message to the reporter").input_value().strip():
            raise StepError("the outcome template left the message empty")
        submit(coordinator, coordinator.locator("form#message button[type=submit]"), "sending the message")
        expect_text(coordinator, "Message sent.", "sending the message")
        closing = open_details(coordinator, "Close the complaint")
        closing.get_by_label("Why is the complaint closed?").select_option("outcome_reached")
        submit(coordinator, closing.get_by_role("button", name="Close", exact=True), "closing the complaint")
        status = coordinator.locator("#complaint-status").inner_text().strip()
        if status != "Closed":
            raise StepError(f"the complaint is {status!r} after closing, not 'Closed'")


def reporter_reads_outcome(page: Any, shots: Shots, language: str, receipt: str) -> None:
    with step(f"{language}: the reporter comes back with the receipt"):
        page.goto("/report/follow")
        check_direction(page, language)
        page.locator("main input[name=receipt]").fill(receipt)
        shots.take(page, "follow")
        submit(page, page.locator("main form button[type=submit]").first, "opening the report")
        page.locator("#status").wait_for()
        if not page.locator(".msg-in").count():
            raise StepError("the status page shows no message from the coordinator")
        shots.take(page, "status-outcome")


def run(out: Path, languages: list[str], complaints: int, keep: bool) -> float:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="pseahub-screenshots-"))
    port = free_port()
    try:
        use_temporary_installation(tmp, port)
        os.chdir(ROOT)
        with step("set-up: migrate, compile translations, load the demo network (about 30 s)"):
            set_up_django(tmp, complaints)
        if not CHROMIUM.exists():
            raise StepError(f"{CHROMIUM} is missing: apt-get install -y chromium")
        from playwright.sync_api import sync_playwright

        with server(tmp, port) as base_url, sync_playwright() as playwright:
            print(f"  · serving {base_url} from {tmp}", flush=True)
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            with step("staff sign in (coordinator, WFP focal point)"):
                coordinator = sign_in(browser, base_url, COORDINATOR)
                focal_point = sign_in(browser, base_url, FOCAL_POINT)
            for language in languages:
                shots = Shots(out, language)
                context = browser.new_context(
                    base_url=base_url, viewport=PHONE, java_script_enabled=False, locale="en-GB"
                )
                context.set_default_timeout(TIMEOUT_MS)
                reporter = context.new_page()
                receipt = reporter_files(reporter, shots, language)
                with step(f"{language}: find the report"):
                    reference, public_id, recorded_language = newest_web_report()
                    if recorded_language != language:
                        raise StepError(f"{reference} was recorded in {recorded_language!r}, not {language!r}")
                staff_handle(coordinator, focal_point, reference, public_id)
                reporter_reads_outcome(reporter, shots, language, receipt)
                context.close()
                print(f"  {language}: {len(shots.saved)} screenshots in {shots.folder}")
            browser.close()
    except StepError:
        log = tmp / "server.log"
        if log.exists():
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
            print("--- last lines of the server's log ---", *tail, "---", sep="\n", file=sys.stderr)
        keep = True
        raise
    finally:
        if not keep:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp.exists():
            print(f"Kept {tmp} (database, server log)", file=sys.stderr)
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the PNGs (default {OUT})")
    parser.add_argument("--languages", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--complaints", type=int, default=400, help="demo complaints to load (default 400)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and server log")
    args = parser.parse_args()
    print("Screenshots of the reporter's path (360 x 740, JavaScript off):", flush=True)
    try:
        seconds = run(args.out.resolve(), args.languages, args.complaints, args.keep)
    except StepError as failure:
        print(f"screenshots: FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"Done in {seconds:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
