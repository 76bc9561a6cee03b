"""The forms of the system-wide view: a country's return file to import, and the quarter to show."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .members import Quarter


class ReturnUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Return file"),
        help_text=_(
            "A country network's quarterly return to UN Headquarters as it exported it: the JSON file, or the CSV "
            "file with HXL hashtags. At most 2 MB."
        ),
    )


def quarter_value(quarter: Quarter) -> str:
    return f"{quarter.year}-Q{quarter.quarter}"


class SystemwideQuarterForm(forms.Form):
    """Which quarter the view by country shows (from the query string, so it can be bookmarked): one of the
    quarters some country sent a return for."""

    quarter = forms.ChoiceField(label=_("Quarter"))

    def __init__(self, *args: Any, quarters: list[Quarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = {quarter_value(quarter): quarter for quarter in quarters}
        self.fields["quarter"].choices = [(value, quarter.label) for value, quarter in self.quarters.items()]  # type: ignore[attr-defined]

    def chosen(self) -> Quarter | None:
        """The quarter asked for; the latest with returns when none (or one without returns) was asked for."""
        if self.is_bound and self.is_valid():
            return self.quarters[self.cleaned_data["quarter"]]
        return next(iter(self.quarters.values()), None)
