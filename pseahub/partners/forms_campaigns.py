"""The forms of the campaigns and key messages pages (usable without JavaScript: checkboxes, no widgets that need
scripts). They validate input; the services in ``campaigns.py`` check the rules."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Area

from .campaigns import CAMPAIGN_FIELDS, SUGGESTED_LANGUAGES
from .models import Campaign, CampaignChannel, KeyMessage, KeyMessageText

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _Submission(forms.ModelForm):
    """``submission`` makes a repeated "add" safe (it becomes the public id); the services validate the model."""

    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self.fields["submission"].initial = uuid.uuid4()

    def _post_clean(self) -> None:
        pass

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or [] if name in self.cleaned_data}


class KeyMessageForm(_Submission):
    class Meta:
        model = KeyMessage
        fields = ["topic", "title", "is_public"]


class KeyMessageTextForm(forms.ModelForm):
    """The message in one language; a language it has already replaces that text."""

    class Meta:
        model = KeyMessageText
        fields = ["language_code", "language_name", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hints = ", ".join(f"{code} = {name}" for code, name in SUGGESTED_LANGUAGES)
        self.fields["language_code"].help_text = _("For example: %(codes)s.") % {"codes": hints}

    def _post_clean(self) -> None:
        pass


class _AreaChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name())


class CampaignForm(_Submission):
    areas = _AreaChoices(
        label=_("Regions"), queryset=Area.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels and materials used"), choices=CampaignChannel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    messages = forms.ModelMultipleChoiceField(
        label=_("Key messages"), queryset=KeyMessage.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Campaign
        fields = list(CAMPAIGN_FIELDS)
        widgets = {"start": _DATE, "end": _DATE, "notes": forms.Textarea(attrs={"rows": 4}),
                   "materials": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["areas"]).queryset = Area.objects.filter(
            admin_level=1
        ).order_by("pcode")
        cast(forms.ModelMultipleChoiceField, self.fields["messages"]).queryset = KeyMessage.objects.all()
        if self.instance.pk is not None and not self.is_bound:
            self.initial["areas"] = list(self.instance.areas.all())
            self.initial["messages"] = list(self.instance.messages.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The campaign cannot end before it starts."))
        return data


class CampaignFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [("", _("All")), *((y, str(y)) for y in years)]

    def year_chosen(self) -> int | None:
        if not self.is_bound or not self.is_valid():
            return None
        return cast(int | None, self.cleaned_data.get("year"))
