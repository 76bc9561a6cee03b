"""The GET filters of the gap table and the choice of measure of the coverage map. Unknown values are form errors,
and then ignored (the page shows everything)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area

from .gaps import GapFilters, GapKind, Severity
from .models import PopulationAge, PopulationDisability, PopulationSex


def _area_choices(areas: list[Area]) -> list[tuple[str, str]]:
    """Each region followed by its districts, indented."""
    regions = sorted((a for a in areas if a.admin_level == 1), key=lambda a: a.pcode)
    choices: list[tuple[str, str]] = [("", str(_("All areas")))]
    for region in regions:
        choices.append((region.pcode, region.display_name()))
        for district in sorted(
            (a for a in areas if a.admin_level == 2 and (a.parent_id == region.pk or a.pcode.startswith(region.pcode))),
            key=lambda a: a.pcode,
        ):
            choices.append((district.pcode, "\u2003" + district.display_name()))
    return choices


def _without_all(choices: list[tuple[str, Any]], everyone: Any) -> list[tuple[str, Any]]:
    return [("", everyone), *[(value, label) for value, label in choices if value != "all"]]


class GapFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    kind = forms.ChoiceField(label=_("Gap"), choices=[("", _("All gaps")), *GapKind.choices], required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", _("All severities")), *Severity.choices], required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=_without_all(PopulationSex.choices, _("All")), required=False)
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=_without_all(PopulationAge.choices, _("All ages")), required=False
    )
    disability = forms.ChoiceField(
        label=_("Disability"),
        choices=_without_all(PopulationDisability.choices, _("With or without disabilities")),
        required=False,
    )

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._areas = {area.pcode: area for area in areas}
        cast(forms.ChoiceField, self.fields["area"]).choices = _area_choices(areas)

    def filters(self) -> GapFilters:
        """The valid filters; an invalid or empty one keeps everything."""
        if not self.is_bound:
            return GapFilters()
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        return GapFilters(
            area=self._areas.get(data.get("area") or ""),
            kind=data.get("kind") or "",
            severity=data.get("severity") or "",
            sex=data.get("sex") or "",
            age_group=data.get("age_group") or "",
            disability=data.get("disability") or "",
        )
