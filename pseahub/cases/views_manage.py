"""The coordinator's pages for the vocabularies and the message templates to reporters (rules in ``manage``).

Coordinators only (403 to every other role; the login page for anonymous visitors), like the tracker. A GET
never changes anything; every POST that changes something redirects.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pseahub.accounts.models import Role
from pseahub.core.decorators import role_required
from pseahub.core.exceptions import ApplicationError

from . import manage
from .manage_forms import TemplateForm, TemplateNewForm, TermForm
from .models import Term, Vocabulary

LANGUAGE_NAMES: dict[str, Any] = dict(settings.LANGUAGES)


def _vocabulary_or_404(vocabulary: str) -> Vocabulary:
    if vocabulary not in Vocabulary.values:
        raise Http404
    return Vocabulary(vocabulary)


def _term_url(term: Term) -> str:
    return reverse("cases:term", kwargs={"vocabulary": term.vocabulary, "code": term.code})


# --- vocabularies ------------------------------------------------------------------------------------------------
@never_cache
@role_required(Role.COORDINATOR)
def vocabularies(request: HttpRequest) -> HttpResponse:
    """Every vocabulary, with how many terms are active and retired."""
    return render(request, "cases/manage/vocabularies.html", {"rows": manage.vocabulary_overview()})


@never_cache
@role_required(Role.COORDINATOR)
def vocabulary(request: HttpRequest, vocabulary: str) -> HttpResponse:
    """One vocabulary's terms (how many records use each) and the form to add a term."""
    chosen = _vocabulary_or_404(vocabulary)
    groups = manage.vocabulary_groups(chosen)
    form = TermForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            term = manage.term_add(actor=request.user, vocabulary=chosen, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Term added: %(label)s.") % {"label": term.labels["en"]})
            return redirect("cases:vocabulary", vocabulary=chosen.value)
    context = {"vocabulary": chosen, "rows": manage.vocabulary_terms(chosen), "form": form, "groups": groups}
    return render(request, "cases/manage/vocabulary.html", context)


@never_cache
@role_required(Role.COORDINATOR)
def term(request: HttpRequest, vocabulary: str, code: str) -> HttpResponse:
    """Edit a term's labels, group and order; retire, reactivate, or delete it when no record uses it."""
    chosen = _vocabulary_or_404(vocabulary)
    term = get_object_or_404(Term, vocabulary=chosen, code=code)
    groups = manage.vocabulary_groups(chosen)
    initial = {**term.labels, "group": term.group, "sort_order": term.sort_order}
    form = TermForm(None, new=False, groups=groups, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action in ("retire", "reactivate", "delete"):
            try:
                if action == "delete":
                    manage.term_delete(actor=request.user, term=term)
                    messages.success(request, _("The term is deleted."))
                    return redirect("cases:vocabulary", vocabulary=chosen.value)
                manage.term_set_active(actor=request.user, term=term, active=action == "reactivate")
            except ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                if action == "retire":
                    messages.success(request, _("The term is retired: it is no longer offered for new records."))
                else:
                    messages.success(request, _("The term is active again."))
            return redirect(_term_url(term))
        form = TermForm(request.POST, new=False, groups=groups, initial=initial)
        if form.is_valid():
            try:
                manage.term_update(actor=request.user, term=term, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The term is saved."))
                return redirect(_term_url(term))
    context = {
        "vocabulary": chosen,
        "term": term,
        "uses": manage.term_use_count(term),
        "form": form,
        "groups": groups,
    }
    return render(request, "cases/manage/term.html", context)


# --- message templates -------------------------------------------------------------------------------------------
def _language_or_404(language: str) -> str:
    if language not in LANGUAGE_NAMES:
        raise Http404
    return language


def _direction(language: str) -> str:
    return "rtl" if language == "ar" else "ltr"


@never_cache
@role_required(Role.COORDINATOR)
def templates(request: HttpRequest) -> HttpResponse:
    """Every template, with its current version in each language."""
    return render(
        request,
        "cases/manage/templates.html",
        {"rows": manage.template_overview(), "languages": LANGUAGE_NAMES},
    )


@never_cache
@role_required(Role.COORDINATOR)
def template_new(request: HttpRequest) -> HttpResponse:
    """Add a template: its code and its text in a first language."""
    form = TemplateNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = manage.template_add(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error("code", exc.message)
        else:
            messages.success(request, _("Template added. Write it in the other languages too."))
            return redirect("cases:template_edit", code=version.code, language=version.language)
    return render(request, "cases/manage/template_new.html", {"form": form})


@never_cache
@role_required(Role.COORDINATOR)
def template_edit(request: HttpRequest, code: str, language: str) -> HttpResponse:
    """A template in one language: "preview" shows the text as the reporter will read it (nothing saved);
    "save" makes it a new version."""
    language = _language_or_404(language)
    if not manage.template_exists(code):
        raise Http404
    current = manage.template_in(code, language)
    initial = {"title": current.title, "body": current.body} if current else {}
    form = TemplateForm(request.POST or None, language=language, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = form.cleaned_data
        else:
            try:
                version = manage.template_save(actor=request.user, code=code, language=language, **form.cleaned_data)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if version is None:
                    messages.info(request, _("Nothing changed: this is the current text already."))
                else:
                    messages.success(request, _("Saved as version %(version)d.") % {"version": version.version})
                return redirect("cases:template_edit", code=code, language=language)
    context = {
        "code": code,
        "label": manage.template_label(code),
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "languages": LANGUAGE_NAMES,
        "direction": _direction(language),
        "current": current,
        "form": form,
        "preview": preview,
    }
    return render(request, "cases/manage/template_edit.html", context)


@never_cache
@role_required(Role.COORDINATOR)
def template_history(request: HttpRequest, code: str, language: str) -> HttpResponse:
    """Every version of a template in one language, with who wrote it and when; "restore" makes one current."""
    language = _language_or_404(language)
    if not manage.template_exists(code):
        raise Http404
    if request.method == "POST":
        number = request.POST.get("version", "")
        try:
            if not number.isdigit():
                raise ApplicationError(_("There is no such version."))
            version = manage.template_restore(actor=request.user, code=code, language=language, version=int(number))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            if version is None:
                messages.info(request, _("Nothing changed: this is the current text already."))
            else:
                messages.success(request, _("Restored as version %(version)d.") % {"version": version.version})
        return redirect("cases:template_history", code=code, language=language)
    versions = manage.template_history(code=code, language=language)
    builtin = manage.template_version_text(code=code, language=language, version=0)
    current = manage.template_in(code, language)
    now = (current.title, current.body) if current else None
    # Restoring a text that is the current one would add nothing: no button for it.
    restorable = {row.version for row in versions if (row.title, row.body) != now}
    if builtin is not None and (builtin.title, builtin.body) != now:
        restorable.add(0)
    context = {
        "code": code,
        "label": manage.template_label(code),
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "direction": _direction(language),
        "versions": versions,
        "builtin": builtin,
        "current": current,
        "restorable": restorable,
    }
    return render(request, "cases/manage/template_history.html", context)
