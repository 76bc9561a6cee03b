"""Every GET page of the site, by role: the catalogue the phone-and-accessibility browser test walks.

It is checked against the URL resolver (``test_page_catalogue``): a new URL name fails that test until it is
listed here, as a page of some role or as an exclusion with its reason. The Django admin's pages are derived from
the admin site's registry (the same for every model), the others are listed by hand.

A page's path may need objects (a complaint, a referral): ``World`` holds the ones the browser test made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Who visits: anonymous people, a reporter who opened their report with the receipt, a staff member between
# password and code, and one signed-in user per staff role (2FA passed).
PUBLIC = "public"
REPORTER = "reporter"
SIGNING_IN = "signing_in"
COORDINATOR = "coordinator"
FOCAL_POINT = "focal_point"
PROVIDER = "provider"
OPERATOR = "operator"
ANALYST = "analyst"
LEADERSHIP = "leadership"
CO_CHAIR = "co_chair"
DONOR = "donor"
HQ = "hq"
NETWORK_ADMIN = "network_admin"
ROLES = [
    PUBLIC, REPORTER, SIGNING_IN, COORDINATOR, FOCAL_POINT, PROVIDER, OPERATOR, ANALYST, LEADERSHIP, CO_CHAIR, DONOR,
    HQ, NETWORK_ADMIN,
]  # fmt: skip
STAFF = [COORDINATOR, FOCAL_POINT, PROVIDER, OPERATOR, ANALYST, LEADERSHIP, CO_CHAIR, DONOR, HQ, NETWORK_ADMIN]

# Pages another branch is restructuring right now; their failures are expected until it is merged.
CASE_PAGE_PENDING = "case page/inbox restructured on branch casepage"


@dataclass
class World:
    """The objects the pages' paths name, made by the test before it opens them."""

    complaint: str = ""  # public_id of a complaint with allegations and referrals
    referral_allegation: str = ""  # public_id of an allegation referral to the focal point's organisation
    referral_assistance: str = ""  # public_id of an assistance referral to the provider's organisation
    referral_sent: str = ""  # public_id of an allegation referral the focal point has not acknowledged yet
    import_run: str = ""  # public_id of a tracker import uploaded by the coordinator (imports)
    report: str = ""  # public_id of a donor report made and published to donors (insights)
    mechanism: str = ""  # public_id of a complaint and feedback mechanism of the focal point's organisation (mapping)
    document: str = ""  # public_id of a network document with versions (planning)
    meeting: str = ""  # public_id of a network meeting with actions (planning)
    meeting_action: str = ""  # public_id of an action of that meeting (planning)
    plan: str = ""  # public_id of the demo's endorsed action plan (planning)
    activity: str = ""  # public_id of an activity of that plan led by the focal point's organisation (planning)
    service: str = ""  # public_id of a service of the provider's organisation in the services registry (mapping)
    consultation: str = ""  # public_id of a community consultation the focal point's organisation led (mapping)
    risk_round: str = ""  # public_id of the demo's completed joint risk assessment round of 2026 (planning)
    risk_finding: str = ""  # public_id of a finding of that round (planning)
    risk_framework: str = ""  # public_id of a shipped risk framework (planning)
    survey: str = ""  # public_id of the demo's annual PSEA survey of 2026 (partners: surveys)
    survey_question: str = ""  # public_id of a question of that survey mapped to an indicator (partners: surveys)
    survey_indicator: str = ""  # public_id of that question's indicator (partners: surveys)
    campaign: str = ""  # public_id of the demo's 16 days of activism campaign (partners)
    key_message: str = ""  # public_id of a public key message with texts in five languages (partners)
    stakeholder: str = ""  # public_id of a demo stakeholder contact (partners)
    funding_source: str = ""  # public_id of a demo funding source (partners)
    proposal: str = ""  # public_id of the demo proposal being written (partners)
    donor_report: str = ""  # public_id of the demo's overdue donor report (partners)
    assessment: str = (
        ""  # public_id of the demo's submitted self-assessment of the focal point's organisation (partners)
    )
    capacity_tool: str = ""  # public_id of a shipped capacity assessment tool (partners)
    capacity_tool_own: str = ""  # public_id of the network's own copy of a capacity assessment tool (partners)
    training: str = ""  # public_id of a training session organised by the focal point's organisation (partners)
    admin_objects: dict[str, str] = field(default_factory=dict)  # "app_model" -> pk of one object
    # Called before a page is opened, with the browser context: e.g. a receipt to show once (sets its cookie).
    before: dict[str, Callable[[Any], None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    name: str  # URL name
    roles: tuple[str, ...]
    path: Callable[[World], str]
    pending: str = ""  # a reason its failures are expected for now (xfail), or ""
    shows: str = ""  # a CSS selector the page must match, to be sure it shows what World set up for it


def _plain(name: str) -> Callable[[World], str]:
    return lambda world: reverse(name)


def _with(name: str, attribute: str) -> Callable[[World], str]:
    return lambda world: reverse(name, kwargs={"public_id": getattr(world, attribute)})


def _member_return_path(quarters_ago: int) -> str:
    from pseahub.insights.members import Quarter
    from pseahub.network.models import Organisation

    quarter = Quarter.current()
    for _step in range(quarters_ago):
        quarter = quarter.previous()
    organisation = Organisation.objects.get(acronym="AMSS")
    return reverse("insights:member_return", args=[organisation.public_id, quarter.year, quarter.quarter])


def _corrected_return_path() -> str:
    from pseahub.insights.models import MemberReturn

    corrected = MemberReturn.objects.filter(versions__number=2).first()
    assert corrected is not None, "the demo data has no corrected members' return any more"
    return reverse("insights:member_return_history", args=[corrected.public_id])


def _country_return_path(version: int) -> str:
    """The demo's corrected return (pseahub/insights/hq_demo.py): version 2 is current, version 1 an earlier one."""
    from pseahub.insights.models import CountryReturn

    corrected = CountryReturn.objects.filter(version=2).first()
    assert corrected is not None, "the demo data has no corrected country return any more"
    chosen = CountryReturn.objects.get(
        country=corrected.country, year=corrected.year, quarter=corrected.quarter, version=version
    )
    return reverse("insights:systemwide_return", args=[chosen.public_id])


PAGES: list[Page] = [
    Page("core:home", (PUBLIC,), _plain("core:home")),
    Page("intake:report", (PUBLIC,), _plain("intake:report")),
    # The receipt page shows the receipt once (World.before files a report and sets the cookie the form's redirect
    # sets), and afterwards only that the report was sent.
    Page("intake:receipt", (PUBLIC,), _plain("intake:receipt"), shows="#receipt"),
    Page("intake:receipt#again", (PUBLIC,), _plain("intake:receipt")),
    Page("intake:follow", (PUBLIC,), _plain("intake:follow")),
    Page("intake:status", (REPORTER,), _plain("intake:status"), shows=".msg-in"),
    # The network's documents (planning): readers and, for adding, the coordinator and co-chairs.
    Page("planning:home", (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP), _plain("planning:home")),
    # Partners and people (issue 16): the app's page.
    Page("partners:home", (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP), _plain("partners:home")),
    # The annual PSEA survey (partners: surveys): readers read the results; the editors import and map.
    Page(
        "partners:surveys",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("partners:surveys"),
        shows="#surveys",
    ),
    Page("partners:survey_upload", (COORDINATOR, CO_CHAIR), _plain("partners:survey_upload")),
    Page("partners:survey_indicator_new", (COORDINATOR, CO_CHAIR), _plain("partners:survey_indicator_new")),
    Page("partners:survey_indicator", (COORDINATOR, CO_CHAIR), _with("partners:survey_indicator", "survey_indicator")),
    Page(
        "partners:survey",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("partners:survey", "survey"),
        shows="#indicators",
    ),
    Page(
        "partners:survey_question",
        (COORDINATOR, CO_CHAIR),
        lambda world: reverse("partners:survey_question", args=[world.survey, world.survey_question]),
    ),
    # Partners (issue 16 item 8): campaigns and key messages; the partners' readers read, the editors keep them.
    Page(
        "partners:campaigns",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("partners:campaigns"),
        shows="#campaigns",
    ),
    Page("partners:campaign_new", (COORDINATOR, CO_CHAIR), _plain("partners:campaign_new")),
    Page(
        "partners:campaign",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("partners:campaign", "campaign"),
        shows="#campaign-messages",
    ),
    Page("partners:campaign_edit", (COORDINATOR, CO_CHAIR), _with("partners:campaign_edit", "campaign")),
    Page(
        "partners:messages",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("partners:messages"),
        shows="#key-messages",
    ),
    Page("partners:message_new", (COORDINATOR, CO_CHAIR), _plain("partners:message_new")),
    Page(
        "partners:message",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("partners:message", "key_message"),
        shows="#message-texts",
    ),
    # Partners (issue 16 item 10): stakeholders and funding; the editors keep them, leadership reads.
    Page(
        "partners:stakeholders",
        (COORDINATOR, CO_CHAIR, LEADERSHIP),
        _plain("partners:stakeholders"),
        shows="#stakeholders",
    ),
    Page("partners:stakeholder_new", (COORDINATOR, CO_CHAIR), _plain("partners:stakeholder_new")),
    Page("partners:stakeholder_edit", (COORDINATOR, CO_CHAIR), _with("partners:stakeholder_edit", "stakeholder")),
    Page("partners:funding", (COORDINATOR, CO_CHAIR, LEADERSHIP), _plain("partners:funding"), shows="#donor-reports"),
    Page("partners:donor_new", (COORDINATOR, CO_CHAIR), _plain("partners:donor_new")),
    Page("partners:funding_new", (COORDINATOR, CO_CHAIR), _plain("partners:funding_new")),
    Page("partners:funding_edit", (COORDINATOR, CO_CHAIR), _with("partners:funding_edit", "funding_source")),
    Page("partners:proposal_new", (COORDINATOR, CO_CHAIR), _plain("partners:proposal_new")),
    Page("partners:proposal_edit", (COORDINATOR, CO_CHAIR), _with("partners:proposal_edit", "proposal")),
    Page("partners:donor_report_new", (COORDINATOR, CO_CHAIR), _plain("partners:donor_report_new")),
    Page("partners:donor_report_edit", (COORDINATOR, CO_CHAIR), _with("partners:donor_report_edit", "donor_report")),
    # Partners' PSEA capacity assessments (partners, issue 16 items 1-4): the register and results for readers; the
    # whole assessment for the partner (the demo focal point's AMSS), the lead agency and the network's editors.
    Page(
        "partners:assessments",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("partners:assessments"),
        shows="#register",
    ),
    Page("partners:assessment_new", (COORDINATOR, CO_CHAIR, FOCAL_POINT), _plain("partners:assessment_new")),
    Page(
        "partners:assessment",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("partners:assessment", "assessment"),
        shows="#assessment-facts",
    ),
    Page(
        "partners:assessment_tools",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("partners:assessment_tools"),
        shows="#tools",
    ),
    Page(
        "partners:assessment_tool",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("partners:assessment_tool", "capacity_tool"),
        shows="#thresholds",
    ),
    Page(
        "partners:assessment_tool_edit",
        (COORDINATOR, CO_CHAIR),
        _with("partners:assessment_tool_edit", "capacity_tool_own"),
    ),
    # Partners (issue 16): trainings. Readers list and read sessions (a focal point its organisation's); the editors
    # and the organiser's focal point record them; the coverage is the editors' and leadership's.
    Page("partners:trainings", (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP), _plain("partners:trainings")),
    Page("partners:training_new", (COORDINATOR, CO_CHAIR, FOCAL_POINT), _plain("partners:training_new")),
    Page(
        "partners:training_coverage",
        (COORDINATOR, CO_CHAIR, LEADERSHIP),
        _plain("partners:training_coverage"),
        shows="#refreshers",
    ),
    Page(
        "partners:training",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("partners:training", "training"),
        shows="#participants",
    ),
    Page("partners:training_edit", (COORDINATOR, CO_CHAIR, FOCAL_POINT), _with("partners:training_edit", "training")),
    Page(
        "partners:training_delete", (COORDINATOR, CO_CHAIR, FOCAL_POINT), _with("partners:training_delete", "training")
    ),
    Page(
        "partners:training_participants",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT),
        _with("partners:training_participants", "training"),
        shows="#grid",
    ),
    Page(
        "planning:documents",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("planning:documents"),
        shows="#documents",
    ),
    Page("planning:document_new", (COORDINATOR, CO_CHAIR), _plain("planning:document_new")),
    Page(
        "planning:document",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("planning:document", "document"),
        shows="#versions",
    ),
    # The network's meetings and their actions (planning): readers; recording and editing, the editors.
    Page(
        "planning:meetings",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("planning:meetings"),
        shows="#meetings",
    ),
    Page("planning:meeting_new", (COORDINATOR, CO_CHAIR), _plain("planning:meeting_new"), shows="#participants"),
    Page(
        "planning:meeting",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("planning:meeting", "meeting"),
        shows="#actions",
    ),
    Page("planning:meeting_edit", (COORDINATOR, CO_CHAIR), _with("planning:meeting_edit", "meeting")),
    Page("planning:action_edit", (COORDINATOR, CO_CHAIR), _with("planning:action_edit", "meeting_action")),
    Page(
        "planning:actions",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("planning:actions"),
        shows="#overdue-by-organisation",
    ),
    # The action plan (planning, issue 15 items 6-7): readers; building for the coordinator and co-chairs; the
    # overdue and at-risk view for them and leadership.
    Page("planning:plans", (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP), _plain("planning:plans"), shows="#plans"),
    Page("planning:plan_new", (COORDINATOR, CO_CHAIR), _plain("planning:plan_new")),
    Page(
        "planning:plan", (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP), _with("planning:plan", "plan"), shows="#tree"
    ),
    Page("planning:activity_new", (COORDINATOR, CO_CHAIR), _with("planning:activity_new", "plan")),
    Page("planning:activity_from", (COORDINATOR, CO_CHAIR), _plain("planning:activity_from")),
    Page(
        "planning:plan_report",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("planning:plan_report", "plan"),
        shows="#report-form",
    ),
    Page("planning:attention", (COORDINATOR, CO_CHAIR, LEADERSHIP), _plain("planning:attention")),
    Page(
        "planning:activity",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("planning:activity", "activity"),
        shows="#activity",
    ),
    Page("planning:activity_edit", (COORDINATOR, CO_CHAIR), _with("planning:activity_edit", "activity")),
    # The joint SEA risk assessment (planning): readers; editors create rounds and write findings; focal points score.
    Page(
        "planning:risk_rounds",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("planning:risk_rounds"),
        shows="#risk-rounds",
    ),
    Page("planning:risk_round_new", (COORDINATOR, CO_CHAIR), _plain("planning:risk_round_new")),
    Page(
        "planning:risk_frameworks",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _plain("planning:risk_frameworks"),
        shows="#risk-frameworks",
    ),
    Page(
        "planning:risk_framework",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("planning:risk_framework", "risk_framework"),
        shows="#framework",
    ),
    Page(
        "planning:risk_round",
        (COORDINATOR, CO_CHAIR, FOCAL_POINT, LEADERSHIP),
        _with("planning:risk_round", "risk_round"),
        shows="#heatmap-table",
    ),
    Page(
        "planning:risk_contribution", (FOCAL_POINT,), _with("planning:risk_contribution", "risk_round"), shows="#grid"
    ),
    Page("planning:risk_finding_new", (COORDINATOR, CO_CHAIR), _with("planning:risk_finding_new", "risk_round")),
    Page(
        "planning:risk_finding",
        (COORDINATOR, CO_CHAIR),
        _with("planning:risk_finding", "risk_finding"),
        shows="#finding",
    ),
    # The public directory (mapping, issue 14 item 6) and the focal point's choice to be listed in it.
    Page("mapping:directory", (PUBLIC,), _plain("mapping:directory"), shows="#services"),
    Page("mapping:listing", (FOCAL_POINT,), _plain("mapping:listing")),
    Page(
        "mapping:home",
        (COORDINATOR, FOCAL_POINT, PROVIDER, CO_CHAIR, LEADERSHIP),
        _plain("mapping:home"),
        shows="#mapping-parts",
    ),
    Page("mapping:mechanisms", (COORDINATOR, FOCAL_POINT), _plain("mapping:mechanisms"), shows="#mechanisms"),
    Page("mapping:mechanism_new", (COORDINATOR, FOCAL_POINT), _plain("mapping:mechanism_new")),
    Page("mapping:mechanism", (COORDINATOR, FOCAL_POINT), _with("mapping:mechanism", "mechanism"), shows="#mechanism"),
    # imp: imports of mechanisms (CFM mapping sheet) and services (4W sheet)
    Page("mapping:import_mechanisms", (COORDINATOR, FOCAL_POINT), _plain("mapping:import_mechanisms")),
    Page("mapping:import_services", (COORDINATOR, PROVIDER), _plain("mapping:import_services")),
    # svc: the services registry (providers and the coordinator)
    Page("mapping:services", (COORDINATOR, PROVIDER), _plain("mapping:services"), shows="#services"),
    Page("mapping:service_new", (COORDINATOR, PROVIDER), _plain("mapping:service_new")),
    Page("mapping:service", (COORDINATOR, PROVIDER), _with("mapping:service", "service"), shows="#service"),
    # The gap table and the coverage map (issue 14 items 4 and 5): the coordinator's, co-chairs and leadership read.
    Page("mapping:gaps", (COORDINATOR, CO_CHAIR, LEADERSHIP), _plain("mapping:gaps")),
    Page(
        "mapping:coverage_map",
        (COORDINATOR, CO_CHAIR, LEADERSHIP),
        _plain("mapping:coverage_map"),
        shows="#coverage-regions",
    ),
    # Community preferences (issue 14 item 3)
    Page("mapping:consultations", (COORDINATOR, FOCAL_POINT), _plain("mapping:consultations"), shows="#consultations"),
    Page("mapping:consultation_new", (COORDINATOR, FOCAL_POINT), _plain("mapping:consultation_new")),
    Page("mapping:consultation_import", (COORDINATOR, FOCAL_POINT), _plain("mapping:consultation_import")),
    Page(
        "mapping:consultation",
        (COORDINATOR, FOCAL_POINT),
        _with("mapping:consultation", "consultation"),
        shows="#consultation-preferences",
    ),
    Page("mapping:preferences", (COORDINATOR, FOCAL_POINT), _plain("mapping:preferences"), shows="#preferences"),
    Page("accounts:login", (PUBLIC,), _plain("accounts:login")),
    Page("accounts:two_factor_verify", (SIGNING_IN,), _plain("accounts:two_factor_verify")),
    # The password and 2FA pages are the same for every role but the header's links: checked as the coordinator,
    # whose header has the most; every other role's header is checked on its own pages. The profile lists the
    # user's roles and organisation: every role.
    Page("accounts:profile", tuple(STAFF), _plain("accounts:profile")),
    Page("accounts:password_change", (COORDINATOR,), _plain("accounts:password_change")),
    Page("accounts:two_factor_setup", (COORDINATOR,), _plain("accounts:two_factor_setup")),
    Page("cases:tracker", (COORDINATOR,), _plain("cases:tracker")),
    # GET shows the step-up code form (the file comes from its POST).
    Page("tracker:export_gbvims", (COORDINATOR,), _plain("tracker:export_gbvims")),
    Page("cases:inbox", (COORDINATOR,), _plain("cases:inbox")),
    Page("cases:keys", (COORDINATOR,), _plain("cases:keys")),
    Page("cases:detail", (COORDINATOR,), _with("cases:detail", "complaint")),
    # Vocabularies and message templates: seeded terms and built-in templates, so no object of World is needed.
    Page("cases:vocabularies", (COORDINATOR,), _plain("cases:vocabularies")),
    Page("cases:vocabulary", (COORDINATOR,), lambda world: reverse("cases:vocabulary", args=["sea_type"])),
    Page("cases:term", (COORDINATOR,), lambda world: reverse("cases:term", args=["sea_type", "rape"])),
    Page("cases:templates", (COORDINATOR,), _plain("cases:templates")),
    Page("cases:template_new", (COORDINATOR,), _plain("cases:template_new")),
    Page("cases:template_edit", (COORDINATOR,), lambda world: reverse("cases:template_edit", args=["received", "ar"])),
    Page(
        "cases:template_history",
        (COORDINATOR,),
        lambda world: reverse("cases:template_history", args=["received", "fr"]),
    ),
    Page("intake:operator", (OPERATOR, COORDINATOR), _plain("intake:operator")),
    Page("intake:operator_receipt", (OPERATOR,), _plain("intake:operator_receipt"), shows="#receipt"),
    Page("intake:focal_point", (FOCAL_POINT,), _plain("intake:focal_point")),
    # Without a receipt cookie set up (World.before): the "already saved" state of the operator's receipt template.
    Page("intake:focal_point_receipt", (FOCAL_POINT,), _plain("intake:focal_point_receipt")),
    Page("referrals:inbox", (FOCAL_POINT, PROVIDER), _plain("referrals:inbox")),
    Page("referrals:inbox#all", (FOCAL_POINT,), lambda world: reverse("referrals:inbox") + "?all=1"),
    # One page, other sections by state and kind (and for the coordinator who sent it): entries under other keys.
    Page("referrals:detail", (FOCAL_POINT, COORDINATOR), _with("referrals:detail", "referral_allegation")),
    Page("referrals:detail#sent", (FOCAL_POINT,), _with("referrals:detail", "referral_sent")),
    Page("referrals:detail#assistance", (PROVIDER,), _with("referrals:detail", "referral_assistance")),
    Page("imports:start", (COORDINATOR,), _plain("imports:start")),
    Page("imports:detail", (COORDINATOR,), _with("imports:detail", "import_run"), shows="#import-state"),
    Page("imports:values", (COORDINATOR,), _with("imports:values", "import_run")),
    Page("insights:dashboard", (COORDINATOR, ANALYST, LEADERSHIP, CO_CHAIR), _plain("insights:dashboard")),
    Page("insights:donor", (DONOR,), _plain("insights:donor"), shows="#donor-reports"),
    Page("insights:reports", (COORDINATOR, ANALYST, LEADERSHIP, CO_CHAIR), _plain("insights:reports")),
    Page(
        "insights:report",
        (COORDINATOR, ANALYST, LEADERSHIP, CO_CHAIR),
        _with("insights:report", "report"),
        shows="#published",
    ),
    # Members' own figures: the demo focal point's organisation (AMSS) reported the last complete quarter (its
    # versions shown under the form); the current quarter has no return yet. The history is the demo's corrected one.
    Page("insights:members", (FOCAL_POINT,), _plain("insights:members")),
    Page("insights:member_return", (FOCAL_POINT,), lambda world: _member_return_path(1), shows="#versions-title"),
    Page("insights:member_return#new", (FOCAL_POINT,), lambda world: _member_return_path(0)),
    Page("insights:members_overview", (COORDINATOR, CO_CHAIR), _plain("insights:members_overview"), shows="#returns"),
    Page("insights:member_return_history", (COORDINATOR, CO_CHAIR), lambda world: _corrected_return_path()),
    # The system-wide view of an HQ installation: the demo's returns of three countries (one not sent yet for the
    # latest quarter, one corrected); a return's current version and an earlier one.
    Page("insights:systemwide", (HQ,), _plain("insights:systemwide"), shows="#missing"),
    Page("insights:systemwide_import", (HQ,), _plain("insights:systemwide_import")),
    Page("insights:systemwide_return", (HQ,), lambda world: _country_return_path(2), shows="#versions"),
    Page("insights:systemwide_return#earlier", (HQ,), lambda world: _country_return_path(1), shows="#versions"),
]

# URL names that are not pages a person opens with GET, and why.
EXCLUDED: dict[str, str] = {
    "partners:training_material_new": "POST only (the form is on the session's page)",
    "partners:training_refresher": "POST only (the form is on the coverage page)",
    "partners:training_certificate": "a PDF download (a participant's certificate)",
    "partners:training_material": "a file download (a session's material)",
    "accounts:logout": "POST only",
    "accounts:logout_everywhere": "POST only",
    "accounts:backup_codes_regenerate": "POST only (answers with the backup codes page, shown once)",
    "cases:coordinator_grant": "POST only",
    "cases:triage": "POST only",
    "cases:allegation_add": "POST only",
    "cases:allegation_update": "POST only",
    "cases:survivor_update": "POST only",
    "cases:survivor_add": "POST only",
    "cases:perpetrator_add": "POST only",
    "cases:perpetrator_update": "POST only",
    "cases:intake_update": "POST only",
    "cases:consent_add": "POST only",
    "cases:message_send": "POST only",
    "cases:held_send": "POST only",
    "cases:attachment": "a file download",
    "tracker:export": "a spreadsheet download",
    "insights:table_download": "a file download",
    "insights:hq_schema": "a JSON Schema file (public, no data), not an HTML page",
    "imports:columns": "POST only",
    "imports:check": "POST only",
    "imports:run": "POST only",
    "imports:rejected": "POST only (answers with a spreadsheet download)",
    "insights:report_create": "POST only",
    "mapping:mechanism_verify": "POST only",
    "planning:version_new": "POST only (the upload form is on the document's page)",
    "partners:message_edit": "POST only (the form is on the message's page)",
    "partners:message_text": "POST only (the form is on the message's page)",
    "partners:message_text_remove": "POST only (the buttons are on the message's page)",
    "partners:assessment_standard_add": "POST only (the form is on partners:assessment_tool_edit)",
    "partners:assessment_standard_remove": "POST only (the buttons are on partners:assessment_tool_edit)",
    "planning:version_download": "POST only (answers with the file, audited)",
    "planning:version_in_force": "POST only",
    "planning:public_document": "a file download (a public document's version in force)",
    "planning:action_new": "POST only (the form is on the meeting's page)",
    "planning:action_status": "POST only (the forms are on the meeting's page and the actions' list)",
    "planning:output_new": "POST only (the form is on the plan's page)",
    "planning:plan_submit": "POST only",
    "planning:plan_endorse": "POST only",
    "planning:plan_return": "POST only (the form is on planning:plan, for leadership on a submitted plan)",
    "planning:plan_new_version": "POST only",
    "planning:plan_report_download": "POST only (answers with the PDF or XLSX, audited)",
    "planning:activity_update": "POST only (the form is on the activity's page)",
    "planning:risk_round_status": "POST only (the buttons are on the round's page)",
    "planning:risk_framework_copy": "POST only",
    "planning:risk_framework_edit": "POST only (the forms are on the framework's page)",
    "planning:risk_contribution_submit": "POST only",
    "planning:risk_export": "POST only (answers with the PDF or XLSX file, audited)",
    "partners:survey_dry_run": "the dry run of one upload, its author's only (opened by the upload's redirect)",
    "partners:survey_summary": "a file download (the survey's PDF summary)",
    "partners:assessment_link_add": "POST only (the form is on partners:assessments)",
    "partners:assessment_link_remove": "POST only (the buttons are on partners:assessments)",
    "partners:assessment_tool_copy": "POST only (the form is on partners:assessment_tool)",
    "partners:assessment_answers": "POST only (the form is on partners:assessment)",
    "partners:assessment_evidence": "POST only (the upload form is on partners:assessment)",
    "partners:assessment_evidence_download": "POST only (answers with the sealed document, audited)",
    "partners:assessment_access": "POST only (the button is on partners:assessment)",
    "partners:assessment_submit": "POST only",
    "partners:assessment_return": "POST only (the form is on partners:assessment)",
    "partners:assessment_finalise": "POST only (the form is on partners:assessment)",
    "partners:assessment_cancel": "POST only",
    "partners:assessment_action_add": "POST only (the form is on partners:assessment)",
    "partners:assessment_action_status": "POST only (the forms are on partners:assessment)",
    "partners:assessment_note_add": "POST only (the form is on partners:assessment)",
    "partners:assessment_determination": "POST only (the form is on partners:assessment)",
    "mapping:import_mechanisms_confirm": "POST only",
    "mapping:import_services_confirm": "POST only",
    "mapping:import_mechanisms_template": "a spreadsheet download (the import's template)",
    "mapping:import_services_template": "a spreadsheet download (the import's template)",
    "mapping:service_verify": "POST only",
    "mapping:gaps_xlsx": "a spreadsheet download (the gap table's)",
    "mapping:service_directory": "the old /services address: a permanent redirect to mapping:directory#services",
    "mapping:directory_print": "a PDF download (the printable directory)",
    "insights:report_download": "POST only (answers with the report's PDF or spreadsheet, audited)",
    "insights:report_publish": "POST only",
    "insights:report_unpublish": "POST only",
    "imports:discard": "POST only",
    "intake:leave": "POST only",
    "intake:hook_twilio": "a machine endpoint (SMS/WhatsApp webhook)",
    "intake:hook_africastalking": "a machine endpoint (SMS webhook)",
    "intake/hooks/africastalking/<slug:slug>/<path:rest>": "the retired webhook address: a plain 404",
    "intake:hook_generic": "a machine endpoint (SMS webhook)",
    "intake:hook_kobo": "a machine endpoint (field-form webhook)",
    "intake:fieldform_xlsx": "a spreadsheet download",
    "referrals:recipients_grant": "POST only",
    "referrals:acknowledge": "POST only",
    "referrals:decline": "POST only",
    "referrals:progress": "POST only",
    "referrals:close": "POST only",
    "referrals:follow_up": "POST only",
    "referrals:revoke": "POST only",
    "referrals:investigation": "POST only (the form is on referrals:detail)",
    "referrals:survivor_informed": "POST only (the form is on referrals:detail)",
    "referrals:service_delivered": "POST only (the form is on referrals:detail#assistance)",
    "referrals:allegation_refer": "POST only",
    "referrals:assistance_refer": "POST only",
    "referrals:complaint_close": "POST only",
    "referrals:user_exclude": "POST only",
    "set_language": "the language switcher's form posts here; a GET only redirects back",
    # The admin site's own pages that are not forms or lists.
    "admin:login": "redirects to the staff sign-in page",
    "admin:logout": "POST only",
    "admin:password_change": "redirects to the staff password page",
    "admin:password_change_done": "redirects to the staff password page",
    "admin:jsi18n": "JavaScript",
    "admin:autocomplete": "JSON for the admin's autocomplete fields",
    "admin:view_on_site": "a redirect",
    "admin:auth_user_password_change": "the admin's set-password page for a user: reached from the user's page",
    "admin/(?P<url>.*)$": "the admin's catch-all (a 404 or a redirect)",
}


# --- the admin: derived from the registry ---------------------------------------------------------------------
def _shown_to_network_admins(model_admin: Any) -> bool:
    """Our ModelAdmins give the network admin role access; the others (django-otp's devices, axes, tasks) follow
    Django's per-model permissions, which nobody is given."""
    from pseahub.core.admin import NetworkAdminMixin

    return isinstance(model_admin, NetworkAdminMixin)


def _admin_pages() -> tuple[list[Page], dict[str, str]]:
    pages = [Page("admin:index", (NETWORK_ADMIN,), _plain("admin:index"))]
    excluded: dict[str, str] = {}
    app_labels: set[str] = set()
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        names = [f"admin:{info}_{view}" for view in ("changelist", "add", "change", "history", "delete")]
        if not _shown_to_network_admins(model_admin):
            excluded.update(dict.fromkeys(names, "not shown to network admins (nobody holds Django's permissions)"))
            excluded[f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = "a redirect"
            continue
        app_labels.add(model._meta.app_label)
        changelist, add, change, history, delete = names
        pages.append(Page(changelist, (NETWORK_ADMIN,), _plain(changelist)))
        pages.append(Page(add, (NETWORK_ADMIN,), _plain(add)))
        pages.append(Page(change, (NETWORK_ADMIN,), _object_path(change, info)))
        excluded[history] = "the admin's history of an object: Django's own template, no fields of ours"
        excluded[delete] = "the admin's delete confirmation: Django's own template"
        # The "/<pk>/" address without "change/" only redirects to the change page.
        excluded[f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = "a redirect"
    pages.append(Page("admin:app_list", (NETWORK_ADMIN,), lambda world: reverse("admin:app_list", args=["network"])))
    pages.append(
        Page(
            "admin:network_area_import",
            (NETWORK_ADMIN,),
            _plain("admin:network_area_import"),
        )
    )
    return pages, excluded


def _object_path(name: str, info: str) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[world.admin_objects[info]])


def all_pages() -> list[Page]:
    return PAGES + _admin_pages()[0]


def all_excluded() -> dict[str, str]:
    return {**EXCLUDED, **_admin_pages()[1]}


def pages_for(role: str) -> list[Page]:
    return [page for page in all_pages() if role in page.roles]


# --- the resolver ----------------------------------------------------------------------------------------------
def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner or namespace, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:  # an unnamed address: known by its route
                yield prefix + str(pattern.pattern)


def url_names() -> set[str]:
    """Every URL name of the site ("namespace:name"), and the route of every unnamed address."""
    return set(_walk(get_resolver().url_patterns))
