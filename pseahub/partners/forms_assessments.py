"""Forms of the partner capacity assessments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.network.models import Organisation

from .assessments import MAX_EVIDENCE_BYTES, agencies, partner_candidates
from .models import (
    ActionStatus,
    AssessmentReason,
    AssessmentType,
    CapacityRating,
    CapacityStandard,
    CapacityTool,
    EvidenceKind,
    PartnerAssessment,
)


def _org_field(queryset: Any, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(queryset=queryset, label=label, to_field_name="public_id")


class AssessmentNewForm(forms.Form):
    partner = _org_field(partner_candidates(), _("Partner"))
    lead_agency = _org_field(agencies(), _("Lead agency"))
    tool = forms.ModelChoiceField(
        queryset=CapacityTool.objects.filter(is_active=True), label=_("Tool"), to_field_name="public_id"
    )
    type = forms.ChoiceField(label=_("Type"), choices=AssessmentType.choices)
    reason = forms.ChoiceField(label=_("Reason"), choices=AssessmentReason.choices)
    started_on = forms.DateField(label=_("Started on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, lead_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_candidates()  # type: ignore[attr-defined]
        self.fields["lead_agency"].queryset = lead_choices if lead_choices is not None else agencies()  # type: ignore[attr-defined]
        self.fields["tool"].queryset = CapacityTool.objects.filter(is_active=True)  # type: ignore[attr-defined]


class AnswersForm(forms.Form):
    """One score and one comment per standard of the assessment's tool."""

    def __init__(self, *args: Any, assessment: PartnerAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standards = list(assessment.tool.standards.all())
        answers = {a.standard_id: a for a in assessment.answers.all()}
        choices = [("", _("Not answered yet")), *[(str(v), label) for v, label in assessment.tool.score_choices()]]
        for standard in self.standards:
            answer = answers.get(standard.pk)
            self.fields[f"score_{standard.pk}"] = forms.TypedChoiceField(
                label=standard.display_name(),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(answer.score) if answer else "",
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{standard.pk}"] = forms.CharField(
                label=_("What is in place (%(standard)s)") % {"standard": standard.display_name()},
                required=False,
                max_length=4000,
                initial=answer.comment if answer else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[int, tuple[int | None, str]]:
        return {
            s.pk: (self.cleaned_data.get(f"score_{s.pk}"), self.cleaned_data.get(f"comment_{s.pk}", ""))
            for s in self.standards
        }

    def rows(self) -> list[tuple[CapacityStandard, Any, Any]]:
        return [(s, self[f"score_{s.pk}"], self[f"comment_{s.pk}"]) for s in self.standards]


class EvidenceForm(forms.Form):
    standard = forms.ModelChoiceField(queryset=CapacityStandard.objects.none(), label=_("Standard"))
    kind = forms.ChoiceField(label=_("Kind of document"), choices=EvidenceKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, Word, Excel or OpenDocument, at most %(mb)d MB. It is sealed: only you, the lead "
                    "agency and the coordinator can open it.") % {"mb": MAX_EVIDENCE_BYTES // 2**20},
    )  # fmt: skip

    def __init__(self, *args: Any, assessment: PartnerAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        field.queryset = assessment.tool.standards.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: s.display_name()  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
            # Refused before the file is read into memory (the service checks the size again).
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20})
        return upload


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments to the partner"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FinaliseForm(forms.Form):
    preliminary_rating = forms.ChoiceField(label=_("Preliminary determination"), choices=CapacityRating.choices)
    decision_note = forms.CharField(
        label=_("Decision and its reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionForm(forms.Form):
    standard = forms.ModelChoiceField(queryset=CapacityStandard.objects.none(), label=_("Standard"), required=False)
    action = forms.CharField(label=_("Action"), max_length=500)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, assessment: PartnerAssessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        field.queryset = assessment.tool.standards.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: s.display_name()  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Monitoring note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class DeterminationForm(forms.Form):
    rating = forms.ChoiceField(label=_("Final determination"), choices=CapacityRating.choices)


class LinkForm(forms.Form):
    agency = _org_field(agencies(), _("Agency"))
    partner = _org_field(partner_candidates(), _("Works with partner"))

    def __init__(self, *args: Any, agency_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_choices if agency_choices is not None else agencies()  # type: ignore[attr-defined]
        self.fields["partner"].queryset = partner_candidates()  # type: ignore[attr-defined]


class ToolCopyForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=300)
    version = forms.CharField(label=_("Version"), max_length=40, required=False)


class StandardAddForm(forms.Form):
    name = forms.CharField(label=_("New standard: name"), max_length=300)
    guidance = forms.CharField(
        label=_("New standard: guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "standard")
        super().__init__(*args, **kwargs)


class ToolEditForm(forms.Form):
    """A network's own tool: name, version, offered or not, each standard's name and guidance, and one score band
    per rating (leave a band empty to drop it)."""

    name = forms.CharField(label=_("Name"), max_length=300)
    version = forms.CharField(label=_("Version"), max_length=40, required=False)
    is_active = forms.BooleanField(label=_("Offered for new assessments"), required=False)

    def __init__(self, *args: Any, tool: CapacityTool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tool = tool
        self.standards = list(tool.standards.all())
        for s in self.standards:
            self.fields[f"name_{s.pk}"] = forms.CharField(
                label=_("Standard %(order)d: name") % {"order": s.order}, max_length=300, initial=s.name
            )
            self.fields[f"guidance_{s.pk}"] = forms.CharField(
                label=_("Standard %(order)d: guidance") % {"order": s.order},
                required=False,
                initial=s.guidance,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        bands = {t.rating: t for t in tool.thresholds.all()}
        for value, label in CapacityRating.choices:
            band = bands.get(value)
            self.fields[f"min_{value}"] = forms.IntegerField(
                label=_("%(rating)s: from score") % {"rating": label}, required=False, min_value=0,
                initial=band.min_score if band else None,
            )  # fmt: skip
            self.fields[f"max_{value}"] = forms.IntegerField(
                label=_("%(rating)s: to score") % {"rating": label}, required=False, min_value=0,
                initial=band.max_score if band else None,
            )  # fmt: skip
        self.initial.setdefault("name", tool.name)
        self.initial.setdefault("version", tool.version)
        self.initial.setdefault("is_active", tool.is_active)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for value, _label in CapacityRating.choices:
            if (data.get(f"min_{value}") is None) != (data.get(f"max_{value}") is None):
                self.add_error(f"max_{value}", _("Give both ends of the band, or neither."))
        return data

    def standards_data(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {s.pk: (data[f"name_{s.pk}"], data[f"guidance_{s.pk}"]) for s in self.standards}

    def thresholds(self) -> list[tuple[int, int, str]]:
        return [
            (self.cleaned_data[f"min_{v}"], self.cleaned_data[f"max_{v}"], v)
            for v, _label in CapacityRating.choices
            if self.cleaned_data.get(f"min_{v}") is not None
        ]


def own_organisations(org_ids: set[int]) -> Any:
    return Organisation.objects.filter(pk__in=org_ids)
