"""The forms of the meetings pages: a meeting with its grid of participants (one number field per organisation,
usable without JavaScript), an action, an action's status, and the list's filter."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Organisation

from .meetings import NEXT_STATUSES, REPRESENTATION
from .models import ActionStatus, Meeting, MeetingAction, MeetingType

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PEOPLE = 500


class MeetingForm(forms.ModelForm):
    """The meeting; ``submission`` makes a repeated "record" safe (it becomes the public id). The participants'
    fields (``people_<organisation id>``) are added per organisation: every active one, and any inactive one that
    already took part."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = ["held_on", "type", "title", "location", "agenda", "minutes"]
        widgets = {
            "held_on": _DATE,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current: dict[int, int] = {}
        if self.instance.pk is not None:
            current = dict(self.instance.participations.values_list("organisation_id", "people"))
        elif not self.is_bound:
            self.fields["submission"].initial = uuid.uuid4()
        self.organisations: list[Organisation] = list(
            Organisation.objects.filter(Q(is_active=True) | Q(pk__in=list(current))).order_by("name")
        )
        for organisation in self.organisations:
            self.fields[self._name(organisation)] = forms.IntegerField(
                label=str(organisation),
                min_value=0,
                max_value=MAX_PEOPLE,
                required=False,
                initial=current.get(organisation.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
            )

    @staticmethod
    def _name(organisation: Organisation) -> str:
        return f"people_{organisation.pk}"

    def meeting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self._meta.fields or []]

    def participant_fields(self) -> list[tuple[Organisation, forms.BoundField]]:
        return [(organisation, self[self._name(organisation)]) for organisation in self.organisations]

    def _post_clean(self) -> None:
        # The services validate the model; nothing is written to the instance here.
        pass

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or [] if name in self.cleaned_data}

    def participants(self) -> dict[Organisation, int]:
        return {
            organisation: self.cleaned_data.get(self._name(organisation)) or 0 for organisation in self.organisations
        }


class ActionForm(forms.ModelForm):
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": _DATE}
        help_texts = {"description": _("What was decided; no names or details of any case.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        if not self.is_bound:
            self.fields["submission"].initial = uuid.uuid4()

    def _post_clean(self) -> None:
        pass


class ActionStatusForm(forms.Form):
    """An action's next status; ``back`` says which page to return to."""

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    back = forms.ChoiceField(
        choices=[("actions", "actions"), ("meeting", "meeting")], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, action: MeetingAction | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if action is not None:
            allowed = {action.status, *NEXT_STATUSES.get(action.status, ())}
            field = cast(forms.ChoiceField, self.fields["status"])
            field.choices = [(value, label) for value, label in ActionStatus.choices if value in allowed]
            field.initial = action.status


def meeting_type_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("All")),
        (REPRESENTATION, _("The coordinator's representation (HCT, clusters)")),
        *MeetingType.choices,
    ]


class MeetingFilterForm(forms.Form):
    """The list's type and year (GET); a value that is not one of the choices is ignored."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = meeting_type_choices()
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", _("All")), *((y, str(y)) for y in years)]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {"meeting_type": "", "year": None}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"meeting_type": data.get("type") or "", "year": data.get("year")}
