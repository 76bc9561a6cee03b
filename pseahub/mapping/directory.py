"""The public directory (issue 14 item 6): what anyone may read at ``/directory/``, and the listing choices.

Every rule of what is published lives here, one selector per section. The selectors hand the pages plain
records holding only what may be shown — never a model — so a template cannot show a field its owner did not
choose to publish:

- the network's own ways to report: the enabled intake channels that have a public address (a phone or SMS
  number, a WhatsApp number, an e-mail address; never a channel's name, slug, settings or secret), the online
  form, and the hotline and emergency numbers of the network's settings;
- the members' complaint and feedback mechanisms that chose to be listed (and are active): name, type,
  organisation, areas, accessibility, and only the fields in their ``published_fields``;
- the focal points who agreed to be listed (``is_listed`` and ``listing_agreed_at``): their organisation, and
  only the fields in their ``published_fields``;
- the services that chose to be listed (and are active): name, type, provider, areas, who is served, and only
  the fields in their ``published_fields`` — a shelter's or safe house's address never (``public_address``);
  the referral contact never.

Writes: ``focal_point_listing_set`` (the focal point's own choice, audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.discovery import public_report_addresses
from pseahub.network.models import FOCAL_POINT_PUBLISHABLE_FIELDS, Area, FocalPoint, Organisation
from pseahub.network.selectors import network_settings_get

from .coverage import covers_area
from .models import (
    LANGUAGE_NAMES,
    MECHANISM_PUBLISHABLE_FIELDS,
    SERVICE_PUBLISHABLE_FIELDS,
    FeedbackMechanism,
    MechanismCost,
    MechanismStatus,
    ServiceType,
)
from .selectors import service_list

# --- what the pages get ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportWay:
    """One way to report to the network: a label, the address people use, and a link (``tel:``, ``mailto:`` …)."""

    kind: str  # "phone", "sms", "whatsapp", "email", "web", "emergency"
    label: str
    address: str
    link: str


@dataclass(frozen=True)
class ListedMechanism:
    name: str
    type: str
    organisation: str
    areas: list[str]
    accessibility: list[str]
    contact: str = ""
    days_hours: str = ""
    languages: list[str] = field(default_factory=list)
    cost: str = ""


@dataclass(frozen=True)
class ListedFocalPoint:
    organisation: str
    name: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ListedService:
    name: str
    type: str
    type_label: str
    provider: str
    areas: list[str]
    served: str
    phone: str = ""
    email: str = ""
    address: str = ""
    hours: str = ""
    languages: list[str] = field(default_factory=list)
    notes: str = ""


def _language_names(codes: list[str] | None) -> list[str]:
    return [str(LANGUAGE_NAMES.get(code, code)) for code in codes or []]


def _organisation_name(organisation: Organisation) -> str:
    return str(organisation)


def _phone_link(number: str) -> str:
    return "tel:" + "".join(char for char in number if char.isdigit() or char == "+")


# --- the network's own ways to report ----------------------------------------------------------------------------

#: The channel types of the public report addresses the apps register (``core.discovery``); a hotline is a phone.
EMAIL, SMS, WHATSAPP = "email", "sms", "whatsapp"


def _channel_way(channel_type: str, address: str) -> ReportWay | None:
    address = address.strip()
    for prefix in ("whatsapp:", "tel:", "mailto:", "sms:"):  # provider spellings of an address
        if address.lower().startswith(prefix):
            address = address[len(prefix) :].strip()
    if not address:
        return None
    if channel_type == EMAIL:
        return ReportWay("email", _("E-mail"), address, f"mailto:{address}")
    if channel_type == SMS:
        return ReportWay("sms", _("SMS"), address, "sms:" + _phone_link(address).removeprefix("tel:"))
    if channel_type == WHATSAPP:
        return ReportWay("whatsapp", _("WhatsApp"), address, "")
    return ReportWay("phone", _("Phone"), address, _phone_link(address))


def directory_report_ways() -> list[ReportWay]:
    """How to report to the network: the online form, the hotline, then the enabled channels' public addresses
    (each address once), then the emergency number."""
    settings = network_settings_get()
    ways = [ReportWay("web", _("Online form"), _("Report online"), reverse("intake:report"))]
    if settings.hotline_number:
        ways.append(ReportWay("phone", _("Hotline"), settings.hotline_number, _phone_link(settings.hotline_number)))
    seen = {(way.kind, way.address) for way in ways}
    for channel_type, address in public_report_addresses():  # the intake channels', through core.discovery
        way = _channel_way(channel_type, address)
        if way is not None and (way.kind, way.address) not in seen:
            seen.add((way.kind, way.address))
            ways.append(way)
    if settings.emergency_number:
        number = settings.emergency_number
        ways.append(ReportWay("emergency", _("In danger now"), number, _phone_link(number)))
    return ways


# --- the members' mechanisms -------------------------------------------------------------------------------------

_MECHANISM_ACCESSIBILITY = (
    ("accessible_disability", FeedbackMechanism._meta.get_field("accessible_disability")),
    ("accessible_low_literacy", FeedbackMechanism._meta.get_field("accessible_low_literacy")),
    ("women_child_friendly", FeedbackMechanism._meta.get_field("women_child_friendly")),
    ("confidential_space", FeedbackMechanism._meta.get_field("confidential_space")),
)


def _areas_prefetch() -> Prefetch:
    return Prefetch("areas", queryset=Area.objects.order_by("admin_level", "pcode"))


def listed_mechanisms(*, area: Area | None = None) -> QuerySet[FeedbackMechanism]:
    """Active mechanisms of active members that chose to be listed (covering ``area`` when given)."""
    mechanisms = (
        FeedbackMechanism.objects.filter(is_listed=True, status=MechanismStatus.ACTIVE, organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related(_areas_prefetch())
    )
    if area is not None:
        mechanisms = mechanisms.filter(covers_area(area, model=FeedbackMechanism))
    return mechanisms.order_by("organisation__acronym", "organisation__name", "type", "name", "pk")


def directory_mechanisms(*, area: Area | None = None) -> list[ListedMechanism]:
    """The listed mechanisms, each with only the fields its organisation chose to publish. Two queries."""
    listed = []
    for mechanism in listed_mechanisms(area=area):
        published = set(mechanism.published_fields or []) & set(MECHANISM_PUBLISHABLE_FIELDS)
        listed.append(
            ListedMechanism(
                name=mechanism.name,
                type=str(mechanism.get_type_display()),
                organisation=_organisation_name(mechanism.organisation),
                areas=[covered.display_name() for covered in mechanism.areas.all()],
                accessibility=[
                    str(model_field.verbose_name).capitalize()
                    for name, model_field in _MECHANISM_ACCESSIBILITY
                    if getattr(mechanism, name)
                ],
                contact=mechanism.contact if "contact" in published else "",
                days_hours=mechanism.days_hours if "days_hours" in published else "",
                languages=_language_names(mechanism.languages) if "languages" in published else [],
                cost=str(MechanismCost(mechanism.cost).label) if "cost" in published and mechanism.cost else "",
            )
        )
    return listed


# --- the focal points --------------------------------------------------------------------------------------------


def listed_focal_points() -> QuerySet[FocalPoint]:
    """Active focal points of active members who agreed to be listed. They serve their whole organisation: the
    area filter does not narrow them."""
    return (
        FocalPoint.objects.filter(
            is_listed=True, listing_agreed_at__isnull=False, is_active=True, organisation__is_active=True
        )
        .select_related("organisation")
        .order_by("organisation__name", "is_alternate", "pk")
    )


def directory_focal_points() -> list[ListedFocalPoint]:
    """The listed focal points, each with their organisation and only the fields they chose. One query."""
    listed = []
    for focal_point in listed_focal_points():
        published = set(focal_point.published_fields or []) & set(FOCAL_POINT_PUBLISHABLE_FIELDS)
        listed.append(
            ListedFocalPoint(
                organisation=_organisation_name(focal_point.organisation),
                name=focal_point.name if "name" in published else "",
                title=focal_point.title if "title" in published else "",
                email=focal_point.email if "email" in published else "",
                phone=focal_point.phone if "phone" in published else "",
                languages=_language_names(focal_point.languages) if "languages" in published else [],
            )
        )
    return listed


# --- the services ------------------------------------------------------------------------------------------------


def directory_services(*, area: Area | None = None, service_type: str | None = None) -> list[ListedService]:
    """Active, listed services (filtered by area and type) with only their published fields; a shelter's
    address never, the referral contact never. Two queries."""
    listed = []
    for service in service_list(service_type=service_type, area=area).filter(is_listed=True):
        published = set(service.published_fields or []) & set(SERVICE_PUBLISHABLE_FIELDS)
        listed.append(
            ListedService(
                name=service.name,
                type=service.type,
                type_label=str(ServiceType(service.type).label),
                provider=_organisation_name(service.provider),
                areas=[covered.display_name() for covered in service.areas.all()],
                served=f"{service.get_sex_served_display()} · {service.ages_served}",
                phone=service.contact_phone if "contact_phone" in published else "",
                email=service.contact_email if "contact_email" in published else "",
                # Never a shelter's or safe house's address, whatever was chosen.
                address=service.public_address if "address" in published else "",
                hours=service.hours if "hours" in published else "",
                languages=_language_names(service.languages) if "languages" in published else [],
                notes=service.notes if "notes" in published else "",
            )
        )
    return listed


# --- the focal point's own listing choice ------------------------------------------------------------------------


def listing_profiles_for(user: User) -> QuerySet[FocalPoint]:
    """The user's own active focal-point profiles (one per organisation), the only ones they may list."""
    return (
        FocalPoint.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


@transaction.atomic
def focal_point_listing_set(
    *, actor: User | None, focal_point: FocalPoint, is_listed: bool, published_fields: list[str]
) -> FocalPoint:
    """The focal point's own choice: listed or not, and which of their fields are public.

    Only the person themself may choose (``PermissionError`` otherwise; ``actor=None``: the demo loader, for its
    invented people). Agreeing the first time sets
    ``listing_agreed_at``; withdrawing clears it (and the chosen fields). Audited as a focal point update with
    the changed field names and the flag's and the field list's old and new values (names of fields, no text).
    """
    if actor is not None and (focal_point.user_id is None or focal_point.user_id != actor.pk):
        raise PermissionError("Only the focal point chooses whether to be listed.")
    unknown = sorted(set(published_fields) - set(FOCAL_POINT_PUBLISHABLE_FIELDS))
    if unknown:
        raise ValueError(f"Focal point fields that cannot be published: {', '.join(unknown)}")
    chosen = [name for name in FOCAL_POINT_PUBLISHABLE_FIELDS if name in published_fields] if is_listed else []
    old = {"is_listed": focal_point.is_listed, "published_fields": list(focal_point.published_fields or [])}
    new = {"is_listed": is_listed, "published_fields": chosen}
    agreed_at: datetime | None = focal_point.listing_agreed_at
    if is_listed and agreed_at is None:
        agreed_at = timezone.now()
    elif not is_listed:
        agreed_at = None
    changed = sorted(name for name in new if old[name] != new[name])
    if agreed_at != focal_point.listing_agreed_at:
        changed.append("listing_agreed_at")
    if not changed:
        return focal_point
    focal_point.is_listed = is_listed
    focal_point.published_fields = chosen
    focal_point.listing_agreed_at = agreed_at
    focal_point.save(update_fields=["is_listed", "published_fields", "listing_agreed_at", "updated_at"])
    record(
        actor=actor,
        action=Action.FOCAL_POINT_UPDATED,
        target=focal_point,
        data={
            "fields": sorted(changed),
            "old": {name: old[name] for name in changed if name in old},
            "new": {name: new[name] for name in changed if name in new},
        },
    )
    return focal_point


# --- the printable page ------------------------------------------------------------------------------------------

#: The font the insights PDFs use (Latin and Arabic glyphs); see ``pseahub.insights.render``.
PDF_FONT = "DejaVu Sans"
#: Font sizes (pt) tried in turn until everything fits on one A4 page; the last one is kept whatever the length.
PDF_FONT_SIZES = (8.5, 7.5, 6.5, 5.8)


def directory_pdf(*, report_url: str, area: Area | None = None, service_type: str | None = None) -> bytes:
    """The printable one-page directory (A4) for distribution sites: the network's ways to report, the listed
    mechanisms and the listed services (of ``area`` when given), in the active language (right to left for
    Arabic); ``report_url`` is the online form's full address. Focal points are left out: they are the online
    directory's. The text is made smaller until it fits on one page. Nothing is fetched while it is made
    (``data:`` URLs only)."""
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    context = {
        "area": area,
        "report_url": report_url,
        "network": network_settings_get(),
        "ways": directory_report_ways(),
        "mechanisms": directory_mechanisms(area=area),
        "services": directory_services(area=area, service_type=service_type),
        "language": translation.get_language(),
        "rtl": translation.get_language_bidi(),
        "font": PDF_FONT,
        "today": timezone.localdate(),
    }
    fetcher = URLFetcher(allowed_protocols=["data"])
    for size in PDF_FONT_SIZES:
        html = render_to_string("mapping/directory_print.html", {**context, "font_size": f"{size:g}"})
        document = HTML(string=html, url_fetcher=fetcher).render(pdf_tags=True)
        if len(document.pages) <= 1:
            break
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
