"""The trainings pages' forms: a session, the participants' grid (plain rows, no JavaScript: existing
participants first, then blank rows), a material link, and the list's filter."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import User
from pseahub.network.models import Area, Organisation

from .models import ParticipantRole, ParticipantSex, TrainingSession, TrainingTopic
from .trainings import ParticipantRow, organiser_choices

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_SCORE = forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow", "min": 0, "max": 100})


def _admin1() -> Any:
    return Area.objects.filter(admin_level=1).order_by("name")


class SessionForm(forms.ModelForm):
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TrainingSession
        fields = ["topic", "held_on", "place", "area", "trainers", "organiser"]
        widgets = {"held_on": _DATE}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _admin1()
        organisers = organiser_choices(user)
        if self.instance.pk is not None:
            organisers = organisers | Organisation.objects.filter(pk=self.instance.organiser_id)
        cast(forms.ModelChoiceField, self.fields["organiser"]).queryset = organisers.distinct().order_by("name")
        if self.instance.pk is None and not self.is_bound:
            self.fields["submission"].initial = uuid.uuid4()
            if organisers.count() == 1:
                self.fields["organiser"].initial = organisers.first()

    def _post_clean(self) -> None:
        # The services write; nothing is put on the instance here.
        pass

    def data_for_service(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or []}


class SessionFilterForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", "—"), *TrainingTopic.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    area = forms.ModelChoiceField(label=_("Area"), required=False, queryset=Area.objects.none())
    organiser = forms.ModelChoiceField(label=_("Organiser"), required=False, queryset=Organisation.objects.none())

    def __init__(self, *args: Any, years: list[int], organisers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [("", "—"), *[(year, str(year)) for year in years]]
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = _admin1()
        cast(forms.ModelChoiceField, self.fields["organiser"]).queryset = organisers

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            "topic": self.cleaned_data.get("topic") or "",
            "year": self.cleaned_data.get("year"),
            "area": self.cleaned_data.get("area"),
            "organiser": self.cleaned_data.get("organiser"),
        }


class ParticipantRowForm(forms.Form):
    """One row of the grid. A blank new row is skipped; a filled one needs organisation, sex and role; a name
    needs the consent box ticked."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *ParticipantSex.choices])
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *ParticipantRole.choices])
    name_consent = forms.BooleanField(label=_("Name may be recorded"), required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    language = forms.ChoiceField(
        label=_("Certificate language"), choices=[("", "—"), *settings.LANGUAGES], required=False
    )
    pre_score = forms.IntegerField(label=_("Pre-test"), min_value=0, max_value=100, required=False, widget=_SCORE)
    post_score = forms.IntegerField(label=_("Post-test"), min_value=0, max_value=100, required=False, widget=_SCORE)
    completed = forms.BooleanField(label=_("Completed"), required=False)
    remove = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("remove"):
            return cleaned
        name = (cleaned.get("name") or "").strip()
        if name and not cleaned.get("name_consent"):
            self.add_error("name", _("Tick “name may be recorded” to keep a name, or leave the name empty."))
        if cleaned.get("name_consent") and not name:
            self.add_error("name", _("Type the name the participant agreed to have recorded."))
        return cleaned

    def row(self, entry_key: str) -> ParticipantRow:
        data = self.cleaned_data
        return ParticipantRow(
            id=data.get("id"),
            entry_key=entry_key,
            organisation=data["organisation"],
            sex=data["sex"],
            role=data["role"],
            name_consent=bool(data.get("name_consent")),
            name=(data.get("name") or "").strip(),
            language=data.get("language") or settings.LANGUAGE_CODE.split("-")[0],
            pre_score=data.get("pre_score"),
            post_score=data.get("post_score"),
            completed=bool(data.get("completed")),
            remove=bool(data.get("remove")),
        )


class BaseParticipantFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The grid; ``submission`` (a one-time id in the page) keys each new row, so a repeated POST adds nothing
    twice."""

    def refuse(self, message: str) -> None:
        """A grid-wide error (the service refused the rows)."""
        self._non_form_errors = self.error_class([message])

    def rows(self, submission: str) -> list[ParticipantRow]:
        rows = []
        for index, form in enumerate(self.forms):
            if not form.has_changed() and form.cleaned_data.get("id") is None:
                continue
            if form.cleaned_data.get("remove") and form.cleaned_data.get("id") is None:
                continue
            rows.append(form.row(f"{submission}:{index}" if submission else ""))
        return rows


#: Blank rows the grid shows by default, and at most (``?rows=``).
GRID_ROWS = 10
GRID_ROWS_MAX = 100


def participant_formset(
    session: TrainingSession, *, data: Any = None, blank_rows: int = GRID_ROWS
) -> BaseParticipantFormSet:
    existing = list(session.participants.all())
    initial = [
        {
            "id": p.pk,
            "organisation": p.organisation_id,
            "sex": p.sex,
            "role": p.role,
            "name_consent": p.name_consent,
            "name": p.name,
            "language": p.language,
            "pre_score": p.pre_score,
            "post_score": p.post_score,
            "completed": p.completed,
        }
        for p in existing
    ]
    organisations = Organisation.objects.filter(is_active=True) | Organisation.objects.filter(
        pk__in=[p.organisation_id for p in existing]
    )
    formset_class = forms.formset_factory(
        ParticipantRowForm, formset=BaseParticipantFormSet, extra=blank_rows, max_num=1000, absolute_max=1000
    )
    return cast(
        BaseParticipantFormSet,
        formset_class(
            data=data,
            initial=initial,
            prefix="p",
            form_kwargs={"organisations": organisations.distinct().order_by("name")},
        ),
    )


class GridSubmissionForm(forms.Form):
    submission = forms.UUIDField(widget=forms.HiddenInput, required=False)


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https", required=False)
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_("PDF, Word, PowerPoint, Excel or OpenDocument, 10 MB at most."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and bool(cleaned.get("url")) == bool(cleaned.get("file")):
            raise forms.ValidationError(_("Give a link or a file, not both."))
        return cleaned


class RefresherForm(forms.Form):
    months = forms.IntegerField(
        label=_("A refresher is due after (months)"),
        min_value=1,
        max_value=120,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
    )
