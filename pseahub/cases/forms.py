from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pseahub.core.refdata import ReferenceChoiceField
from pseahub.network.models import Organisation
from pseahub.network.selectors import areas_below_country, organisations_all

from .models import (
    Channel,
    ChildAssent,
    Classification,
    ComplainantType,
    Complaint,
    ConsentDecision,
    ConsentGiver,
    ConsentManner,
    ConsentPurpose,
    EntityType,
    Sex,
    Status,
    Term,
    VictimType,
    Vocabulary,
    YesNoUnknown,
)
from .selectors import SORTS, TrackerFilters, terms_active


class TermChoiceField(ReferenceChoiceField[Term]):
    """A vocabulary term, shown with its label in the current language and submitted by code."""

    def __init__(self, vocabulary: str, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("I don't know"))
        super().__init__(
            rows=lambda: terms_active(vocabulary),
            value_of=lambda term: term.code,
            label_of=lambda term: term.label,
            **kwargs,
        )
        self.vocabulary = vocabulary

    def keep(self, term: Term) -> None:
        """Offer ``term`` too although it is retired: the record that has it keeps it when its form is saved."""
        active = self.rows
        self.rows = lambda: [*active(), term]
        self.choices = self._choices  # the widget kept the choices of the field this one was copied from


class KeepsRetiredTerms:
    """A form editing a record: a retired term the record has stays chosen, listed after the active ones (new
    records are offered active terms only). One query, only when the record has a retired term."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields  # type: ignore[attr-defined]
        initial: dict[str, Any] = self.initial  # type: ignore[attr-defined]
        wanted: dict[tuple[str, str], TermChoiceField] = {}
        for name, field in fields.items():
            code = initial.get(name)
            if not isinstance(field, TermChoiceField) or not code:
                continue
            if all(term.code != code for term in terms_active(field.vocabulary)):
                wanted[(field.vocabulary, str(code))] = field
        if wanted:
            for term in Term.objects.filter(vocabulary__in={v for v, _c in wanted}, code__in={c for _v, c in wanted}):
                if (term.vocabulary, term.code) in wanted:
                    wanted[(term.vocabulary, term.code)].keep(term)


def _any(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


def _referral_choices(name: str) -> Any:
    """The choices of a referral field, read from the model: referrals sits above cases, which cannot import it."""

    def choices() -> list[tuple[str, Any]]:
        referral_model: Any = Complaint._meta.get_field("referrals").related_model
        return _any(referral_model._meta.get_field(name).choices)

    return choices


YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]
# The filters over the standard record's fields, which the tracker page shows folded under "More filters".
MORE_FILTERS = (
    "entity_type",
    "personnel_category",
    "victim_type",
    "urgent",
    "investigating_entity",
    "outcome",
    "action_taken",
    "imported",
)


class TrackerFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any")), *Status.choices], required=False)
    classification = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Any")), *Classification.choices], required=False
    )
    sea_type = TermChoiceField(Vocabulary.SEA_TYPE, label=_("SEA type"), empty_label=_("Any"))
    organisation = ReferenceChoiceField(
        label=_("Organisation"),
        rows=organisations_all,
        value_of=lambda organisation: str(organisation.public_id),
        empty_label=_("Any"),
    )
    area = ReferenceChoiceField(
        label=_("Area"), rows=areas_below_country, value_of=lambda area: area.pcode, empty_label=_("Any")
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", _("Any")), *Channel.choices], required=False)
    child = forms.ChoiceField(
        label=_("Child involved"), choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))], required=False
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    entity_type = forms.ChoiceField(
        label=_("Entity type (alleged perpetrator)"), choices=_any(EntityType.choices), required=False
    )
    personnel_category = TermChoiceField(
        Vocabulary.PERSONNEL_CATEGORY, label=_("Personnel category"), empty_label=_("Any")
    )
    victim_type = forms.ChoiceField(label=_("Victim type"), choices=_any(VictimType.choices), required=False)
    urgent = forms.ChoiceField(label=_("Urgent"), choices=YES_NO_ANY, required=False)
    investigating_entity = forms.ChoiceField(
        label=_("Investigating entity"), choices=_referral_choices("investigating_entity"), required=False
    )
    outcome = TermChoiceField(Vocabulary.OUTCOME, label=_("Outcome"), empty_label=_("Any"))
    action_taken = forms.ChoiceField(label=_("Action taken"), choices=_referral_choices("action_taken"), required=False)
    imported = forms.ChoiceField(label=_("Imported from an earlier tracker"), choices=YES_NO_ANY, required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-received", _("Newest first")),
            ("received", _("Oldest first")),
            ("reference", _("Reference")),
            ("status", _("Status")),
        ],
    )

    def to_filters(self) -> TrackerFilters:
        data = self.cleaned_data
        yes_no = {"yes": True, "no": False}
        child = yes_no.get(data.get("child") or "")
        return TrackerFilters(
            status=data.get("status") or "",
            classification=data.get("classification") or "",
            sea_type=data.get("sea_type"),
            organisation=data.get("organisation"),
            area=data.get("area"),
            channel=data.get("channel") or "",
            child=child,
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            overdue=bool(data.get("overdue")),
            sort=str(data.get("sort")) if data.get("sort") in SORTS else "-received",
            entity_type=data.get("entity_type") or "",
            personnel_category=data.get("personnel_category"),
            victim_type=data.get("victim_type") or "",
            urgent=yes_no.get(data.get("urgent") or ""),
            investigating_entity=data.get("investigating_entity") or "",
            outcome=data.get("outcome"),
            action_taken=data.get("action_taken") or "",
            imported=yes_no.get(data.get("imported") or ""),
        )

    def more_filters(self) -> list[forms.BoundField]:
        """The standard record's filters, which the page folds away unless one is in use."""
        return [self[name] for name in MORE_FILTERS]

    def main_filters(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in MORE_FILTERS]

    def more_in_use(self) -> bool:
        return any(self.data.get(name) for name in MORE_FILTERS)


class TriageForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=[c for c in Classification.choices if c[0] != Classification.UNCLASSIFIED]
    )
    complainant_type = forms.ChoiceField(label=_("Who reported"), choices=ComplainantType.choices)
    is_urgent = forms.BooleanField(label=_("Urgent safety risk"), required=False)
    involves_child = forms.BooleanField(label=_("A child is involved"), required=False)
    forward_to = forms.ModelChoiceField(
        label=_("Forward to the feedback channel of (not SEA only; closes the complaint)"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        to_field_name="public_id",
    )
    note = forms.CharField(
        label=_("Note (internal, sealed)"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("forward_to") and data.get("classification") == Classification.SEA:
            self.add_error("forward_to", _("An SEA complaint is referred, not forwarded as feedback."))
        return data


class AllegationForm(KeepsRetiredTerms, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Concerned organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("Unknown"),
        to_field_name="public_id",
    )
    personnel_category = TermChoiceField(
        Vocabulary.PERSONNEL_CATEGORY, label=_("Personnel category"), empty_label=_("Unknown")
    )
    sea_type = TermChoiceField(Vocabulary.SEA_TYPE, label=_("Type of SEA"), empty_label=_("Unknown"))
    perpetrator_description = forms.CharField(
        label=_("Alleged perpetrator (sealed)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SurvivorForm(KeepsRetiredTerms, forms.Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = TermChoiceField(Vocabulary.AGE_GROUP, label=_("Age group"), empty_label=_("Unknown"))
    is_child = forms.BooleanField(label=_("Under 18"), required=False)
    disability = forms.ChoiceField(label=_("Disability"), choices=YesNoUnknown.choices)
    displacement = TermChoiceField(Vocabulary.DISPLACEMENT, label=_("Displacement status"), empty_label=_("Unknown"))
    name = forms.CharField(label=_("Name (sealed)"), max_length=150, required=False)
    contact = forms.CharField(label=_("Contact (sealed)"), max_length=200, required=False)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=ConsentDecision.choices)
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentGiver.choices)
    child_assent = forms.ChoiceField(
        label=_("The child's own view"),
        help_text=_("Only when a parent, a caregiver or a best-interests determination decides for a child."),
        choices=[("", "—"), *ChildAssent.choices],
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Through which channel"), choices=[("", _("Not recorded")), *Channel.choices], required=False
    )
    manner = forms.ChoiceField(
        label=_("How it was expressed"), choices=[("", _("Not recorded")), *ConsentManner.choices], required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("child_assent") and data.get("given_by") == ConsentGiver.SURVIVOR:
            self.add_error(
                "child_assent",
                _("A child's assent is recorded only beside a caregiver's or best-interests decision."),
            )
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reporter"),
        help_text=_("The reporter reads it with the receipt code. Use plain words; never name the person accused."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
