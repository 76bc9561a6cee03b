"""Ready-made messages to the reporter, in the reporter's language (EN/FR/AR).

They are data rather than gettext strings because the coordinator writes in their own interface language
but the message goes out in the complaint's language; the coordinator can edit before sending.

``TEMPLATES`` below are the built-in texts. Coordinators edit them, and add new ones, on ``/cases/templates/``
(``manage.py``): each edit is a ``MessageTemplateVersion``, and the current version of a (code, language) is
what the case page prefills; the built-in text stays the default where no version was written.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pseahub.core.refdata import ReferenceTable

from .models import MessageTemplateVersion

TEMPLATES: dict[str, tuple[object, dict[str, str]]] = {
    "received": (
        _("Report received"),
        {
            "en": "Thank you for your report. We have received it and are handling it confidentially.",
            "fr": "Merci pour votre signalement. Nous l'avons bien reçu et le traitons en toute confidentialité.",
            "ar": "شكراً لبلاغك. لقد استلمناه ونتعامل معه بسرية تامة.",
        },
    ),
    "referred": (
        _("Passed to the organisation concerned"),
        {
            "en": "Your report has been passed to the organisation concerned, which must look into it. "
            "We follow it up and will tell you when there is news.",
            "fr": "Votre signalement a été transmis à l'organisation concernée, qui doit l'examiner. "
            "Nous suivons le dossier et vous informerons dès qu'il y aura du nouveau.",
            "ar": "أُحيل بلاغك إلى الجهة المعنية، وعليها النظر فيه. نتابع الأمر وسنبلغك عند وجود أي جديد.",
        },
    ),
    "outcome_substantiated": (
        _("Outcome: the allegation was confirmed"),
        {
            "en": "The investigation has ended. The allegation was confirmed and the organisation has taken "
            "action. Thank you for your courage in reporting.",
            "fr": "L'enquête est terminée. L'allégation a été confirmée et l'organisation a pris des mesures. "
            "Merci pour votre courage.",
            "ar": "انتهى التحقيق. ثبتت صحة الادعاء واتخذت الجهة المعنية الإجراءات اللازمة. شكراً لشجاعتك في الإبلاغ.",
        },
    ),
    "outcome_not_substantiated": (
        _("Outcome: the allegation could not be confirmed"),
        {
            "en": "The investigation has ended. It could not confirm the allegation with the information "
            "available. If you have more information, you can still add it here.",
            "fr": "L'enquête est terminée. Elle n'a pas pu confirmer l'allégation avec les informations "
            "disponibles. Si vous avez d'autres informations, vous pouvez encore les ajouter ici.",
            "ar": "انتهى التحقيق ولم يتمكن من تأكيد الادعاء بالمعلومات المتاحة. "
            "إن كانت لديك معلومات إضافية، يمكنك إضافتها هنا.",
        },
    ),
    "support": (
        _("Support is available"),
        {
            "en": "Free and confidential support (health, psychosocial, legal, safety) is available. "
            "Tell us here if you would like us to connect you.",
            "fr": "Un soutien gratuit et confidentiel (santé, psychosocial, juridique, sécurité) est disponible. "
            "Dites-nous ici si vous souhaitez être mis en contact.",
            "ar": "يتوفر دعم مجاني وسري (صحي ونفسي-اجتماعي وقانوني وأمني). أخبرنا هنا إن كنت ترغب في أن نصلك به.",
        },
    ),
}


# The current version of every (code, language) written by coordinators: a few dozen rows, read by every case
# page, kept per process (forgotten at once here on a save, within a minute in the other processes).
CURRENT_VERSIONS: ReferenceTable[MessageTemplateVersion] = ReferenceTable(
    lambda: MessageTemplateVersion.objects.filter(is_current=True), models=[MessageTemplateVersion]
)


@dataclass(frozen=True)
class TemplateText:
    """What a template says in one language: a version coordinators wrote, or the built-in text (version 0)."""

    code: str
    language: str
    title: str
    body: str
    version: int


def _current(code: str, language: str) -> MessageTemplateVersion | None:
    for row in CURRENT_VERSIONS.rows():
        if row.code == code and row.language == language:
            return row
    return None


def builtin_text(code: str, language: str) -> TemplateText | None:
    """The text written in code for ``language`` (no fallback), with its title in that language."""
    entry = TEMPLATES.get(code)
    if entry is None or not entry[1].get(language):
        return None
    with translation.override(language):
        title = str(entry[0])
    return TemplateText(code=code, language=language, title=title, body=entry[1][language], version=0)


def template_in(code: str, language: str) -> TemplateText | None:
    """The template as the case page uses it in ``language`` (no fallback): the current version, else built-in."""
    current = _current(code, language)
    if current is not None:
        return TemplateText(
            code=code,
            language=language,
            title=current.title,
            body=current.body,
            version=current.version,
        )
    return builtin_text(code, language)


def template_codes() -> list[str]:
    """The built-in codes in their order, then the ones coordinators added, alphabetically."""
    added = sorted({row.code for row in CURRENT_VERSIONS.rows()} - set(TEMPLATES))
    return [*TEMPLATES, *added]


def template_label(code: str) -> str:
    """The template's name in the reader's interface language: the built-in label, else a version's title."""
    entry = TEMPLATES.get(code)
    if entry is not None:
        return str(entry[0])
    language = (get_language() or "en").split("-")[0]
    for wanted in (language, "en"):
        current = _current(code, wanted)
        if current is not None:
            return current.title
    for row in CURRENT_VERSIONS.rows():
        if row.code == code:
            return row.title
    return code


def template_choices() -> list[tuple[str, object]]:
    return [(code, template_label(code)) for code in template_codes()]


def template_text(code: str, language: str) -> str:
    """The template in ``language`` (English when that language is missing); empty for an unknown code."""
    for wanted in (language, "en"):
        text = template_in(code, wanted)
        if text is not None:
            return text.body
    return ""
