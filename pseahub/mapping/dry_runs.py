"""Between a dry run and its import: what the dry run found, signed into the page for the confirmation button, so
that nothing of the file is stored on the server. One user's dry run cannot be confirmed by another, an altered or
stale one not at all (the Kobo import and the sheet imports of the registries share this)."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.utils.translation import gettext as _

from pseahub.accounts.models import User
from pseahub.core.exceptions import ApplicationError

MAX_AGE = 3600  # an hour between the dry run and the confirmation


def dry_run_sign(payload: dict[str, Any], *, actor: User, salt: str) -> str:
    return signing.dumps({**payload, "actor": actor.pk}, salt=salt, compress=True)


def dry_run_unsign(token: str, *, actor: User, salt: str) -> dict[str, Any]:
    """The signed payload back; ``ApplicationError`` when it is altered, too old or another user's."""
    try:
        payload = signing.loads(token, salt=salt, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise ApplicationError(_("This dry run is more than an hour old: upload the file again.")) from None
    except signing.BadSignature:
        raise ApplicationError(_("This dry run cannot be used: upload the file again.")) from None
    if payload.get("actor") != actor.pk:
        raise ApplicationError(_("This dry run cannot be used: upload the file again."))
    return payload
