"""The dashboard's filters, read from the query string so that a view can be bookmarked and shared."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pseahub.network.models import Area, OrganisationType

from .counting import Filters

LONGEST_PERIOD_DAYS = 5 * 366  # a monthly trend of sixty months at most

PRESETS = {
    "last_12_months": Filters.last_months,
    "this_year": Filters.this_year,
    "last_quarter": Filters.last_quarter,
}


class FiltersForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("", _("Last 12 months, or the dates below")),
            ("last_12_months", _("Last 12 months")),
            ("this_year", _("This year")),
            ("last_quarter", _("Last quarter")),
        ],
        help_text=_("A period chosen here replaces the dates below."),
    )
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    organisation_type = forms.ChoiceField(
        label=_("Type of concerned organisation"),
        required=False,
        choices=[("", _("Any")), *list(OrganisationType.choices)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(admin_level=1).order_by("name")
        choices = [("", _("Everywhere")), *[(a.pcode, a.display_name()) for a in areas]]
        self.fields["area"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        elif start and not end and start > timezone.localdate():
            self.add_error("start", _("The start of the period is in the future."))
        elif start and (end or timezone.localdate()) - start > dt.timedelta(days=LONGEST_PERIOD_DAYS):
            self.add_error("start", _("The period can be at most five years long."))
        return data

    def filters(self) -> Filters:
        """The filters chosen. A field with an error (or left empty) falls back to its default: the last twelve
        months, everywhere, any type of organisation; the other fields keep what was chosen."""
        if self.is_bound:
            self.is_valid()  # fills cleaned_data with the valid fields and errors with the others
        data = getattr(self, "cleaned_data", {})
        default = Filters.last_months(12)
        preset = PRESETS.get(data.get("period") or "")
        if preset is not None:
            period = preset()
            start, end = period.start, period.end
        elif "start" in self.errors or "end" in self.errors:
            start, end = default.start, default.end
        else:
            start, end = data.get("start") or default.start, data.get("end") or default.end
            if start > end:  # only a start after today, with no end: fall back as for an error
                start, end = default.start, default.end
        return Filters(
            start=start,
            end=end,
            area=data.get("area") or "",
            organisation_type=data.get("organisation_type") or "",
        )
