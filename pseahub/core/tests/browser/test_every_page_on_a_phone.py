"""Every GET page of every role, in English, French and Arabic, on a 360 px phone: nothing scrolls sideways and
axe-core finds no serious or critical accessibility problem.

The pages come from the catalogue (``pages.py``), which ``test_page_catalogue`` checks against the URL resolver.
Each role signs in once, through the real pages (password, then a TOTP code, which unlocks the user's key so that
sealed content is shown as in production), and opens its pages in the three languages (the language cookie, as
the header's switcher sets it). axe-core is the npm package's ``axe.min.js``, vendored in ``vendor/axe-core``
(its README says how to update it); Playwright injects it into each page, nothing is fetched at run time.
JavaScript is on because axe needs it; the pages themselves work without it (other tests check that).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from pseahub.accounts.models import User
from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases.models import Channel, Classification, Complaint, Term
from pseahub.cases.services import ComplaintInput, message_to_reporter, reporter_information_add
from pseahub.cases.vocabularies import seed_terms
from pseahub.core.discovery import DemoOptions, demo_loaders
from pseahub.imports.services import import_upload
from pseahub.imports.tests.messy import messy_tracker
from pseahub.insights.models import Report, ReportKind
from pseahub.intake.services import complaint_submit
from pseahub.intake.submission import form_token_new, submit_once
from pseahub.intake.views import RECEIPT_COOKIE
from pseahub.mapping.models import CommunityConsultation, FeedbackMechanism, Service
from pseahub.network.demo import DEMO_DOMAIN, DEMO_PASSWORD, demo_totp_key
from pseahub.referrals.models import Referral, ReferralKind, ReferralState
from pseahub.vault import services as vault

from . import pages as catalogue
from .conftest import TIMEOUT_MS
from .steps import sign_in_with_password, sign_in_with_totp

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 360, "height": 740}
LANGUAGES = ["en", "fr", "ar"]
AXE_DIR = Path(__file__).resolve().parent / "vendor" / "axe-core"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
FAILING_IMPACTS = ("serious", "critical")
LONG_MESSAGE = (
    "Merci. Un centre de santé peut vous recevoir : "
    "https://services.example.org/centres-de-sante/mopti/sevare/consultations-confidentielles-gratuites"
)

# The demo user who plays each staff role (pseahub/network/demo.py), and one who stops between the two steps.
DEMO_USER = {
    catalogue.COORDINATOR: "coordinator",
    catalogue.FOCAL_POINT: "focalpoint.amss",
    catalogue.PROVIDER: "provider.amss",
    catalogue.OPERATOR: "operator",
    catalogue.ANALYST: "analyst",
    catalogue.LEADERSHIP: "leadership",
    catalogue.CO_CHAIR: "cochair",
    catalogue.DONOR: "donor",
    catalogue.HQ: "hq",
    catalogue.NETWORK_ADMIN: "admin",
    catalogue.SIGNING_IN: "focalpoint.wfp",
}

# The elements that stick out of the viewport on either side: the outermost (their parent fits), and not those
# inside a box that scrolls or clips them (a wide table in its scrolling wrapper does not widen the page). An
# absolutely positioned element escapes the boxes between it and its containing block (the nearest positioned
# ancestor): a visually hidden label in a scrolled table can widen the page.
WIDEST_JS = """() => {
  const width = window.innerWidth, out = [], seen = new Map();
  const clipped = (e) => {
    let position = getComputedStyle(e).position;
    if (position === 'fixed') return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (position === 'absolute' && style.position === 'static') continue;
      if (style.overflowX !== 'visible') return true;
      position = style.position;
    }
    return false;
  };
  const sticksOut = (e) => {
    const r = e.getBoundingClientRect();
    return (r.right > width + 1 || r.left < -1) && !clipped(e);
  };
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  for (const e of document.body.querySelectorAll('*')) {
    if (!sticksOut(e) || (e.parentElement && e.parentElement !== document.body && sticksOut(e.parentElement))) continue;
    const r = e.getBoundingClientRect();
    const [left, right] = [Math.round(r.left), Math.round(r.right)];
    const shown = `${describe(e)} (${right - left} px wide, from ${left} to ${right})`;
    seen.set(shown, (seen.get(shown) || 0) + 1);
  }
  for (const [shown, count] of seen) out.push(count > 1 ? `${shown} (${count} times)` : shown);
  return out.slice(0, 6);
}"""
AXE_RUN_JS = """async (impacts) => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.filter((v) => impacts.includes(v.impact)).map((v) =>
    `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}` +
    (v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''));
}"""


def _axe_source() -> str:
    source = (AXE_DIR / "axe.min.js").read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    assert digest == AXE_SHA256, f"vendor/axe-core/axe.min.js is not the vendored axe-core (sha256 {digest})"
    return source.decode()


# --- the objects the pages show --------------------------------------------------------------------------------
def _demo_email(key: str) -> str:
    return f"{key}@{DEMO_DOMAIN}"


def _receipt_cookie_setter(purpose: str, path_name: str, live_url: str) -> Any:
    """Before opening a receipt page: file a report and give the browser the cookie the form's redirect sets."""

    def before(context: Any) -> None:
        token = form_token_new(purpose)

        def create() -> dict[str, str]:
            submitted = complaint_submit(actor=None, data=ComplaintInput(channel=Channel.WEB, narrative="Test."))
            return {"receipt": vault.receipt_format(submitted.receipt), "reference": submitted.complaint.reference}

        submit_once(token=token, purpose=purpose, store=create)
        context.add_cookies(
            [{"name": f"{RECEIPT_COOKIE}_{purpose}", "value": token, "url": live_url + reverse(path_name)}]
        )

    return before


def _receipt_pages(live_url: str) -> dict[str, Any]:
    return {
        "intake:receipt": _receipt_cookie_setter("report", "intake:receipt", live_url),
        "intake:operator_receipt": _receipt_cookie_setter("operator", "intake:operator_receipt", live_url),
        "intake:focal_point_receipt": _receipt_cookie_setter("focal_point", "intake:focal_point_receipt", live_url),
    }


def _admin_objects() -> dict[str, str]:
    objects = {}
    for model, _model_admin in admin.site._registry.items():
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            objects[f"{model._meta.app_label}_{model._meta.model_name}"] = str(first.pk)
    return objects


def _admin_allows(page: catalogue.Page) -> bool:
    """Whether the network admin may open this admin page (e.g. areas have no add form: they are imported)."""
    if not page.name.startswith("admin:") or page.name in ("admin:index", "admin:app_list"):
        return True
    request = RequestFactory().get("/")
    request.user = User.objects.get(email=_demo_email(DEMO_USER[catalogue.NETWORK_ADMIN]))
    request.user.is_verified = lambda: True  # type: ignore[attr-defined]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if page.name.startswith(info):
            view = page.name[len(info) :]
            if view == "add":
                return bool(model_admin.has_add_permission(request))
            return bool(model_admin.has_view_or_change_permission(request))
    return True


def _import_run() -> str:
    """A tracker the demo coordinator uploaded (the messy one of the import tests), mapped, not yet checked."""
    coordinator = User.objects.get(email=_demo_email(DEMO_USER[catalogue.COORDINATOR]))
    private = user_private_key_unlock(user=coordinator, password=DEMO_PASSWORD)
    run = import_upload(actor=coordinator, user_private=private, content=messy_tracker(), filename="suivi.xlsx")
    return str(run.public_id)


def _published_report() -> str:
    """The donor report the demo made and published (pseahub/insights/demo.py)."""
    report = Report.objects.filter(kind=ReportKind.DONOR, published_at__isnull=False).first()
    assert report is not None, "the demo data has no longer a published donor report"
    return str(report.public_id)


def _network_document() -> str:
    """The demo network's terms of reference, with versions in two languages (pseahub/planning/demo.py)."""
    from pseahub.planning.models import NetworkDocument

    document = NetworkDocument.objects.filter(kind="tor").first()
    assert document is not None, "the demo data has no longer the network's terms of reference"
    return str(document.public_id)


def _network_meeting() -> str:
    """A demo network meeting with actions (pseahub/planning/demo.py)."""
    from pseahub.planning.models import Meeting

    meeting = Meeting.objects.filter(type="network", actions__isnull=False).first()
    assert meeting is not None, "the demo data has no longer a network meeting with actions"
    return str(meeting.public_id)


def _network_meeting_action() -> str:
    """An action of the network meeting above."""
    from pseahub.planning.models import MeetingAction

    action = MeetingAction.objects.filter(meeting__public_id=_network_meeting()).first()
    assert action is not None
    return str(action.public_id)


def _demo_plan() -> tuple[str, str]:
    """The demo's endorsed action plan and an activity of it led by AMSS (pseahub/planning/demo.py)."""
    from pseahub.planning.models import PlanActivity

    activity = PlanActivity.objects.filter(output__outcome__plan__status="endorsed", lead__acronym="AMSS").first()
    assert activity is not None, "the demo data has no longer an endorsed action plan with an activity of AMSS"
    return str(activity.output.outcome.plan.public_id), str(activity.public_id)


def _survey_objects() -> dict[str, str]:
    """The demo's survey of 2026, its question mapped to the "know-how-to-report" indicator, and that indicator
    (pseahub/partners/surveys_demo.py)."""
    from pseahub.partners.models import SurveyQuestion

    question = SurveyQuestion.objects.filter(survey__year=2026, indicator__code="know-how-to-report").first()
    assert question is not None and question.indicator is not None, "the demo data has no longer the 2026 survey"
    return {
        "survey": str(question.survey.public_id),
        "survey_question": str(question.public_id),
        "survey_indicator": str(question.indicator.public_id),
    }


def _outreach_objects() -> dict[str, str]:
    """The demo's campaign, a public key message, a stakeholder, funding, a proposal and the overdue donor report
    (pseahub/partners/outreach_demo.py)."""
    from pseahub.partners.models import Campaign, DonorReport, FundingSource, KeyMessage, Proposal, Stakeholder

    campaign = Campaign.objects.filter(title__startswith="16 jours").first()
    message = KeyMessage.objects.filter(is_public=True, topic="free_assistance").first()
    report = DonorReport.objects.filter(status="due").order_by("due_on").first()
    stakeholder, funding, proposal = (
        Stakeholder.objects.first(),
        FundingSource.objects.first(),
        Proposal.objects.first(),
    )
    assert campaign and message and report and stakeholder and funding and proposal, "the partners demo changed"
    return {
        "campaign": str(campaign.public_id),
        "key_message": str(message.public_id),
        "stakeholder": str(stakeholder.public_id),
        "funding_source": str(funding.public_id),
        "proposal": str(proposal.public_id),
        "donor_report": str(report.public_id),
    }


def _assessment_objects() -> dict[str, str]:
    """AMSS's submitted self-assessment (the demo focal point's organisation), a shipped capacity tool and the
    network's own copy (pseahub/partners/assessments_demo.py)."""
    from pseahub.partners.models import CapacityTool, PartnerAssessment

    assessment = PartnerAssessment.objects.filter(partner__acronym="AMSS", state="submitted").first()
    own = CapacityTool.objects.filter(is_builtin=False).first()
    shipped = CapacityTool.objects.filter(is_builtin=True).first()
    assert assessment and own and shipped, "the demo data has no longer AMSS's assessment or the network's own tool"
    return {
        "assessment": str(assessment.public_id),
        "capacity_tool": str(shipped.public_id),
        "capacity_tool_own": str(own.public_id),
    }


def _risk_objects() -> dict[str, str]:
    """The demo's completed risk assessment round of 2026, one of its findings, and a shipped framework
    (pseahub/planning/demo.py)."""
    from pseahub.planning.models import RiskAssessmentRound, RiskFramework

    assessment = RiskAssessmentRound.objects.filter(
        title__startswith="Évaluation conjointe des risques d'EAS 2026"
    ).first()
    assert assessment is not None, "the demo data has no longer the risk assessment round of 2026"
    finding = assessment.findings.first()
    framework = RiskFramework.objects.filter(is_builtin=True).first()
    assert finding is not None and framework is not None
    return {
        "risk_round": str(assessment.public_id),
        "risk_finding": str(finding.public_id),
        "risk_framework": str(framework.public_id),
    }


def _amss_training() -> str:
    """A training session AMSS organised, with participants (pseahub/partners/trainings_demo.py)."""
    from pseahub.partners.models import TrainingSession

    session = TrainingSession.objects.filter(organiser__acronym="AMSS", participants__isnull=False).first()
    assert session is not None, "the demo data has no longer a training session organised by AMSS"
    return str(session.public_id)


def _amss_mechanism() -> str:
    """A complaint and feedback mechanism of the demo focal point's organisation (pseahub/mapping/demo.py)."""
    mechanism = FeedbackMechanism.objects.filter(organisation__acronym="AMSS").first()
    assert mechanism is not None, "the demo data has no longer a mechanism of AMSS"
    return str(mechanism.public_id)


def _amss_service() -> str:
    """A service of the demo provider's organisation in the services registry (pseahub/mapping/demo.py)."""
    service = Service.objects.filter(provider__acronym="AMSS").first()
    assert service is not None, "the demo data has no longer a service of AMSS"
    return str(service.public_id)


def _amss_consultation() -> str:
    """A community consultation the demo focal point's organisation led (pseahub/mapping/demo_preferences.py)."""
    consultation = CommunityConsultation.objects.filter(organisation__acronym="AMSS", preferences__isnull=False).first()
    assert consultation is not None, "the demo data has no longer a consultation led by AMSS"
    return str(consultation.public_id)


# Only these roles' pages show complaints and referrals; the others need the network (users, areas, services).
ROLES_WITH_CASES = {catalogue.COORDINATOR, catalogue.FOCAL_POINT, catalogue.PROVIDER}


@pytest.fixture
def world(transactional_db: None, live_server: Any, role: str) -> Iterator[catalogue.World]:
    cache.clear()  # rate-limit counters live in the cache the live server shares
    seed_terms(Term)
    for label, load in demo_loaders():
        if role in ROLES_WITH_CASES or label not in ("cases", "referrals"):
            load(DemoOptions(complaints=40))
    report = _published_report()
    if role not in ROLES_WITH_CASES:
        yield catalogue.World(
            report=report,
            document=_network_document(),
            meeting=_network_meeting(),
            meeting_action=_network_meeting_action(),
            plan=_demo_plan()[0],
            activity=_demo_plan()[1],
            **_risk_objects(),
            **_survey_objects(),
            **_outreach_objects(),
            **_assessment_objects(),
            training=_amss_training(),
            admin_objects=_admin_objects(),
            before=_receipt_pages(live_server.url),
        )
        cache.clear()
        return
    referrals = Referral.objects.order_by("-sent_at")
    allegation = (
        referrals.filter(
            kind=ReferralKind.ALLEGATION, organisation__acronym="AMSS", state=ReferralState.ACKNOWLEDGED
        ).first()
        or referrals.filter(kind=ReferralKind.ALLEGATION, organisation__acronym="AMSS").first()
    )
    assistance = referrals.filter(kind=ReferralKind.ASSISTANCE, organisation__acronym="AMSS").first()
    to_amss = referrals.filter(kind=ReferralKind.ALLEGATION, organisation__acronym="AMSS")
    sent = to_amss.filter(state=ReferralState.SENT).first()
    assert allegation and assistance and sent, "the demo data has no longer every kind of referral to AMSS"
    complaint = Complaint.objects.filter(classification=Classification.SEA, referrals__isnull=False).first()
    assert complaint is not None
    yield catalogue.World(
        import_run=_import_run() if role == catalogue.COORDINATOR else "",
        report=report,
        mechanism=_amss_mechanism(),
        document=_network_document(),
        meeting=_network_meeting(),
        meeting_action=_network_meeting_action(),
        plan=_demo_plan()[0],
        activity=_demo_plan()[1],
        **_risk_objects(),
        **_survey_objects(),
        **_outreach_objects(),
        **_assessment_objects(),
        training=_amss_training(),
        service=_amss_service(),
        consultation=_amss_consultation(),
        complaint=str(complaint.public_id),
        referral_allegation=str(allegation.public_id),
        referral_assistance=str(assistance.public_id),
        referral_sent=str(sent.public_id),
        admin_objects=_admin_objects(),
        before=_receipt_pages(live_server.url),
    )
    cache.clear()


# --- signing in ------------------------------------------------------------------------------------------------
def _signed_in_context(browser: Any, live_url: str, role: str) -> Any:
    context = browser.new_context(base_url=live_url, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    # The demo users prefer French or Arabic; the sign-in steps read English labels.
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_url}])
    page = context.new_page()
    if role == catalogue.PUBLIC:
        pass
    elif role == catalogue.REPORTER:
        submitted = complaint_submit(
            actor=None, data=ComplaintInput(channel=Channel.WEB, narrative="Un agent m'a demandé de l'argent.")
        )
        # A conversation, with a long address that must wrap on a phone.
        coordinator = User.objects.get(email=_demo_email(DEMO_USER[catalogue.COORDINATOR]))
        message_to_reporter(actor=coordinator, complaint=submitted.complaint, body=LONG_MESSAGE)
        reporter_information_add(complaint=submitted.complaint, body="Il était là encore hier.", attachments=[])
        page.goto(reverse("intake:follow"))
        page.locator("input[name=receipt]").fill(vault.receipt_format(submitted.receipt))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        assert page.url.endswith(reverse("intake:status")), f"the receipt did not open the report: {page.url}"
    elif role == catalogue.SIGNING_IN:
        sign_in_with_password(page, _demo_email(DEMO_USER[role]), DEMO_PASSWORD)
    else:
        email = _demo_email(DEMO_USER[role])
        sign_in_with_totp(page, email, DEMO_PASSWORD, demo_totp_key(email))
    page.close()
    return context


# --- the check -------------------------------------------------------------------------------------------------
def _problems(page: Any, path: str, language: str, shows: str = "") -> list[str]:
    response = page.goto(path)
    if response is None or response.status != 200 or not page.url.endswith(path):
        status = response.status if response is not None else "no response"
        return [f"answered {status} at {page.url} instead of the page"]
    if shows and not page.locator(shows).count():
        return [f"does not show {shows}: the test did not set the page up as it meant to"]
    return _layout_and_axe_problems(page, language)


def _layout_and_axe_problems(page: Any, language: str) -> list[str]:
    """What is wrong with the page open in ``page`` (axe-core already injected)."""
    found = []
    lang = page.evaluate("() => document.documentElement.lang")
    if lang != language:
        found.append(f'<html lang="{lang}">, not "{language}"')
    scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width > inner_width:
        widest = "; ".join(page.evaluate(WIDEST_JS)) or "no single element"
        found.append(f"scrolls sideways: {scroll_width} px wide in a {inner_width} px window; sticking out: {widest}")
    found += page.evaluate(AXE_RUN_JS, list(FAILING_IMPACTS))
    return found


def _params() -> list[Any]:
    params = []
    for role in catalogue.ROLES:
        params.append(pytest.param(role, False, id=role))
        if any(page.pending for page in catalogue.pages_for(role)):
            reason = "; ".join(sorted({page.pending for page in catalogue.pages_for(role) if page.pending}))
            expected = pytest.mark.xfail(reason=reason, strict=False)
            params.append(pytest.param(role, True, id=f"{role}-pending", marks=expected))
    return params


@pytest.mark.parametrize(("role", "pending"), _params())
def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, world, role, pending):
    axe = _axe_source()
    pages = [page for page in catalogue.pages_for(role) if bool(page.pending) == pending and _admin_allows(page)]
    assert pages
    context = _signed_in_context(browser, live_server.url, role)
    context.add_init_script(axe)
    tab = context.new_page()
    failures = []
    try:
        for language in LANGUAGES:
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
            if role in DEMO_USER:
                # Signed-in staff read every page in their profile's language, whatever the cookie says.
                User.objects.filter(email=_demo_email(DEMO_USER[role])).update(language=language)
            for entry in pages:
                if entry.name in world.before:
                    world.before[entry.name](context)
                path = entry.path(world)
                where = f"{role} {language} {path} ({entry.name})"
                failures += [f"{where}: {problem}" for problem in _problems(tab, path, language, entry.shows)]
    finally:
        context.close()
    assert not failures, f"{len(failures)} problems on a 360 px phone:\n" + "\n".join(failures)


def test_the_check_finds_a_page_too_wide_and_an_unnamed_field(browser):
    """The check itself: a page wider than the phone and a field without a label are both reported."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_content(
            '<!DOCTYPE html><html lang="fr"><head><title>Trop large</title></head><body><main>'
            '<div class="too-wide" style="width: 500px">Texte</div><input type="text"></main></body></html>'
        )
        page.add_script_tag(content=_axe_source())
        problems = _layout_and_axe_problems(page, "en")
    finally:
        context.close()
    assert problems[0] == '<html lang="fr">, not "en"'
    assert problems[1].startswith("scrolls sideways: ") and "div.too-wide (500 px wide, from 8 to 508)" in problems[1]
    assert any(problem.startswith("label (critical): ") for problem in problems[2:]), problems
