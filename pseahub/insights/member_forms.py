"""The forms of members' own figures: a quarter's counts (one field per category, grouped as the platform counts)
and the choice of a quarter. The checks are ``members.counts_problems``, the same the service applies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import members

NOTE_HELP = _(
    "If you correct figures, say what you changed and why, in a few words. No names, places, dates or other "
    "details of a case."
)


def _field_name(group: str, code: str) -> str:
    return f"{group}__{code}"


@dataclass
class FieldGroup:
    """One fieldset of the form: a group's fields and the problems with its totals."""

    key: str
    title: str
    fields: list[Any]
    errors: list[str] = field(default_factory=list)


class MemberReturnForm(forms.Form):
    """Every category of every group (``members.GROUPS``) as a whole number from 0, and a note."""

    note = forms.CharField(
        label=_("What was corrected (optional)"),
        required=False,
        max_length=500,
        help_text=NOTE_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, counts: members.Counts | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counts = counts or members.counts_empty()
        note = self.fields.pop("note")
        self.group_errors: dict[str, list[str]] = {group.key: [] for group in members.GROUPS}
        for group in members.GROUPS:
            for code, label in group.rows():
                self.fields[_field_name(group.key, code)] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    max_value=members.MAX_COUNT,
                    initial=counts.get(group.key, {}).get(code, 0),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                    error_messages={
                        "required": _("Give a number (0 when there is none)."),
                        "invalid": _("Give a whole number."),
                        "min_value": _("Counts cannot be negative."),
                    },
                )
        self.fields["note"] = note

    def counts(self) -> members.Counts:
        data = self.cleaned_data
        return {
            group.key: {code: data[_field_name(group.key, code)] for code, _label in group.rows()}
            for group in members.GROUPS
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(self.has_error(name) for name in self.fields if name != "note"):
            return data  # each field shows its own error first
        for group, message in members.counts_problems(self.counts()):
            self.group_errors.setdefault(group, []).append(message)
            self.add_error(None, message)
        return data

    def groups(self) -> list[FieldGroup]:
        """The fieldsets to show, each with its fields and the problems with its totals."""
        return [
            FieldGroup(
                key=group.key,
                title=str(group.title),
                fields=[self[_field_name(group.key, code)] for code, _label in group.rows()],
                errors=self.group_errors.get(group.key, []),
            )
            for group in members.GROUPS
        ]


class QuarterForm(forms.Form):
    """Which quarter the overview shows (from the query string, so it can be bookmarked)."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = members.Quarter.current().year
        years = range(this_year, max(members.FIRST_YEAR, this_year - 10) - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["quarter"].choices = [  # type: ignore[attr-defined]
            (quarter, gettext("Q%(quarter)d") % {"quarter": quarter}) for quarter in range(1, 5)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, quarter = data.get("year"), data.get("quarter")
        if year and quarter and members.Quarter(year, quarter) > members.Quarter.current():
            self.add_error("quarter", _("This quarter has not begun yet."))
        return data

    def chosen(self) -> members.Quarter:
        return members.Quarter(self.cleaned_data["year"], self.cleaned_data["quarter"])
