"""Demo data of campaigns and key messages (issue 16 item 8) and of stakeholders and funding (item 10) for the Mali
network: a year of it, written through the services (the audit is real), idempotent (fixed public ids derived from
names, donors by name, message texts by language).

The Bambara and Fulfulde texts are demo texts: a network has its messages written and checked by native speakers.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone

from pseahub.accounts.models import Role, User
from pseahub.network.models import Area, Organisation

from .campaigns import campaign_create, message_create, message_text_save
from .funding import (
    donor_create,
    donor_report_create,
    funding_create,
    proposal_create,
    stakeholder_create,
)
from .models import Campaign, Donor, DonorReport, FundingSource, KeyMessage, Proposal, Stakeholder

_NAMESPACE = uuid.UUID("6a0f4d52-2c1e-4c8e-9d36-0d9b8f1e7a10")


def _id(key: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, key)


# (key, topic, title, public, texts: [(code, name, text)])
MESSAGES: list[tuple[str, str, str, bool, list[tuple[str, str, str]]]] = [
    (
        "free",
        "free_assistance",
        "L'aide est gratuite",
        True,
        [
            (
                "fr",
                "Français",
                "L'aide humanitaire est gratuite. Personne n'a le droit de vous demander de l'argent, "
                "un service ou des relations sexuelles en échange d'une aide.",
            ),
            (
                "en",
                "English",
                "Humanitarian assistance is free. Nobody may ask you for money, a favour or sex in "
                "exchange for assistance.",
            ),
            (
                "ar",
                "العربية",
                "المساعدة الإنسانية مجانية. لا يحق لأحد أن يطلب منك مالاً أو خدمة أو علاقة جنسية مقابل المساعدة.",
            ),
            (
                "bm",
                "Bamanankan",
                "Dɛmɛ ye fu ye. Mɔgɔ si man kan ka wari, baara walima cɛ ni muso ka jɛɲɔgɔnya "
                "ɲini i fɛ ka sɔrɔ ka dɛmɛ di i ma.",
            ),
            (
                "ff",
                "Fulfulde",
                "Ballal ngal ko yeeso. Hay gooto haanaa ɗaɓɓude ma kaalis, golle walla "
                "jokkondiral worbo e debbo ngam ballal.",
            ),
        ],
    ),
    (
        "report",
        "how_to_report",
        "Comment signaler",
        True,
        [
            (
                "fr",
                "Français",
                "Si un travailleur humanitaire vous demande quelque chose en échange de l'aide, "
                "appelez gratuitement la ligne verte 80 00 11 22 ou parlez au point focal PEAS. C'est confidentiel.",
            ),
            (
                "en",
                "English",
                "If an aid worker asks you for something in exchange for help, call the free hotline "
                "80 00 11 22 or talk to the PSEA focal point. It is confidential.",
            ),
            (
                "ar",
                "العربية",
                "إذا طلب منك عامل إنساني شيئاً مقابل المساعدة، اتصل مجاناً بالرقم 80 00 11 22 "
                "أو تحدث إلى جهة التنسيق. الأمر سري.",
            ),
            (
                "bm",
                "Bamanankan",
                "Ni dɛmɛbaarakɛla dɔ ye fɛn ɲini i fɛ dɛmɛ nɔ na, i ka wele kɛ fu la 80 00 11 22 "
                "kan walima ka kuma PEAS jɛɲɔgɔn fɛ. A bɛ to gundo ye.",
            ),
            (
                "ff",
                "Fulfulde",
                "So gollotooɗo ballal ɗaɓɓii ma huunde ngam ballal, noddu yeeso e 80 00 11 22 "
                "walla haal e ardiiɗo PEAS. Ko sirru.",
            ),
        ],
    ),
    (
        "rights",
        "rights",
        "Vos droits",
        True,
        [
            (
                "fr",
                "Français",
                "Vous avez le droit d'être traité avec respect, de recevoir l'aide sans condition et "
                "de vous plaindre sans risque de perdre votre aide.",
            ),
            (
                "en",
                "English",
                "You have the right to be treated with respect, to receive assistance without "
                "conditions and to complain without losing your assistance.",
            ),
            (
                "ar",
                "العربية",
                "من حقك أن تُعامل باحترام، وأن تحصل على المساعدة دون شروط، وأن تشتكي دون أن تفقد مساعدتك.",
            ),
            (
                "bm",
                "Bamanankan",
                "I ka hakɛ ye ka bonya sɔrɔ, ka dɛmɛ sɔrɔ sariya si tɛ, ka i ka kasi fɔ k'a sɔrɔ i ka dɛmɛ tɛ ban.",
            ),
            (
                "ff",
                "Fulfulde",
                "A jogii hakke teddineede, heɓde ballal tawa sharti alaa, e wullitde tawa a waasataa ballal maa.",
            ),
        ],
    ),
    (
        "staff",
        "other",
        "Briefing des distributeurs (interne)",
        False,
        [
            (
                "fr",
                "Français",
                "Rappel aux équipes de distribution : tout échange d'aide contre un service ou des "
                "relations sexuelles est interdit et doit être signalé au point focal.",
            ),
            (
                "en",
                "English",
                "Reminder to distribution teams: exchanging assistance for favours or sex is "
                "forbidden and must be reported to the focal point.",
            ),
        ],
    ),
]


def _messages_load() -> dict[str, KeyMessage]:
    messages: dict[str, KeyMessage] = {}
    for key, topic, title, public, texts in MESSAGES:
        message = message_create(
            actor=None, topic=topic, title=title, is_public=public, submission=_id(f"message:{key}")
        )
        for code, name, text in texts:
            message_text_save(actor=None, message=message, language_code=code, language_name=name, text=text)
        messages[key] = message
    return messages


def _campaigns_load(messages: dict[str, KeyMessage], today: dt.date) -> int:
    regions = {area.pcode: area for area in Area.objects.filter(pcode__in=["ML05", "ML06", "ML07"])}
    last_november = today.year - 1 if today < dt.date(today.year, 12, 10) else today.year
    campaigns = [
        (
            "16days",
            {
                "title": f"16 jours d'activisme {last_november} — Mopti et Gao",
                "start": dt.date(last_november, 11, 25),
                "end": dt.date(last_november, 12, 10),
                "channels": ["radio", "posters", "community_meetings", "sms"],
                "materials": "Spots radio en bambara, fulfulde et songhaï sur 4 radios communautaires; 800 affiches; "
                "12 causeries; 2 envois SMS.",
                "reached_total": 12400,
                "reached_female": 6900,
                "reached_male": 5500,
                "notes": "Avec la Croix-Rouge malienne et les comités de gestion des plaintes.",
            },
            ["ML05", "ML07"],
            ["free", "report", "rights"],
        ),
        (
            "distributions",
            {
                "title": "Sensibilisation sur les sites de distribution — Tombouctou",
                "start": today - dt.timedelta(days=200),
                "end": today - dt.timedelta(days=170),
                "channels": ["distributions", "leaflets", "theatre"],
                "materials": "Théâtre forum, 1 500 dépliants illustrés.",
                "reached_total": 3100,
                "notes": "",
            },
            ["ML06"],
            ["free", "report"],
        ),
    ]
    for key, data, pcodes, message_keys in campaigns:
        campaign_create(
            actor=None,
            data=data,
            areas=[regions[p] for p in pcodes if p in regions],
            messages=[messages[k] for k in message_keys],
            submission=_id(f"campaign:{key}"),
        )
    return len(campaigns)


def _stakeholders_load() -> int:
    organisations = {o.acronym: o for o in Organisation.objects.filter(acronym__in=["UNHCR", "UNFPA", "MPFEF"])}
    donor_user = User.objects.filter(role_assignments__role=Role.DONOR, is_active=True).first()
    contacts: list[tuple[str, dict[str, Any]]] = [
        (
            "protection",
            {
                "kind": "cluster",
                "organisation": organisations.get("UNHCR"),
                "name": "Mamadou Sow",
                "role": "Coordinateur du Cluster Protection",
                "email": "cluster.protection@example.org",
            },
        ),
        (
            "gbv",
            {
                "kind": "cluster",
                "organisation": organisations.get("UNFPA"),
                "name": "Kadidia Maïga",
                "role": "Coordinatrice du sous-cluster VBG",
                "phone": "+223 70 10 20 30",
            },
        ),
        (
            "mpfef",
            {
                "kind": "government",
                "organisation": organisations.get("MPFEF"),
                "name": "Oumou Diarra",
                "role": "Directrice nationale de la promotion de l'enfant et de la famille",
            },
        ),
        (
            "dnds",
            {
                "kind": "government",
                "organisation_name": "Direction nationale du développement social",
                "name": "Bakary Traoré",
                "role": "Point focal humanitaire",
            },
        ),
        (
            "echo",
            {
                "kind": "donor",
                "organisation_name": "ECHO (Commission européenne), bureau de Bamako",
                "name": "Sophie Laurent",
                "role": "Assistante technique",
                "email": "echo.bamako@example.org",
            },
        ),
        (
            "rco",
            {
                "kind": "mission",
                "organisation_name": "Bureau du Coordonnateur résident des Nations Unies",
                "name": "Abdoulaye Koné",
                "role": "Conseiller PEAS inter-agences",
            },
        ),
    ]
    if donor_user is not None:  # a donor contact who has an account here: linked, not copied
        contacts.append(
            (
                "fh",
                {
                    "kind": "donor",
                    "organisation_name": "Fonds humanitaire pour le Mali",
                    "user": donor_user,
                    "role": "Chargée de suivi",
                },
            ),
        )
    for key, data in contacts:
        if "organisation" in data and data["organisation"] is None:
            data = {**data, "organisation": None, "organisation_name": "Organisation du réseau"}
        stakeholder_create(actor=None, data=data, submission=_id(f"stakeholder:{key}"))
    return len(contacts)


def _insights_donor_report() -> uuid.UUID | None:
    """The insights demo's donor report, when there is one (read through the app registry: no import)."""
    try:
        report_model = apps.get_model("insights", "Report")
    except LookupError:
        return None
    report = report_model.objects.filter(kind="donor", state="done").order_by("-created_at").first()
    return report.public_id if report is not None else None


def _funding_load(today: dt.date) -> int:
    echo = donor_create(actor=None, name="ECHO (Commission européenne)")
    fund = donor_create(actor=None, name="Fonds humanitaire pour le Mali")
    year_start = today - dt.timedelta(days=300)
    echo_grant = funding_create(
        actor=None,
        data={
            "donor": echo,
            "title": "Coordination PEAS au Mali",
            "amount": Decimal("250000"),
            "currency": "EUR",
            "start": year_start,
            "end": year_start + dt.timedelta(days=364),
        },
        submission=_id("funding:echo"),
    )
    fund_grant = funding_create(
        actor=None,
        data={
            "donor": fund,
            "title": "Mécanismes communautaires de plainte — Centre et Nord",
            "amount": Decimal("120000000"),
            "currency": "XOF",
            "start": today - dt.timedelta(days=200),
            "end": today + dt.timedelta(days=165),
        },
        submission=_id("funding:fund"),
    )
    proposal_create(
        actor=None,
        data={
            "title": "Coordination PEAS 2027-2028",
            "donor": echo,
            "amount_requested": Decimal("300000"),
            "currency": "EUR",
            "deadline": today + dt.timedelta(days=25),
            "status": "drafting",
        },
        submission=_id("proposal:echo-next"),
    )
    proposal_create(
        actor=None,
        data={
            "title": "Mécanismes communautaires de plainte",
            "donor": fund,
            "amount_requested": Decimal("120000000"),
            "currency": "XOF",
            "deadline": today - dt.timedelta(days=230),
            "status": "approved",
        },
        submission=_id("proposal:fund"),
    )
    insights = _insights_donor_report()
    reports = [
        (
            "echo-interim",
            {
                "donor": echo,
                "funding": echo_grant,
                "period_start": year_start,
                "period_end": year_start + dt.timedelta(days=181),
                "due_on": year_start + dt.timedelta(days=211),
                "status": "submitted",
                "insights_report": insights,
            },
        ),
        (
            "fund-q",
            {
                "donor": fund,
                "funding": fund_grant,
                "period_start": today - dt.timedelta(days=200),
                "period_end": today - dt.timedelta(days=110),
                "due_on": today - dt.timedelta(days=12),
                "status": "due",
            },
        ),  # overdue
        (
            "echo-final",
            {
                "donor": echo,
                "funding": echo_grant,
                "period_start": year_start,
                "period_end": year_start + dt.timedelta(days=364),
                "due_on": year_start + dt.timedelta(days=394),
                "status": "due",
            },
        ),
        (
            "fund-next",
            {
                "donor": fund,
                "funding": fund_grant,
                "period_start": today - dt.timedelta(days=109),
                "period_end": today - dt.timedelta(days=20),
                "due_on": today + dt.timedelta(days=10),
                "status": "due",
            },
        ),
    ]
    for key, data in reports:
        donor_report_create(actor=None, data=data, submission=_id(f"donor-report:{key}"))
    return len(reports)


def demo_campaigns_load() -> int:
    """Key messages (three public, one internal) in French, English, Arabic, Bambara and Fulfulde, the 16 days of
    activism campaign in Mopti and Gao and a distribution-site campaign in Tombouctou."""
    before = KeyMessage.objects.count() + Campaign.objects.count()
    _campaigns_load(_messages_load(), timezone.localdate())
    return KeyMessage.objects.count() + Campaign.objects.count() - before  # what was added


def demo_funding_load() -> int:
    """Stakeholder contacts (clusters, government, donors — one linked to the demo donor's account —, a mission),
    two donors with funding, a proposal being written and an approved one, four donor reports (one submitted with
    the insights donor report attached, one overdue, one due in ten days, one later)."""
    models = (Stakeholder, Donor, FundingSource, Proposal, DonorReport)
    before = sum(model.objects.count() for model in models)
    _stakeholders_load()
    _funding_load(timezone.localdate())
    return sum(model.objects.count() for model in models) - before  # what was added
