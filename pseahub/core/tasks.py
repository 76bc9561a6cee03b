"""Background tasks of the core: sending e-mail off the request path, again later when the server is down."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# Seconds to wait before each new attempt: a mail server that is down for up to about nine hours loses nothing.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600)


def _permanent(exc: Exception) -> bool:
    """A refusal that another attempt cannot change (a 5xx answer: no such mailbox, sender refused…)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


class EmailNotDelivered(Exception):  # noqa: N818 - what the task results list shows
    """This attempt failed; the message names the attempt and the error type, never an address or subject."""


@task()
def email_send(*, to: str, subject: str, body: str, attempt: int = 1) -> None:
    """Deliver one e-mail. A temporary failure (server unreachable, 4xx) queues the next attempt after a
    growing delay; a permanent refusal, or the last attempt, queues none. Each failed attempt is recorded as a
    failed task whose error names the attempt and the error type only."""
    from .notify import email_deliver

    try:
        email_deliver(to=to, subject=subject, body=body)
    except (smtplib.SMTPException, OSError) as exc:
        error = type(exc).__name__
        if _permanent(exc) or attempt > len(RETRY_DELAYS) or not email_send.get_backend().supports_defer:
            logger.error("e-mail not delivered, giving up after attempt %d: %s", attempt, error)
            raise EmailNotDelivered(f"attempt {attempt}: {error}; not tried again") from None
        retry_at = timezone.now() + dt.timedelta(seconds=RETRY_DELAYS[attempt - 1])
        email_send.using(run_after=retry_at).enqueue(to=to, subject=subject, body=body, attempt=attempt + 1)
        logger.warning("e-mail not delivered (attempt %d: %s); trying again at %s", attempt, error, retry_at)
        raise EmailNotDelivered(f"attempt {attempt}: {error}; trying again at {retry_at:%Y-%m-%d %H:%M} UTC") from None
