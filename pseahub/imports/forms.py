from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import BY_KEY, field_choices


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tracker file"),
        help_text=_("An Excel workbook (.xlsx, .xls), an OpenDocument sheet (.ods) or a CSV file."),
    )


class ColumnsForm(forms.Form):
    """One select per column of the file: the record field it fills."""

    def __init__(self, *args: Any, columns: list[str], mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, name in enumerate(columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=name, choices=field_choices(), required=False, initial=mapping.get(str(index), "")
            )

    def mapping(self) -> dict[int, str]:
        return {int(name.removeprefix("col_")): value for name, value in self.cleaned_data.items()}


class ValuesForm(forms.Form):
    """One select per distinct value of a vocabulary column: the option it stands for, or nothing."""

    def __init__(
        self,
        *args: Any,
        groups: list[tuple[str, list[dict[str, Any]]]],
        options: dict[str, dict[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys: dict[str, tuple[str, str]] = {}
        self.groups: list[tuple[Any, list[forms.BoundField]]] = []
        for key, entries in groups:
            choices = [("", _("— leave empty —")), *options.get(key, {}).items()]
            bound = []
            for position, entry in enumerate(entries):
                name = f"{key}__{position}"
                self.keys[name] = (key, entry["value"])
                self.fields[name] = forms.ChoiceField(
                    label=f"{entry['shown']} ({entry['count']})",
                    choices=choices,
                    required=False,
                    initial=entry["code"],
                    help_text="" if entry["known"] or entry["mapped"] else _("Unknown value"),
                )
                bound.append(self[name])
            self.groups.append((BY_KEY[key].label, bound))

    def values(self) -> dict[str, dict[str, str]]:
        chosen: dict[str, dict[str, str]] = {}
        for name, value in self.cleaned_data.items():
            key, raw = self.keys[name]
            chosen.setdefault(key, {})[raw] = value
        return chosen


class StartForm(forms.Form):
    valid_only = forms.BooleanField(
        label=_("Import only the valid rows (the rows with errors are left out; download them below)"), required=False
    )


class RejectedForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")], initial="xlsx", label=_("Format"))
