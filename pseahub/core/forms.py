"""Form helpers shared by the apps' views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def service_errors_add(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: beside the field it names when the form has that field,
    at the top of the form otherwise (so that no error a service gives is lost on the way to the page)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
