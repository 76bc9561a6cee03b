"""The forms that ask for a report: the periodic report to leadership or the donor report (a period and
filters), and the quarterly return to UN Headquarters (a quarter, the whole network)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pseahub.network.models import Area, OrganisationType
from pseahub.network.selectors import network_settings_get

from .hq_file import country_ok
from .models import ReportFormat, ReportKind
from .reports import last_full_quarter, quarter_end, quarter_label, quarter_start

QUARTERS_OFFERED = 8
MISSING_COUNTRY = _(
    "Set the network's country (ISO alpha-3) in the network settings first: the machine-readable return (JSON, "
    "CSV) names it. Without it, choose PDF or XLSX only."
)


class _ReportParameters(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=[(ReportFormat.PDF.value, ReportFormat.PDF.label), (ReportFormat.XLSX.value, ReportFormat.XLSX.label)],
        initial=[ReportFormat.PDF, ReportFormat.XLSX],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one format.")},
    )

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language


class ReportForm(_ReportParameters):
    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[(ReportKind.LEADERSHIP, ReportKind.LEADERSHIP.label), (ReportKind.DONOR, ReportKind.DONOR.label)],
    )
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=pgettext_lazy("end of a period", "To"), widget=forms.DateInput(attrs={"type": "date"}))
    area = forms.ChoiceField(label=_("Area"), required=False)
    organisation_type = forms.ChoiceField(
        label=_("Type of concerned organisation"),
        required=False,
        choices=[("", _("Any")), *list(OrganisationType.choices)],
    )
    field_order = ["kind", "start", "end", "area", "organisation_type", "language", "formats"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(admin_level=1).order_by("name")
        self.fields["area"].choices = [("", _("Everywhere")), *[(a.pcode, a.display_name()) for a in areas]]  # type: ignore[attr-defined]
        start, end = last_full_quarter()
        self.fields["start"].initial, self.fields["end"].initial = start, end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period is before its start."))
        return data

    def parameters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "language": data["language"],
            "start": data["start"],
            "end": data["end"],
            "formats": data["formats"],
            "filters": {"area": data.get("area") or "", "organisation_type": data.get("organisation_type") or ""},
        }


# The HQ return is also made as the machine-readable file (README.md, "The HQ return file").
HQ_FORMATS = [ReportFormat.PDF, ReportFormat.XLSX, ReportFormat.JSON, ReportFormat.CSV]
MACHINE_FORMATS = {ReportFormat.JSON.value, ReportFormat.CSV.value}


class HQReturnForm(_ReportParameters):
    quarter = forms.ChoiceField(label=_("Quarter"))
    field_order = ["quarter", "language", "formats"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        formats = self.fields["formats"]
        formats.choices = [(fmt.value, fmt.label) for fmt in HQ_FORMATS]  # type: ignore[attr-defined]
        formats.initial = [fmt.value for fmt in HQ_FORMATS]
        start = quarter_start(timezone.localdate())
        choices = []
        for _step in range(QUARTERS_OFFERED):
            choices.append((start.isoformat(), quarter_label(start)))
            start = quarter_start(start - dt.timedelta(days=1))
        self.fields["quarter"].choices = choices  # type: ignore[attr-defined]
        self.fields["quarter"].initial = last_full_quarter()[0].isoformat()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if MACHINE_FORMATS & set(data.get("formats") or []) and not country_ok(network_settings_get().country_code):
            self.add_error("formats", MISSING_COUNTRY)
        return data

    def parameters(self) -> dict[str, Any]:
        start = dt.date.fromisoformat(self.cleaned_data["quarter"])
        return {
            "kind": ReportKind.HQ_QUARTERLY,
            "language": self.cleaned_data["language"],
            "start": start,
            "end": quarter_end(start),
            "formats": self.cleaned_data["formats"],
        }
