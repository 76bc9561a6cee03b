"""Ready-made messages to the reporter, in the reporter's language (EN/FR/AR).

They are data rather than gettext strings because the coordinator writes in their own interface language
but the message goes out in the complaint's language; the coordinator can edit before sending.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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


def template_choices() -> list[tuple[str, object]]:
    return [(code, label) for code, (label, _texts) in TEMPLATES.items()]


def template_text(code: str, language: str) -> str:
    """The template in ``language`` (English when that language is missing); empty for an unknown code."""
    entry = TEMPLATES.get(code)
    if entry is None:
        return ""
    texts = entry[1]
    return texts.get(language) or texts["en"]
