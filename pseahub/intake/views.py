"""Public reporting (/report), the reporter's follow-up with the receipt, and the operator's and focal point's
intake forms.

Nothing identifying goes into a URL: receipts travel only in POST bodies, and the follow-up page keeps
the complaint's key in the session under a cookie-held key (``vault.session``, slot "reporter").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from pseahub.accounts.models import Role
from pseahub.cases.models import Channel, Complaint, MessageDirection
from pseahub.cases.services import reporter_information_add
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError
from pseahub.core.ratelimit import RateLimitedError, rate_limit_exceeded, rate_limit_hit, seconds_left
from pseahub.network.models import Organisation
from pseahub.vault import services as vault
from pseahub.vault.session import session_key_forget, session_key_load, session_key_store

from .attachments import attachments_from_upload
from .forms import (
    FocalPointReportForm,
    OperatorReportForm,
    ReceiptForm,
    ReporterAddForm,
    ReportForm,
    focal_point_organisations,
)
from .pages import blank_form_page
from .services import receipt_open, receipt_wrong_noted, reporter_status_text
from .submission import (
    RECEIPT_TTL,
    complaint_file_once,
    form_token_new,
    form_token_used,
    form_token_valid,
    receipt_take,
)

REPORTER_SLOT = "reporter"
REPORTER_COMPLAINT = "reporter_complaint"


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _oversize(request: HttpRequest) -> list[str]:
    return list(getattr(request, "intake_oversize", []))


def _oversize_error(request: HttpRequest, form: Any) -> None:
    """When the form has other errors, still say that an oversize file was dropped while uploading."""
    if _oversize(request):
        form.add_error(
            "attachments",
            _("A file is larger than %(mb)d MB. Nothing was sent; attach smaller files.")
            % {"mb": settings.INTAKE_MAX_ATTACHMENT_BYTES // 2**20},
        )


def _try_again_in(seconds: int) -> str:
    """When the limit ends, in words: "in 40 minutes"."""
    minutes = max(1, -(-seconds // 60))
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("in %(count)d hour", "in %(count)d hours", hours) % {"count": hours}
    return ngettext("in %(count)d minute", "in %(count)d minutes", minutes) % {"count": minutes}


def _limited(request: HttpRequest, template: str, form: Any, error: str) -> HttpResponse:
    """A refusal by a rate limit: says when to try again (the page's help block gives the network's numbers)."""
    return render(request, template, {"form": form, "error": error}, status=429)


TOKEN_FIELD = "form_token"  # noqa: S105 (a field name)
RECEIPT_COOKIE = "pseahub_receipt"


def _receipt_cookie(purpose: str) -> str:
    return f"{RECEIPT_COOKIE}_{purpose}"


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], purpose: str, status: int = 200
) -> HttpResponse:
    """A form page with a fresh one-time token."""
    return render(request, template, {**context, "form_token": form_token_new(purpose)}, status=status)


def _token_refused(request: HttpRequest, template: str, form: Any, purpose: str) -> HttpResponse:
    """A POST without a valid token (missing, changed, or the form was opened too long ago): nothing is filed,
    the data is kept in the form, and a fresh token lets the reporter send it again."""
    error = _(
        "Your report was not sent: this form has expired or was changed. Check what you wrote, attach any files "
        "again, and send it again."
    )
    return _form_page(request, template, {"form": form, "token_error": error}, purpose, status=400)


def _to_receipt(purpose: str, token: str, url: str) -> HttpResponse:
    """The redirect to the receipt page, carrying the token in a short-lived HttpOnly cookie (never the URL)."""
    path = reverse(url)
    response = redirect(path)
    response.set_cookie(
        _receipt_cookie(purpose),
        token,
        max_age=RECEIPT_TTL,
        path=path,  # sent to the receipt page only
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _receipt_page(
    request: HttpRequest, purpose: str, template: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    """Shows the receipt once: it is deleted as it is read, and so is the cookie."""
    shown = receipt_take(token=request.COOKIES.get(_receipt_cookie(purpose), ""), purpose=purpose)
    context: dict[str, Any] = {"shown": shown, **(extra or {})}
    if shown is not None:
        context.update(receipt=shown["receipt"], receipt_digits=shown["receipt"].replace(" ", ""))
        context["reference"] = shown.get("reference", "")
    response = render(request, template, context)
    response.delete_cookie(_receipt_cookie(purpose), path=request.path, samesite="Lax")
    return response


def _report_limited(request: HttpRequest, template: str, form: Any, purpose: str) -> HttpResponse:
    error = _("Too many reports were sent from this connection. You can send one again %(when)s.") % {
        "when": _try_again_in(seconds_left())
    }
    return _form_page(request, template, {"form": form, "error": error}, purpose, status=429)


@sensitive_post_parameters()
@never_cache
def report(request: HttpRequest) -> HttpResponse:
    """The public report form: anonymous by default, works without JavaScript. Post/redirect/get: a valid POST
    files the complaint once per form token and redirects to the receipt page."""
    template, purpose = "intake/report.html", "report"
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_bot:
            return _form_page(request, template, {"form": ReportForm()}, purpose, status=400)
        token = request.POST.get(TOKEN_FIELD, "")
        if not form_token_valid(token, purpose):
            _oversize_error(request, form)
            return _token_refused(request, template, form, purpose)
        if form_token_used(token, purpose):  # a resubmission: nothing to file and nothing to count
            return _to_receipt(purpose, token, "intake:receipt")
        limit = settings.INTAKE_REPORTS_PER_HOUR
        if rate_limit_exceeded(request, scope="report", limit=limit):  # refused before anything is derived
            return _report_limited(request, template, form, purpose)
        if form.is_valid():
            try:
                attachments = attachments_from_upload(form.cleaned_data["attachments"], oversize=_oversize(request))
            except ApplicationError as exc:
                form.add_error("attachments", exc.message)
            else:
                data = form.to_input(channel=Channel.WEB, language=_language())
                data.attachments = attachments

                def count() -> None:  # in the complaint's transaction: one write per report, exact across workers
                    if not rate_limit_hit(request, scope="report", limit=limit):
                        raise RateLimitedError

                try:
                    complaint_file_once(
                        token=token,
                        purpose=purpose,
                        actor=None,
                        data=data,
                        shown=lambda submitted: {"receipt": vault.receipt_format(submitted.receipt)},
                        first=count,
                    )
                except RateLimitedError:  # another worker's report reached the limit meanwhile: nothing was stored
                    return _report_limited(request, template, form, purpose)
                # Filed now or by an earlier POST of this form: either way, to the receipt page.
                return _to_receipt(purpose, token, "intake:receipt")
        else:
            _oversize_error(request, form)
        return _form_page(request, template, {"form": form}, purpose)
    return blank_form_page(request, template, {"form": form}, purpose)  # rendered once, kept (intake.pages)


@never_cache
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt, shown once after filing; afterwards (a reload, going back) it says the report was sent."""
    return _receipt_page(request, "report", "intake/receipt.html")


@sensitive_post_parameters()
@never_cache
def follow(request: HttpRequest) -> HttpResponse:
    """Enter the receipt to follow a report."""
    form = ReceiptForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        # A correct receipt always opens the report and never counts: only wrong ones are limited (README).
        access = receipt_open(receipt_text=form.cleaned_data["receipt"])
        if access is not None:
            request.session.cycle_key()
            request.session[REPORTER_COMPLAINT] = str(access.complaint.public_id)
            session_key_store(request, access.keyring_private, slot=REPORTER_SLOT)
            return redirect("intake:status")
        receipt_wrong_noted()
        limit = settings.INTAKE_RECEIPT_TRIES_PER_HOUR
        if rate_limit_exceeded(request, scope="receipt", limit=limit) or not rate_limit_hit(
            request, scope="receipt", limit=limit
        ):
            error = _(
                "This receipt code was not found, and too many wrong codes were tried from this connection. "
                "Check your code and try again %(when)s."
            ) % {"when": _try_again_in(seconds_left())}
            return _limited(request, "intake/follow.html", ReceiptForm(), error)
        error = _("We could not find a report with this receipt code. Check the 16 digits and try again.")
    return render(request, "intake/follow.html", {"form": ReceiptForm() if error else form, "error": error})


def _reporter_access(request: HttpRequest) -> tuple[Complaint, bytes] | None:
    public_id = request.session.get(REPORTER_COMPLAINT)
    keyring_private = session_key_load(request, slot=REPORTER_SLOT)
    if not public_id or keyring_private is None:
        return None
    complaint = Complaint.objects.select_related("keyring").filter(public_id=public_id).first()
    if complaint is None:
        return None
    return complaint, keyring_private


@sensitive_post_parameters()
@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """What the reporter sees with a valid receipt: status in plain words, messages, and a way to add more."""
    access = _reporter_access(request)
    if access is None:
        return redirect("intake:follow")
    complaint, keyring_private = access
    form = ReporterAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachments = attachments_from_upload(form.cleaned_data["attachments"], oversize=_oversize(request))
            reporter_information_add(complaint=complaint, body=form.cleaned_data["body"], attachments=attachments)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you. We have received your information."))
            return redirect("intake:status")
    conversation = [
        # A message that fails its integrity check is logged and shown empty: the reporter gets no technical notice.
        (message, vault.open_data_or_refused(keyring_private, bound_to=(message, "sealed"), refused=[]).get("body", ""))
        for message in complaint.messages.all()
    ]
    context: dict[str, Any] = {
        "complaint": complaint,
        "status_text": reporter_status_text(complaint),
        "conversation": conversation,
        "to_reporter": MessageDirection.TO_REPORTER,
        "form": form,
    }
    return render(request, "intake/status.html", context)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Forget the receipt's key on this device."""
    session_key_forget(request, slot=REPORTER_SLOT)
    request.session.pop(REPORTER_COMPLAINT, None)
    return redirect("intake:follow")


def _staff_intake(
    request: HttpRequest, form: OperatorReportForm, *, template: str, purpose: str, receipt_url: str
) -> HttpResponse:
    """The operator's and the focal point's form: a valid POST files the complaint once per form token (sealed
    to the coordinators; the person filing keeps no access) and redirects to the receipt to read out."""
    context = {"form": form}
    if request.method == "POST":
        token = request.POST.get(TOKEN_FIELD, "")
        if not form_token_valid(token, purpose):
            _oversize_error(request, form)
            return _token_refused(request, template, form, purpose)
        if form.is_valid():
            try:
                attachments = attachments_from_upload(form.cleaned_data["attachments"], oversize=_oversize(request))
            except ApplicationError as exc:
                form.add_error("attachments", exc.message)
            else:
                data = form.to_input()
                data.attachments = attachments
                try:
                    complaint_file_once(
                        token=token,
                        purpose=purpose,
                        actor=request.user,
                        data=data,
                        shown=lambda submitted: {
                            "receipt": vault.receipt_format(submitted.receipt),
                            "reference": submitted.complaint.reference,
                        },
                    )
                except ApplicationError as exc:
                    form.add_error(None, exc.message)
                else:
                    return _to_receipt(purpose, token, receipt_url)
        else:
            _oversize_error(request, form)
    return _form_page(request, template, context, purpose)


@sensitive_post_parameters()
@never_cache
@role_required(Role.OPERATOR, Role.COORDINATOR)
def operator_intake(request: HttpRequest) -> HttpResponse:
    """A complaint heard on the hotline or at a walk-in. After submitting, the operator sees only the receipt
    (post/redirect/get with a one-time token, as the public form)."""
    form = OperatorReportForm(request.POST or None, request.FILES or None, initial={"language": _language()})
    return _staff_intake(
        request, form, template="intake/operator.html", purpose="operator", receipt_url="intake:operator_receipt"
    )


@never_cache
@role_required(Role.OPERATOR, Role.COORDINATOR)
def operator_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt to read out, shown once."""
    return _receipt_page(request, "operator", "intake/operator_receipt.html", {"next_url": "intake:operator"})


def _focal_point_organisations(request: HttpRequest) -> list[Organisation]:
    """The organisations the focal point acts for; 403 for one who acts for none (e.g. it was deactivated)."""
    organisations = focal_point_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    return organisations


@sensitive_post_parameters()
@never_cache
@role_required(Role.FOCAL_POINT)
def focal_point_intake(request: HttpRequest) -> HttpResponse:
    """A complaint their own organisation's channels received, filed by its focal point: received by that
    organisation, channel "focal point", sealed to the coordinators. Afterwards the focal point sees only the
    receipt to hand over, never the complaint."""
    form = FocalPointReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"language": _language()},
        organisations=_focal_point_organisations(request),
    )
    return _staff_intake(
        request,
        form,
        template="intake/focal_point.html",
        purpose="focal_point",
        receipt_url="intake:focal_point_receipt",
    )


@never_cache
@role_required(Role.FOCAL_POINT)
def focal_point_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt to hand over, shown once."""
    _focal_point_organisations(request)
    return _receipt_page(request, "focal_point", "intake/operator_receipt.html", {"next_url": "intake:focal_point"})
