"""The dashboard's filters, read from the query string so that a view can be bookmarked and shared."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area, OrganisationType

from .counting import Filters


class FiltersForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
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
        return data

    def filters(self) -> Filters:
        """The filters chosen, the last twelve months by default (valid forms only)."""
        default = Filters.last_months(12)
        data = self.cleaned_data
        return Filters(
            start=data.get("start") or default.start,
            end=data.get("end") or default.end,
            area=data.get("area") or "",
            organisation_type=data.get("organisation_type") or "",
        )
