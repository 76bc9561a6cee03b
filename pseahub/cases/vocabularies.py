"""The seeded vocabularies (domain.md §3, §9). Seeded by a data migration; networks may add or retire terms.

Each entry: (code, group, {"en": …, "fr": …, "ar": …}).
"""

from __future__ import annotations

from typing import Any

SEED: dict[str, list[tuple[str, str, dict[str, str]]]] = {
    "sea_type": [
        (
            "transactional_sex",
            "SE",
            {
                "en": "Transactional sex",
                "fr": "Relations sexuelles transactionnelles",
                "ar": "الجنس مقابل المال أو المنفعة",
            },
        ),
        (
            "solicitation_transactional_sex",
            "SE",
            {
                "en": "Solicitation of transactional sex",
                "fr": "Sollicitation de relations sexuelles transactionnelles",
                "ar": "طلب الجنس مقابل المال أو المنفعة",
            },
        ),
        (
            "exploitative_relationship",
            "SE",
            {"en": "Exploitative relationship", "fr": "Relation d'exploitation", "ar": "علاقة استغلالية"},
        ),
        ("rape", "SA", {"en": "Rape", "fr": "Viol", "ar": "اغتصاب"}),
        ("sexual_assault", "SA", {"en": "Sexual assault", "fr": "Agression sexuelle", "ar": "اعتداء جنسي"}),
        (
            "sexual_activity_with_minor",
            "SA",
            {"en": "Sexual activity with a minor", "fr": "Activité sexuelle avec un mineur", "ar": "نشاط جنسي مع قاصر"},
        ),
        ("other", "OTHER", {"en": "Other", "fr": "Autre", "ar": "أخرى"}),
        ("unknown", "UNKNOWN", {"en": "Unknown", "fr": "Inconnu", "ar": "غير معروف"}),
    ],
    "personnel_category": [
        (
            "un_civilian_international",
            "UN",
            {"en": "UN civilian (international)", "fr": "Civil ONU (international)", "ar": "موظف مدني أممي (دولي)"},
        ),
        (
            "un_civilian_national",
            "UN",
            {"en": "UN civilian (national)", "fr": "Civil ONU (national)", "ar": "موظف مدني أممي (وطني)"},
        ),
        (
            "un_volunteer",
            "UN",
            {"en": "UN Volunteer", "fr": "Volontaire des Nations Unies", "ar": "متطوع الأمم المتحدة"},
        ),
        (
            "military_contingent",
            "UNIFORMED",
            {"en": "Military contingent", "fr": "Contingent militaire", "ar": "وحدة عسكرية"},
        ),
        (
            "military_observer",
            "UNIFORMED",
            {"en": "Military observer", "fr": "Observateur militaire", "ar": "مراقب عسكري"},
        ),
        ("police_unpol", "UNIFORMED", {"en": "Police (UNPOL)", "fr": "Police (UNPOL)", "ar": "شرطة الأمم المتحدة"}),
        (
            "police_fpu",
            "UNIFORMED",
            {"en": "Formed police unit (FPU)", "fr": "Unité de police constituée (FPU)", "ar": "وحدة شرطة مشكّلة"},
        ),
        (
            "agency_staff",
            "AGENCY",
            {
                "en": "Agency, fund or programme staff",
                "fr": "Personnel d'agence, fonds ou programme",
                "ar": "موظف في وكالة أو صندوق أو برنامج",
            },
        ),
        (
            "implementing_partner",
            "PARTNER",
            {
                "en": "Implementing-partner personnel",
                "fr": "Personnel d'un partenaire de mise en œuvre",
                "ar": "موظف لدى شريك منفذ",
            },
        ),
        ("contractor", "PARTNER", {"en": "Contractor", "fr": "Sous-traitant", "ar": "متعاقد"}),
        (
            "non_un_forces",
            "OTHER",
            {"en": "Non-UN forces", "fr": "Forces non onusiennes", "ar": "قوات غير تابعة للأمم المتحدة"},
        ),
        ("unknown", "UNKNOWN", {"en": "Unknown", "fr": "Inconnu", "ar": "غير معروف"}),
    ],
    "gbv_type": [
        ("rape", "", {"en": "Rape", "fr": "Viol", "ar": "اغتصاب"}),
        ("sexual_assault", "", {"en": "Sexual assault", "fr": "Agression sexuelle", "ar": "اعتداء جنسي"}),
        ("physical_assault", "", {"en": "Physical assault", "fr": "Agression physique", "ar": "اعتداء جسدي"}),
        ("forced_marriage", "", {"en": "Forced marriage", "fr": "Mariage forcé", "ar": "زواج قسري"}),
        (
            "denial_of_resources",
            "",
            {
                "en": "Denial of resources, opportunities or services",
                "fr": "Déni de ressources, d'opportunités ou de services",
                "ar": "الحرمان من الموارد أو الفرص أو الخدمات",
            },
        ),
        (
            "psychological_abuse",
            "",
            {
                "en": "Psychological / emotional abuse",
                "fr": "Violence psychologique / émotionnelle",
                "ar": "إساءة نفسية / عاطفية",
            },
        ),
        ("non_gbv", "", {"en": "Non-GBV", "fr": "Non VBG", "ar": "ليس عنفاً قائماً على النوع الاجتماعي"}),
    ],
    "outcome": [
        (
            "preliminary_assessment",
            "",
            {"en": "Preliminary assessment", "fr": "Évaluation préliminaire", "ar": "تقييم أولي"},
        ),
        ("under_investigation", "", {"en": "Under investigation", "fr": "Enquête en cours", "ar": "قيد التحقيق"}),
        (
            "under_review",
            "",
            {
                "en": "Under review (limited information)",
                "fr": "En cours d'examen (informations limitées)",
                "ar": "قيد المراجعة (معلومات محدودة)",
            },
        ),
        ("substantiated", "", {"en": "Substantiated", "fr": "Fondée", "ar": "ثبتت صحتها"}),
        ("not_substantiated", "", {"en": "Not substantiated", "fr": "Non fondée", "ar": "لم تثبت صحتها"}),
        (
            "referred_to_member_state",
            "",
            {"en": "Referred to Member State", "fr": "Renvoyée à l'État membre", "ar": "أحيلت إلى الدولة العضو"},
        ),
        ("closed_other", "", {"en": "Closed (other reason)", "fr": "Clôturée (autre motif)", "ar": "أغلقت (لسبب آخر)"}),
    ],
    "age_group": [
        ("0-11", "CHILD", {"en": "0–11 years", "fr": "0–11 ans", "ar": "0–11 سنة"}),
        ("12-17", "CHILD", {"en": "12–17 years", "fr": "12–17 ans", "ar": "12–17 سنة"}),
        ("18-25", "ADULT", {"en": "18–25 years", "fr": "18–25 ans", "ar": "18–25 سنة"}),
        ("26-40", "ADULT", {"en": "26–40 years", "fr": "26–40 ans", "ar": "26–40 سنة"}),
        ("41-60", "ADULT", {"en": "41–60 years", "fr": "41–60 ans", "ar": "41–60 سنة"}),
        ("61+", "ADULT", {"en": "61 years or more", "fr": "61 ans ou plus", "ar": "61 سنة أو أكثر"}),
        ("unknown", "UNKNOWN", {"en": "Unknown", "fr": "Inconnu", "ar": "غير معروف"}),
    ],
    "displacement": [
        (
            "resident",
            "",
            {"en": "Resident / host community", "fr": "Résident / communauté hôte", "ar": "مقيم / مجتمع مضيف"},
        ),
        ("idp", "", {"en": "Internally displaced", "fr": "Déplacé interne", "ar": "نازح داخلياً"}),
        ("refugee", "", {"en": "Refugee", "fr": "Réfugié", "ar": "لاجئ"}),
        ("returnee", "", {"en": "Returnee", "fr": "Retourné", "ar": "عائد"}),
        ("migrant", "", {"en": "Migrant", "fr": "Migrant", "ar": "مهاجر"}),
        ("unknown", "", {"en": "Unknown", "fr": "Inconnu", "ar": "غير معروف"}),
    ],
}

CHILD_AGE_GROUPS = frozenset({"0-11", "12-17"})


def seed_terms(term_model: Any) -> int:
    """Create the missing seeded terms (used by the data migration and by tests)."""
    created = 0
    for vocabulary, entries in SEED.items():
        for order, (code, group, labels) in enumerate(entries):
            _term, was_created = term_model.objects.get_or_create(
                vocabulary=vocabulary,
                code=code,
                defaults={"labels": labels, "group": group, "sort_order": order * 10},
            )
            created += int(was_created)
    return created
