"""The consent questions for SMS and WhatsApp reporters, as numbered replies, and "STOP" to withdraw.

The SOP's four consent questions (``cases.ConsentPurpose``: help from services, sharing identifying details
with the organisation concerned, being contacted, anonymous statistics) are asked **one at a time**, each in
one short message after the receipt, in the report's language (en, fr, ar). One question per message because
a basic phone shows one SMS at a time: a single English or French question fits one 160-character GSM-7
segment (the texts use only GSM-7 characters, so no accent turns a message into 70-character UCS-2 segments),
an Arabic one two UCS-2 segments at most; four questions in one message would be 3 to 6 concatenated
segments, which some phones and networks show out of order or cut. The reporter answers the question just
asked with "YES"/"NO" alone (unless a coordinator has written to them since it was asked: the "yes" may be
for them), or any asked question by its number ("1 YES", "2 NON", "3 نعم", "1 YES 2 NO").

Answers are recorded as the complaint's consents (``cases.services.consent_record``): given by the survivor,
through the channel (sms or whatsapp), by the reporter's own hand, with no signed-in actor (the reporter).
"NO" is a refusal, or a withdrawal of what that purpose had been given. A message that is not entirely such
answers (or answers a question not yet asked) is an ordinary follow-up message: the pipeline adds it to the
complaint as it always did, so nothing the reporter writes is lost.

A message that is only a withdrawal keyword (``STOP_WORDS``, EN/FR/AR, case, accents and punctuation ignored;
or a Twilio message marked ``OptOutType=STOP``) withdraws every consent currently given, stops the questions
for good, and is confirmed. The reporter's words are kept nowhere here: a recognised answer becomes consent
records (and their audit entries); the number is used only to queue the replies, sealed (``dispatch.py``).

State lives in ``ConsentDialogue`` (counts and times only). Every reply goes through ``dispatch_queue`` (sealed
to the dispatch key, sent by the task worker), never from the web request.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import (
    Channel,
    Complaint,
    ConsentDecision,
    ConsentGiver,
    ConsentManner,
    ConsentPurpose,
    Message,
    MessageDirection,
)
from pseahub.cases.services import consent_current, consent_record

from .dispatch import dispatch_queue
from .models import ConsentDialogue, DispatchKind, IntakeChannel

logger = logging.getLogger(__name__)

#: The channels asked (``IntakeChannel.type``): the consent is recorded as given through it.
CHANNELS = (Channel.SMS, Channel.WHATSAPP)

#: The order the questions are asked in; question N is ``QUESTIONS[N - 1]``.
QUESTIONS: tuple[str, ...] = (
    ConsentPurpose.SERVICES,
    ConsentPurpose.SHARE_IDENTITY,
    ConsentPurpose.INVESTIGATION,
    ConsentPurpose.STATISTICS,
)

# Data rather than gettext strings, like the receipt (``adapters.sms.RECEIPT_TEXT``): they go out in the
# report's language whatever the server's, and each must stay within its SMS segment (a test checks it).
QUESTION_TEXT: dict[str, tuple[str, ...]] = {
    "en": (
        "Q1/4 May we refer you to free health, psychosocial or legal help? Reply 1 YES or 1 NO. "
        "Answering is optional. Send STOP to withdraw.",
        "Q2/4 May we share your name and contact details with the organisation concerned? Reply 2 YES or 2 NO",
        "Q3/4 May the people looking into your report contact you on this number? Reply 3 YES or 3 NO",
        "Q4/4 May your report be counted in statistics, without your name? Reply 4 YES or 4 NO",
    ),
    "fr": (
        "Q1/4 Pouvons-nous vous orienter vers une aide gratuite (santé, psychosociale, juridique) ? "
        "Répondez 1 OUI ou 1 NON. Facultatif. ARRET pour retirer.",
        "Q2/4 Pouvons-nous transmettre votre nom et vos coordonnées à l'organisation concernée ? "
        "Répondez 2 OUI ou 2 NON",
        "Q3/4 Les personnes qui examinent votre signalement peuvent-elles vous appeler à ce numéro ? "
        "Répondez 3 OUI ou 3 NON",
        "Q4/4 Acceptez-vous que votre signalement soit compté dans les statistiques, sans votre nom ? "
        "Répondez 4 OUI ou 4 NON",
    ),
    "ar": (
        "س1/4 هل نحيلك إلى مساعدة مجانية صحية أو نفسية أو قانونية؟ أرسل 1 نعم أو 1 لا. الرد اختياري. أرسل توقف للسحب.",
        "س2/4 هل نشارك اسمك وبيانات الاتصال بك مع الجهة المعنية؟ أرسل 2 نعم أو 2 لا",
        "س3/4 هل يمكن للمكلّفين بالنظر في بلاغك الاتصال بك على هذا الرقم؟ أرسل 3 نعم أو 3 لا",
        "س4/4 هل يمكن احتساب بلاغك في الإحصاءات دون ذكر اسمك؟ أرسل 4 نعم أو 4 لا",
    ),
}

#: After the last question is answered (and after a later change of an answer).
DONE_TEXT = {
    "en": "PSEA Hub: thank you, your answers are recorded. To change one, reply e.g. 2 NO. Send STOP to withdraw all.",
    "fr": "PSEA Hub : merci, vos réponses sont enregistrées. Pour en changer une, répondez par ex. 2 NON. "
    "ARRET pour tout retirer.",
    "ar": "PSEA Hub: شكراً، سُجّلت إجاباتك. لتغيير إجابة أرسل مثلاً 2 لا. أرسل توقف لسحب موافقتك كلها.",
}

#: The confirmation of a withdrawal.
STOP_TEXT = {
    "en": "PSEA Hub: your consents are withdrawn and you will get no more questions. Your report stays open: "
    "reply here to add information.",
    "fr": "PSEA Hub : vos consentements sont retirés, plus aucune question ne vous sera posée. Votre signalement "
    "reste ouvert : répondez ici pour le compléter.",
    "ar": "PSEA Hub: سُحبت موافقتك ولن تصلك أسئلة أخرى. يبقى بلاغك مفتوحاً: أرسل رداً هنا لإضافة معلومات.",
}

#: A message that is only one of these (normalised: ``_normalised``) withdraws every consent. English: the
#: keywords carriers and Twilio treat as opt-out; French and Arabic: "stop", "cancel", "withdraw".
STOP_WORDS = frozenset(
    {
        # English
        "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout",
        # French (ARRÊT and ARRÊTER are the same once accents are dropped)
        "arret", "arreter", "annuler", "retirer", "retrait",
        # Arabic: توقف، قف، أوقف، إيقاف، إلغاء (hamza forms are read as bare alef)
        "توقف", "قف", "اوقف", "ايقاف", "الغاء",
    }
)  # fmt: skip

# Not "OK" (a reporter may only be acknowledging the receipt) nor Arabic "أي" ("which" as often as "yes").
YES_WORDS = frozenset({"yes", "y", "oui", "ouais", "daccord", "نعم", "ايوه", "اجل", "موافق"})
NO_WORDS = frozenset({"no", "n", "non", "لا", "كلا"})

# Arabic-Indic (U+0660-0669) and Extended Arabic-Indic (U+06F0-06F9, Persian/Urdu phones) digits read as 0-9.
_DIGITS = str.maketrans({chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)})
_EDGES = " \t\r\n.,;:!?؟،؛()[]\"'"
_WORD = r"[^\W\d_]+"
_SEPARATOR = re.compile(r"[\s,;.!،؛/]*")
_NUMBER_WORD = re.compile(rf"(\d{{1,2}})\s*[:.)=\-]?\s*({_WORD})")
_WORD_NUMBER = re.compile(rf"({_WORD})\s*[:.)=\-]?\s*(\d{{1,2}})")


def _normalised(text: str) -> str:
    """Lower case, without accents, Arabic diacritics or tatweel, hamza forms as bare alef, digits as 0-9."""
    text = unicodedata.normalize("NFKC", text).translate(_DIGITS).casefold()
    text = text.replace("'", "").replace("\u2019", "").replace("\u0640", "")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip(_EDGES)


def is_stop(text: str) -> bool:
    """Whether the message is only a withdrawal keyword ("STOP", "Arrêt !", "توقف", "stop all")."""
    return _normalised(text).replace(" ", "") in STOP_WORDS


def _yes_no(word: str) -> bool | None:
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def answers_parse(text: str) -> dict[int | None, bool] | None:
    """The answers a message is made of: question number (None: the question just asked) → yes. None when
    the message is anything else (a word that is not yes or no, other text, two answers to one number)."""
    text = _normalised(text)
    if not text:
        return None
    if re.fullmatch(_WORD, text):  # "YES", "non", "نعم"
        value = _yes_no(text)
        return None if value is None else {None: value}
    single = _WORD_NUMBER.fullmatch(text)  # "نعم 1", as an Arabic reader may type it
    if single:
        value = _yes_no(single.group(1))
        return None if value is None else {int(single.group(2)): value}
    answers: dict[int | None, bool] = {}
    position = 0
    while position < len(text):
        pair = _NUMBER_WORD.match(text, position)
        if pair is None:
            return None
        number, value = int(pair.group(1)), _yes_no(pair.group(2))
        if value is None or answers.get(number, value) != value:
            return None
        answers[number] = value
        separator = _SEPARATOR.match(text, pair.end())
        position = separator.end() if separator else pair.end()
    return answers or None


def _texts(table: dict[str, str], language: str) -> str:
    return table.get(language.split("-")[0], table["en"])


def question_text(number: int, language: str) -> str:
    texts = QUESTION_TEXT.get(language.split("-")[0], QUESTION_TEXT["en"])
    return texts[number - 1]


def _queue(*, complaint: Complaint, channel: IntakeChannel, to: str, text: str) -> None:
    """Queue one reply, sealed, for the task worker; nothing without a reply path or a dispatch key."""
    from .adapters.sms import reply_configured  # the adapter imports this module

    if not to or not reply_configured(channel):
        return
    try:
        dispatch_queue(complaint=complaint, channel=channel, to=to, text=text, kind=DispatchKind.CONSENT)
    except ImproperlyConfigured:
        logger.error("intake consent: no DISPATCH_PUBLIC_KEY: a consent message was not queued")
        return
    record(
        actor=None,
        action=Action.REPORTER_MESSAGE_QUEUED,
        target=complaint,
        data={"channel": channel.slug, "provider": channel.provider, "kind": DispatchKind.CONSENT.value, "count": 1},
    )


def _ask_next(dialogue: ConsentDialogue, *, complaint: Complaint, to: str) -> None:
    """Ask the next question, or say thank you after the last one."""
    channel = dialogue.channel
    if dialogue.asked < len(QUESTIONS):
        dialogue.asked += 1
        text = question_text(dialogue.asked, complaint.language)
    else:
        text = _texts(DONE_TEXT, complaint.language)
    dialogue.updated_at = timezone.now()
    dialogue.save(update_fields=["asked", "answered", "updated_at", "stopped_at"])
    _queue(complaint=complaint, channel=channel, to=to, text=text)


def _decide(*, complaint: Complaint, channel: IntakeChannel, purpose: str, yes: bool) -> None:
    """Record the reporter's answer for one purpose, unless it is what is already recorded."""
    current = consent_current(complaint=complaint).get(purpose)
    given = current is not None and current.decision == ConsentDecision.GIVEN
    if yes:
        if given:
            return
        decision = ConsentDecision.GIVEN
    elif given:
        decision = ConsentDecision.WITHDRAWN
    elif current is None:
        decision = ConsentDecision.REFUSED
    else:
        return  # already refused or withdrawn
    consent_record(
        actor=None,
        complaint=complaint,
        purpose=purpose,
        decision=decision,
        given_by=ConsentGiver.SURVIVOR,
        channel=channel.type,
        manner=ConsentManner.OWN_HAND,
    )


def _withdraw_all(*, complaint: Complaint, channel: IntakeChannel) -> int:
    withdrawn = 0
    for purpose, current in consent_current(complaint=complaint).items():
        if current.decision == ConsentDecision.GIVEN:
            _decide(complaint=complaint, channel=channel, purpose=purpose, yes=False)
            withdrawn += 1
    return withdrawn


def _coordinator_wrote_since(complaint: Complaint, moment: dt.datetime) -> bool:
    return Message.objects.filter(
        complaint=complaint, direction=MessageDirection.TO_REPORTER, sent_at__gte=moment
    ).exists()


def consent_start(
    *, complaint: Complaint, channel: IntakeChannel, to: str, body: str = "", opt_out: bool = False
) -> None:
    """Begin the questions for a new SMS/WhatsApp complaint: the pipeline calls it in the transaction that
    creates the complaint, after its receipt is queued (so the worker sends the receipt first). A first
    message that is only "STOP" asks nothing (and nothing is ever asked on that complaint)."""
    if channel.type not in CHANNELS:
        return
    now = timezone.now()
    stopped = opt_out or is_stop(body)
    dialogue = ConsentDialogue.objects.create(
        complaint=complaint, channel=channel, started_at=now, updated_at=now, stopped_at=now if stopped else None
    )
    if not stopped:
        _ask_next(dialogue, complaint=complaint, to=to)


def consent_reply(
    *, complaint: Complaint, channel: IntakeChannel, to: str, body: str, opt_out: bool = False, ask: bool = True
) -> bool:
    """A message threaded to an SMS/WhatsApp complaint: True when it was a withdrawal or answers, recorded as
    consents (the pipeline then does not add it as a message); False for anything else, which the pipeline
    adds as an ordinary message. Called in the transaction that threads the message.

    A complaint never asked (it came before the questions existed, or while the channel could not reply)
    is asked now, once (with ``ask``: the channel asks and can reply), unless consents were already recorded
    for it some other way. Without ``ask`` "STOP" still withdraws, and answers to questions asked earlier count."""
    if channel.type not in CHANNELS:
        return False
    dialogue = ConsentDialogue.objects.select_for_update().filter(complaint=complaint).first()
    now = timezone.now()
    if opt_out or is_stop(body):
        _withdraw_all(complaint=complaint, channel=channel)
        if dialogue is None:
            dialogue = ConsentDialogue(complaint=complaint, channel=channel, started_at=now)
        dialogue.stopped_at = dialogue.updated_at = now
        dialogue.save()
        _queue(complaint=complaint, channel=channel, to=to, text=_texts(STOP_TEXT, complaint.language))
        return True
    if dialogue is None:
        if ask and not complaint.consents.exists():
            consent_start(complaint=complaint, channel=channel, to=to)
        return False
    if dialogue.stopped_at is not None:
        return False
    parsed = answers_parse(body)
    if parsed is None:
        return False
    pending = dialogue.asked if dialogue.answered < dialogue.asked else None
    if None in parsed:
        if pending is None or _coordinator_wrote_since(complaint, dialogue.updated_at):
            return False  # a bare "yes" may answer the coordinator's message rather than the question
        answers = {pending: parsed[None]}
    else:
        answers = {number: yes for number, yes in parsed.items() if number is not None}
    if any(not 1 <= number <= dialogue.asked for number in answers):
        return False  # a question not (yet) asked: the reporter meant something else
    for number, yes in sorted(answers.items()):
        _decide(complaint=complaint, channel=channel, purpose=QUESTIONS[number - 1], yes=yes)
    if pending is not None and pending in answers:
        dialogue.answered = pending
        _ask_next(dialogue, complaint=complaint, to=to)
    elif pending is None:
        # A change of an earlier answer once all were answered: confirmed with the closing message.
        _queue(complaint=complaint, channel=channel, to=to, text=_texts(DONE_TEXT, complaint.language))
    return True
