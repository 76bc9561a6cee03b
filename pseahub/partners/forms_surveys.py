"""The survey's forms: the upload for a dry run, an indicator, a question's mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SurveyIndicator, SurveyQuestion
from .surveys_files import MAX_BYTES


class SurveyUploadForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the survey"), min_value=2000, max_value=2100)
    title = forms.CharField(
        label=_("Title"), max_length=200, required=False, help_text=_("Blank: the XLSForm's title.")
    )
    export = forms.FileField(
        label=_("Kobo export (XLSX or CSV)"),
        help_text=_("One row per respondent, with XML names or labels as headers."),
    )
    xlsform = forms.FileField(label=_("XLSForm (XLSX)"), help_text=_("The form of this survey, with its choices."))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("export", "xlsform"):
            upload = cleaned.get(name)
            if upload is not None and upload.size > MAX_BYTES:
                self.add_error(name, _("This file is larger than 5 MB."))
        return cleaned


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short, without spaces, e.g. know-how-to-report.")
    )
    name_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    name_fr = forms.CharField(label=_("Name in French"), max_length=300, required=False)
    name_ar = forms.CharField(label=_("Name in Arabic"), max_length=300, required=False)

    @staticmethod
    def initial_for(indicator: SurveyIndicator) -> dict[str, str]:
        names = indicator.names or {}
        return {"code": indicator.code, **{f"name_{lang}": names.get(lang, "") for lang in ("en", "fr", "ar")}}

    def names(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"name_{lang}", "") for lang in ("en", "fr", "ar")}


class QuestionMapForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=SurveyIndicator.objects.all(),
        required=False,
        empty_label=_("None (not an indicator)"),
    )
    positive = forms.MultipleChoiceField(
        label=_("Answers that count as positive"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The indicator is the share of respondents giving one of these answers."),
    )

    def __init__(self, *args: Any, question: SurveyQuestion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        positive = self.fields["positive"]
        assert isinstance(positive, forms.MultipleChoiceField)  # noqa: S101 - declared above
        positive.choices = [(c.name, c.display_label()) for c in question.choices.all()]
