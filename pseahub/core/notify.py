"""E-mail notices. They carry a reference and a link, never a name, narrative or allegation detail: mail
servers, phones and inboxes are outside the vault."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notice_render(*, subject: Any, reference: str, path: str, language: str) -> tuple[str, str]:
    """Subject and body of a notice in ``language``. ``subject`` is a (lazy) translatable text with
    ``%(reference)s``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        message_subject = f"[PSEA Hub] {_(str(subject)) % {'reference': reference}}"
        body = _(
            "Something needs your attention in PSEA Hub: %(reference)s.\n\n"
            "Open it after signing in:\n%(link)s\n\n"
            "For confidentiality, this e-mail never contains case details."
        ) % {"reference": reference, "link": site_url(path)}
    return message_subject, body


def notice_send(*, recipients: Iterable[tuple[str, str]], subject: Any, reference: str, path: str) -> None:
    """Queue one notice per (e-mail, language) recipient, to go out only if the current transaction commits.

    A queue kept in the same database takes the notices inside the transaction: they commit or roll back with
    the change, in one commit instead of two. Any other queue gets them after the commit.
    """
    from .tasks import email_send

    batch = [(email, language) for email, language in recipients if email]
    if not batch:
        return

    def _queue() -> None:
        for email, language in batch:
            message_subject, body = notice_render(subject=subject, reference=reference, path=path, language=language)
            email_send.enqueue(to=email, subject=message_subject, body=body)

    if _queue_in_database() and transaction.get_connection().in_atomic_block:
        _queue()
    else:
        transaction.on_commit(_queue)


def _queue_in_database() -> bool:
    from django_tasks_db import DatabaseBackend

    from .tasks import email_send

    return isinstance(email_send.get_backend(), DatabaseBackend)


def email_deliver(*, to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()


def text_notice_send(
    *, recipients: Iterable[tuple[str, str]], subject: Any, body: Any, params: dict[str, Any] | None = None
) -> None:
    """Queue a notice whose subject and body are fixed translatable texts (``%(name)s`` filled from ``params``,
    plus ``%(link)s``, the site's address), in each recipient's language; sent only if the current transaction
    commits, like ``notice_send``. For notices about no case at all: never a name, an address or content."""
    from .tasks import email_send

    batch = [(email, language) for email, language in recipients if email]
    if not batch:
        return
    values = {"link": site_url("/"), **(params or {})}

    def _queue() -> None:
        for email, language in batch:
            with translation.override(language or settings.LANGUAGE_CODE):
                message_subject = f"[PSEA Hub] {_(str(subject)) % values}"
                message_body = _(str(body)) % values
            email_send.enqueue(to=email, subject=message_subject, body=message_body)

    if _queue_in_database() and transaction.get_connection().in_atomic_block:
        _queue()
    else:
        transaction.on_commit(_queue)


def count_notices_send(
    *, people: Iterable[Any], count_for: Callable[[Any], int], subject: Any, body: Any, link: str
) -> int:
    """The reminders' shape: to each of ``people`` (users) with an e-mail address whose ``count_for`` is not zero,
    one ``text_notice_send`` with that number (``%(count)s``) and ``link`` (``%(link)s``), nothing else. Returns
    how many notices were queued."""
    sent = 0
    for user in people:
        count = count_for(user)
        if not count or not user.email:
            continue
        text_notice_send(
            recipients=[(user.email, user.language)], subject=subject, body=body, params={"count": count, "link": link}
        )
        sent += 1
    return sent
