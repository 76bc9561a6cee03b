"""Background tasks of the core: sending e-mail off the request path."""

from __future__ import annotations

from django_tasks import task


@task()
def email_send(*, to: str, subject: str, body: str) -> None:
    from .notify import email_deliver

    email_deliver(to=to, subject=subject, body=body)
