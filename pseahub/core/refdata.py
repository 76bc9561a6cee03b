"""Small reference tables that nearly every page reads (areas, organisations, vocabulary terms), kept in each
process for a short time instead of being queried by every form on every request.

A save or delete through the ORM in this process forgets the table at once; other processes (the other web
workers, the task worker) see the change within ``REFERENCE_TTL`` seconds. These tables change a few times a
year, through the admin, so a minute's delay is the price of not querying them on every public form.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from time import monotonic
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

REFERENCE_TTL = 60.0
# For the readers every new keyring is sealed to (the coordinators, the recovery key): kept only a few seconds,
# since they decide who can open what (see cases.services.COORDINATORS, vault.services.ACTIVE_RECOVERY_KEY).
READERS_TTL = 5.0

_tables: list[ReferenceTable[Any]] = []


class ReferenceTable(Generic[M]):
    """The rows ``load()`` returns, reloaded after ``ttl`` seconds (``REFERENCE_TTL`` unless given) or when one
    of ``models`` is saved or deleted in this process."""

    def __init__(
        self,
        load: Callable[[], Iterable[M]],
        *,
        models: Iterable[type[models.Model]],
        ttl: float = REFERENCE_TTL,
    ) -> None:
        self._load = load
        self._ttl = ttl
        self._rows: list[M] | None = None
        self._loaded_at = 0.0
        self._version = 0  # changes whenever the kept rows do (see kept_version)
        self._lock = threading.Lock()
        for model in models:
            post_save.connect(self._changed, sender=model, weak=False)
            post_delete.connect(self._changed, sender=model, weak=False)
        _tables.append(self)

    def rows(self) -> list[M]:
        rows = self._rows
        if rows is not None and monotonic() - self._loaded_at < self._ttl:
            return rows
        rows = list(self._load())
        # Rows read inside a transaction may yet roll back (a test's, or an admin's failed save): used, not kept.
        if not transaction.get_connection().in_atomic_block:
            with self._lock:
                self._rows, self._loaded_at = rows, monotonic()
                self._version += 1
        return rows

    def kept_version(self) -> int | None:
        """A number that changes whenever the rows kept here change (reloaded or forgotten); None when no fresh
        rows are kept. For caches of what is rendered from the rows (``intake.pages``)."""
        if self._rows is None or monotonic() - self._loaded_at >= self._ttl:
            return None
        return self._version

    def forget(self) -> None:
        with self._lock:
            self._rows = None
            self._version += 1

    def _changed(self, **_kwargs: Any) -> None:
        self.forget()


def reference_tables_forget() -> None:
    """Forget every table (tests, after loading data in bulk)."""
    for table in _tables:
        table.forget()


class ReferenceChoiceField(forms.ChoiceField, Generic[M]):
    """A choice among a reference table's rows: rendered and validated without a query; cleans to the row.

    ``value_of`` gives the submitted value of a row (its primary key, or a code), ``label_of`` its text in the
    current language (evaluated when the form is rendered, so each reader sees their own language).
    """

    default_error_messages = {
        "invalid_choice": _("Select a valid choice. That choice is not one of the available choices.")
    }

    def __init__(
        self,
        *,
        rows: Callable[[], Iterable[M]],
        value_of: Callable[[M], str] = lambda row: str(row.pk),
        label_of: Callable[[M], str] = str,
        empty_label: Any = "---------",
        required: bool = False,
        **kwargs: Any,
    ) -> None:
        self.rows, self.row_value, self.row_label, self.empty_label = rows, value_of, label_of, empty_label
        super().__init__(choices=self._choices, required=required, **kwargs)

    def _choices(self) -> list[tuple[str, Any]]:
        return [("", self.empty_label), *((self.row_value(row), self.row_label(row)) for row in self.rows())]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, models.Model):
            return self.row_value(value)  # type: ignore[arg-type]
        return value

    def to_python(self, value: Any) -> M | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, models.Model):
            return value  # type: ignore[return-value]
        wanted = str(value)
        for row in self.rows():
            if self.row_value(row) == wanted:
                return row
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # required or not; the choice itself was checked by to_python

    def has_changed(self, initial: Any, data: Any) -> bool:
        if self.disabled:
            return False
        return str(self.prepare_value(initial) or "") != str(data or "")
