from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area

from .models import ServiceType


def _area_choices() -> list[tuple[str, str | Promise]]:
    # Countries first, then each area followed by the areas inside it (p-codes nest by prefix), indented.
    areas = sorted(
        Area.objects.only("pcode", "name", "name_local", "admin_level"), key=lambda a: (a.admin_level > 0, a.pcode)
    )
    return [("", _("All areas"))] + [(area.pcode, "\u2003" * area.admin_level + area.display_name()) for area in areas]


class DirectoryFilterForm(forms.Form):
    """The public directory's filters (GET). Unknown values are form errors, and then ignored."""

    type = forms.ChoiceField(
        label=_("Type of help"), choices=[("", _("All types")), *ServiceType.choices], required=False
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One query, when the form is built (not once per validation and once per rendering).
        cast(forms.ChoiceField, self.fields["area"]).choices = _area_choices()

    def filters(self) -> tuple[str | None, Area | None]:
        """The valid filters as (service type, area); an invalid or empty one is None."""
        if not self.is_bound:
            return None, None
        self.is_valid()  # fills cleaned_data with the fields that are valid
        service_type = self.cleaned_data.get("type") or None
        pcode = self.cleaned_data.get("area")
        return service_type, Area.objects.filter(pcode=pcode).first() if pcode else None
