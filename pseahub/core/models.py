"""Shared model base: every object gets a UUID that URLs use instead of the integer primary key."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Abstract base with a public UUID and creation/update times."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Counter(models.Model):
    """A shared counter for rate limits (``pseahub.core.counters``) when no Redis is configured.

    Django's database cache increments by reading then writing, so two workers can lose an update; this
    table is incremented by one atomic statement instead. ``expires_at`` is in Unix seconds.
    """

    name = models.CharField(max_length=200, primary_key=True)
    value = models.BigIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "counter"

    def __str__(self) -> str:
        return self.name
