"""The forms of the registry imports (``views_imports``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Sheet"),
        help_text=_("An Excel workbook (.xlsx, .xls), an OpenDocument sheet (.ods) or a CSV file; 1 MB at most."),
    )


class SheetConfirmForm(forms.Form):
    """The checked file, signed for the person who checked it (valid for an hour)."""

    token = forms.CharField(widget=forms.HiddenInput)
