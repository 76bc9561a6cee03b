from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .documents import MAX_BYTES
from .models import LANGUAGES, NetworkDocument


class DocumentForm(forms.ModelForm):
    class Meta:
        model = NetworkDocument
        fields = ["kind", "title", "description", "is_public"]


class VersionForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, Excel or OpenDocument, at most 10 MB."), max_length=200
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    label = forms.CharField(label=_("Version"), max_length=40, help_text=_("e.g. 2026, v2, or the date it was signed."))
    in_force = forms.BooleanField(
        label=_("In force from now"), required=False, initial=True,
        help_text=_("Replaces the version in force in this language; the earlier one is kept."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
