"""What the registries' edit pages share (mechanisms and services): hand a valid form to the registry's writer
and bring its errors back beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ValidationError

from pseahub.core.forms import service_errors_add

Entry = TypeVar("Entry")


class RegistryForm(Protocol):
    fields: dict[str, Any]

    def is_valid(self) -> bool: ...
    def data_for_service(self) -> dict[str, Any]: ...
    def add_error(self, field: str | None, error: Any) -> None: ...


def registry_form_save(
    form: RegistryForm,
    entry: Entry | None,
    *,
    create: Callable[..., Entry],
    update: Callable[..., Entry],
) -> Entry | None:
    """``create(areas=…, **data)`` or ``update(entry, areas=…, **data)`` from a valid form; ``None`` when the form
    or the writer found errors (they are on the form)."""
    if not form.is_valid():
        return None
    data = form.data_for_service()
    areas = data.pop("areas")
    try:
        if entry is None:
            return create(areas=areas, **data)
        return update(entry, areas=areas, **data)
    except ValidationError as error:
        service_errors_add(form, error)  # type: ignore[arg-type]
        return None
