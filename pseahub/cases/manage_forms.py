"""Forms of the vocabulary and message-template pages (``views_manage``): they only validate and normalise input;
the rules (a code unique per vocabulary, a term in use never deleted, versions) live in ``manage``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .manage import TEMPLATE_CODE_RE, TERM_CODE_RE


class TermForm(forms.Form):
    """A term's labels, group and order; the code too when the term is new."""

    code = forms.CharField(
        label=_("Code"),
        max_length=48,
        help_text=_("Lower-case letters and digits joined by _ or -, e.g. forced_labour. It cannot be changed later."),
    )
    en = forms.CharField(label=_("Label in English"), max_length=200)
    fr = forms.CharField(label=_("Label in French"), max_length=200, required=False)
    ar = forms.CharField(
        label=_("Label in Arabic"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    group = forms.CharField(
        label=_("Group"), max_length=32, required=False, help_text=_("Optional, e.g. SE or SA for SEA types.")
    )
    sort_order = forms.IntegerField(label=_("Order in lists"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args: object, new: bool = True, groups: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not new:
            del self.fields["code"]
        # Each label in its own language and direction, whatever the interface's.
        self.fields["en"].widget.attrs.update({"lang": "en", "dir": "ltr"})
        self.fields["fr"].widget.attrs.update({"lang": "fr", "dir": "ltr"})
        if groups:
            self.fields["group"].widget.attrs["list"] = "term-groups"
        self.groups = groups or []

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not TERM_CODE_RE.fullmatch(code):
            raise forms.ValidationError(
                _("Use lower-case letters and digits, joined by _ or - (at most 48 characters), e.g. forced_labour.")
            )
        return code


class TemplateForm(forms.Form):
    """A template's title and text in one language."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: object, language: str = "en", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        direction = "rtl" if language == "ar" else "ltr"
        for name in ("title", "body"):
            self.fields[name].widget.attrs.update({"lang": language, "dir": direction})


class TemplateNewForm(forms.Form):
    """A new template: its code, and its text in a first language."""

    code = forms.CharField(
        label=_("Code"),
        max_length=48,
        help_text=_(
            "Lower-case letters and digits joined by _, e.g. interview_invitation. It cannot be changed later."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not TEMPLATE_CODE_RE.fullmatch(code):
            raise forms.ValidationError(_("Use lower-case letters and digits joined by _ (at most 48 characters)."))
        return code
