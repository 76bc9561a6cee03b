"""Coordinators manage the vocabularies and the message templates to reporters (``views_manage``).

Vocabularies: terms are added, relabelled, reordered, retired and reactivated; a term is deleted only when no
record uses it (every foreign key to ``Term``, found from the model's relations so that a new one is counted
too). A retired term leaves the choice lists of new records (``selectors.terms_active``) and stays on the
records that have it.

Message templates: every save is a new ``MessageTemplateVersion`` that becomes the current one for its (code,
language); "restore" saves an earlier version's text (or the built-in one, version 0) as a new version. Saving
the text that is already current adds nothing, so repeating a POST changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError

from .message_templates import (
    CURRENT_VERSIONS,
    TEMPLATES,
    TemplateText,
    builtin_text,
    template_codes,
    template_in,
    template_label,
)
from .models import MessageTemplateVersion, Term, Vocabulary

LANGUAGES: list[str] = [code for code, _name in settings.LANGUAGES]
# A term's code: lower-case letters and digits joined by "_" or "-"; a trailing "+" for an open age range ("61+").
TERM_CODE_RE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*\+?$")
TEMPLATE_CODE_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


# --- vocabularies: selectors ------------------------------------------------------------------------------------
def term_relations() -> list[models.ForeignKey[Any, Any]]:
    """Every foreign key to ``Term`` in the project (cases, referrals, and whatever comes later).

    ``Term._meta.related_objects`` leaves out relations named "+" (all of ours), so the hidden ones are asked for.
    """
    fields = []
    for relation in Term._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and isinstance(relation.remote_field, models.ForeignKey):
            fields.append(relation.remote_field)
    return fields


def term_uses(terms: Iterable[Term]) -> dict[int, int]:
    """How many records use each term (one query per relation), by term id; 0 for unused ones."""
    ids = [term.pk for term in terms]
    uses = dict.fromkeys(ids, 0)
    for field in term_relations():
        rows = (
            field.model._default_manager.filter(**{f"{field.name}__in": ids})
            .values(field.attname)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            uses[row[field.attname]] += row["n"]
    return uses


def term_use_count(term: Term) -> int:
    return term_uses([term])[term.pk]


@dataclass(frozen=True)
class VocabularyRow:
    vocabulary: Vocabulary
    active: int
    retired: int


def vocabulary_overview() -> list[VocabularyRow]:
    """Each vocabulary with its number of active and retired terms (one query)."""
    counts: dict[tuple[str, bool], int] = {
        (row["vocabulary"], row["is_active"]): row["n"]
        for row in Term.objects.values("vocabulary", "is_active").annotate(n=Count("pk")).order_by()
    }
    return [
        VocabularyRow(
            vocabulary=vocabulary,
            active=counts.get((vocabulary, True), 0),
            retired=counts.get((vocabulary, False), 0),
        )
        for vocabulary in Vocabulary
    ]


@dataclass(frozen=True)
class TermRow:
    term: Term
    uses: int


def vocabulary_terms(vocabulary: str) -> list[TermRow]:
    """A vocabulary's terms in order, active and retired, each with how many records use it."""
    terms = list(Term.objects.filter(vocabulary=vocabulary))
    uses = term_uses(terms)
    return [TermRow(term=term, uses=uses[term.pk]) for term in terms]


def vocabulary_groups(vocabulary: str) -> list[str]:
    """The groups a vocabulary's terms already use (suggested when adding one)."""
    return sorted(set(Term.objects.filter(vocabulary=vocabulary).exclude(group="").values_list("group", flat=True)))


# --- vocabularies: services -------------------------------------------------------------------------------------
def _labels(en: str, fr: str, ar: str) -> dict[str, str]:
    labels = {"en": en.strip(), "fr": fr.strip(), "ar": ar.strip()}
    if not labels["en"]:
        raise ApplicationError(_("The English label is required."))
    return {language: label for language, label in labels.items() if label}


@transaction.atomic
def term_add(
    *, actor: Any, vocabulary: str, code: str, en: str, fr: str = "", ar: str = "", group: str = "", sort_order: int = 0
) -> Term:
    if vocabulary not in Vocabulary.values:
        raise ApplicationError(_("Unknown vocabulary."))
    code = code.strip()
    if not TERM_CODE_RE.fullmatch(code) or len(code) > 48:
        raise ApplicationError(
            _("Use lower-case letters and digits, joined by _ or - (at most 48 characters), e.g. forced_labour.")
        )
    if Term.objects.filter(vocabulary=vocabulary, code=code).exists():
        raise ApplicationError(_("This vocabulary already has a term with this code."))
    term = Term(
        vocabulary=vocabulary, code=code, labels=_labels(en, fr, ar), group=group.strip(), sort_order=sort_order
    )
    try:
        with transaction.atomic():
            term.save()
    except IntegrityError as exc:  # added at the same moment by someone else
        raise ApplicationError(_("This vocabulary already has a term with this code.")) from exc
    record(actor=actor, action=Action.TERM_ADDED, target=term, data={"vocabulary": vocabulary, "code": code})
    return term


@transaction.atomic
def term_update(
    *, actor: Any, term: Term, en: str, fr: str = "", ar: str = "", group: str = "", sort_order: int = 0
) -> Term:
    term = Term.objects.select_for_update().get(pk=term.pk)
    new = {"labels": _labels(en, fr, ar), "group": group.strip(), "sort_order": sort_order}
    changed = [name for name, value in new.items() if getattr(term, name) != value]
    if not changed:
        return term
    for name in changed:
        setattr(term, name, new[name])
    term.save(update_fields=changed)
    record(
        actor=actor,
        action=Action.TERM_UPDATED,
        target=term,
        data={"vocabulary": term.vocabulary, "code": term.code, "fields": changed},
    )
    return term


@transaction.atomic
def term_set_active(*, actor: Any, term: Term, active: bool) -> Term:
    """Retire (no longer offered for new records; kept on the ones that have it) or reactivate a term."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    if term.is_active == active:
        return term
    term.is_active = active
    term.save(update_fields=["is_active"])
    record(
        actor=actor,
        action=Action.TERM_REACTIVATED if active else Action.TERM_RETIRED,
        target=term,
        data={"vocabulary": term.vocabulary, "code": term.code},
    )
    return term


@transaction.atomic
def term_delete(*, actor: Any, term: Term) -> None:
    """Delete a term no record has ever used; a term in use can only be retired."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    uses = term_use_count(term)
    if uses:
        raise ApplicationError(
            _(
                "This term is used by %(count)d record(s), so it cannot be deleted: retire it instead. "
                "It then leaves the lists for new records and stays on the records that have it."
            )
            % {"count": uses}
        )
    target, data = term, {"vocabulary": term.vocabulary, "code": term.code}
    record(actor=actor, action=Action.TERM_DELETED, target=target, data=data)
    try:
        with transaction.atomic():
            term.delete()
    except models.ProtectedError as exc:  # a record took it up in the meantime
        raise ApplicationError(_("This term is in use, so it cannot be deleted: retire it instead.")) from exc


# --- message templates: selectors -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TemplateRow:
    code: str
    label: str
    builtin: bool
    texts: list[tuple[str, TemplateText | None]]  # per language in LANGUAGES order


def template_overview() -> list[TemplateRow]:
    """Every template (built-in, then added ones) with, per language, its current text and version."""
    return [
        TemplateRow(
            code=code,
            label=template_label(code),
            builtin=code in TEMPLATES,
            texts=[(language, template_in(code, language)) for language in LANGUAGES],
        )
        for code in template_codes()
    ]


def template_exists(code: str) -> bool:
    return code in TEMPLATES or MessageTemplateVersion.objects.filter(code=code).exists()


def template_history(*, code: str, language: str) -> list[MessageTemplateVersion]:
    """Every version of a template in one language, latest first."""
    return list(
        MessageTemplateVersion.objects.filter(code=code, language=language)
        .select_related("created_by")
        .order_by("-version")
    )


def template_version_text(*, code: str, language: str, version: int) -> TemplateText | None:
    """The text of one version (0: the built-in text), or None when there is no such version."""
    if version == 0:
        return builtin_text(code, language)
    row = MessageTemplateVersion.objects.filter(code=code, language=language, version=version).first()
    if row is None:
        return None
    return TemplateText(code=code, language=language, title=row.title, body=row.body, version=row.version)


# --- message templates: services --------------------------------------------------------------------------------
def _check_template(code: str, language: str, title: str, body: str) -> None:
    if not TEMPLATE_CODE_RE.fullmatch(code) or len(code) > 48:
        raise ApplicationError(_("Use lower-case letters and digits joined by _ (at most 48 characters)."))
    if language not in LANGUAGES:
        raise ApplicationError(_("Unknown language."))
    if not title.strip() or not body.strip():
        raise ApplicationError(_("Write a title and a text."))


@transaction.atomic
def template_save(
    *, actor: Any, code: str, language: str, title: str, body: str, restored_from: int | None = None
) -> MessageTemplateVersion | None:
    """Save a new current version of (code, language); None when the text is the current one already."""
    title, body = title.strip(), body.strip()
    _check_template(code, language, title, body)
    versions = MessageTemplateVersion.objects.select_for_update().filter(code=code, language=language)
    latest = versions.order_by("-version").first()
    current = versions.filter(is_current=True).first()
    if current is not None:
        unchanged = (current.title, current.body) == (title, body)
    else:
        builtin = builtin_text(code, language)
        unchanged = builtin is not None and (builtin.title, builtin.body) == (title, body)
    if unchanged:
        return None
    versions.filter(is_current=True).update(is_current=False)
    try:
        with transaction.atomic():
            version = MessageTemplateVersion.objects.create(
                code=code,
                language=language,
                title=title,
                body=body,
                version=(latest.version if latest else 0) + 1,
                restored_from=restored_from,
                is_current=True,
                created_by=actor,
            )
    except IntegrityError as exc:  # another coordinator saved the same template at the same moment
        raise ApplicationError(_("Someone saved this template at the same moment. Look at it again.")) from exc
    record(
        actor=actor,
        action=Action.MESSAGE_TEMPLATE_SAVED if restored_from is None else Action.MESSAGE_TEMPLATE_RESTORED,
        target=version,
        data={"code": code, "language": language, "version": version.version, "restored_from": restored_from},
    )
    transaction.on_commit(CURRENT_VERSIONS.forget)
    return version


def template_restore(*, actor: Any, code: str, language: str, version: int) -> MessageTemplateVersion | None:
    """Make an earlier version's text (0: the built-in text) current again, as a new version."""
    text = template_version_text(code=code, language=language, version=version)
    if text is None:
        raise ApplicationError(_("There is no such version."))
    return template_save(
        actor=actor, code=code, language=language, title=text.title, body=text.body, restored_from=version
    )


def template_add(*, actor: Any, code: str, language: str, title: str, body: str) -> MessageTemplateVersion:
    """A new template, first written in one language; the other languages are added from its page."""
    code = code.strip()
    if template_exists(code):
        raise ApplicationError(_("A template with this code exists already."))
    version = template_save(actor=actor, code=code, language=language, title=title, body=body)
    if version is None:  # cannot happen: a new code has no current text to be equal to
        raise ApplicationError(_("A template with this code exists already."))
    return version
