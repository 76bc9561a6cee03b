"""One e-mail, as the IMAP server holds it (bytes), turned into what the intake pipeline needs.

``mail_parse`` never raises: whatever the bytes are (malformed MIME, unknown charsets, huge or refused
attachments, no text at all), it returns a ``ParsedMail`` with a body, a quarantine note saying what went
wrong, or both, so the worker never crashes on a message and no message is lost. Nothing here logs content.

Rules:
- the body is the text/plain alternative, else the HTML one reduced to plain text (tags, scripts and styles
  dropped); further text parts (text attachments, forwarded messages) are appended as text;
- every other part, in every alternative (a photo pasted into the HTML one too), is a candidate attachment,
  allowed only by its content (``intake.attachments.sniff``) and within ``INTAKE_MAX_ATTACHMENT_BYTES`` /
  ``INTAKE_MAX_ATTACHMENTS``; a refused one is dropped and named in the note. Nothing is ever decompressed
  (a .zip is not an allowed kind);
- text in an unknown charset is decoded as UTF-8 with replacement characters, and noted.
"""

from __future__ import annotations

import codecs
import contextlib
import email.errors
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from email.parser import BytesParser
from html import unescape
from html.parser import HTMLParser

from django.conf import settings

from pseahub.cases.services import AttachmentInput
from pseahub.intake.attachments import sniff

logger = logging.getLogger(__name__)

#: The narrative keeps at most this many characters of text; the rest is dropped and noted.
MAX_BODY_CHARS = 500_000
#: MIME nesting deeper than this is not read (the message is kept, the note says so).
MAX_DEPTH = 20
#: When the parser itself fails, this much of the raw message becomes the narrative.
RAW_FALLBACK_BYTES = 200_000
#: A text part larger than this is cut before decoding (and noted).
MAX_TEXT_PART_BYTES = 2 * 2**20
#: Senders that are machines: their mail is taken in, never acknowledged.
AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)([+@-]|$)", re.I)


@dataclass
class ParsedMail:
    external_id: str
    body: str = ""
    sender: str = ""
    subject: str = ""
    attachments: list[AttachmentInput] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    automatic: bool = False  # a bounce, an auto-reply or list mail: never acknowledged

    @property
    def quarantine_note(self) -> str:
        return "; ".join(self.notes)


def raw_id(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def message_id_normalise(value: str) -> str:
    """The ``id-left@id-right`` inside the angle brackets, without folding whitespace; "" if there is none."""
    value = re.sub(r"\s+", "", value or "")
    found = re.search(r"<([^<>]+)>", value)
    inner = found.group(1) if found else value.strip("<>")
    return inner if 0 < len(inner) <= 990 else ""


def external_id_for(message_id: str, raw: bytes) -> str:
    """The pipeline's exactly-once key: the Message-ID, hashed, or the hash of the raw message without one.

    Hashed because Message-IDs often embed the sender's host name or address, and ``InboundMessage`` is stored
    in clear; the hash keeps the exactly-once property (the same Message-ID gives the same key).
    """
    normalised = message_id_normalise(message_id)
    if not normalised:
        return raw_id(raw)
    return "mid:" + hashlib.sha256(normalised.encode("utf-8", errors="surrogateescape")).hexdigest()


def mail_parse(raw: bytes) -> ParsedMail:
    """Parse one message; never raises (see the module docstring)."""
    try:
        return _parse(raw)
    except Exception as exc:  # a parser bug must not lose the message nor stop the worker
        logger.warning("mailbox: a message could not be parsed (%s); kept as raw text", type(exc).__name__)
        text = raw[:RAW_FALLBACK_BYTES].decode("utf-8", errors="replace").replace("\x00", "")
        note = f"the message could not be parsed ({type(exc).__name__}); the narrative is its raw text"
        if len(raw) > RAW_FALLBACK_BYTES:
            note += f" (first {RAW_FALLBACK_BYTES} of {len(raw)} bytes); the original stays in the mailbox"
        return ParsedMail(external_id=raw_id(raw), body=text, notes=[note])


# --- the parse -------------------------------------------------------------------------------------------
def _parse(raw: bytes) -> ParsedMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    parsed = ParsedMail(external_id=external_id_for(_header(message, "Message-ID"), raw))
    parsed.sender = _sender(message)
    parsed.subject = _header(message, "Subject")[:1000]
    parsed.automatic = _automatic(message, parsed.sender)

    leaves: list[Message] = []
    visited: list[Message] = []
    _collect(message, 0, leaves, visited, parsed.notes)
    texts: list[str] = []
    defects: set[str] = set()
    dropped: list[str] = []
    limit = settings.INTAKE_MAX_ATTACHMENT_BYTES
    files = 0
    for part in leaves:
        content_type = _content_type(part)
        filename = _filename(part)
        if content_type.startswith("text/") and not (filename and _is_attachment(part) and _looks_binary(part)):
            text = _text(part, parsed.notes)
            if content_type == "text/html":
                text = html_to_text(text)
            if text.strip():
                label = f"[attached text: {filename}]\n" if filename and _is_attachment(part) else ""
                texts.append(label + text.strip())
            continue
        files += 1
        label = f"attachment {files}" + (f" {filename!r}" if filename else "") + f" ({content_type}"
        size = _encoded_size_estimate(part)
        if size > limit:  # judged before decoding: a 20 MB part is never decoded
            dropped.append(f"{label}, about {_mb(size)}) dropped: larger than {_mb(limit)}")
            continue
        content = _payload(part)
        if not content:
            dropped.append(f"{label}) dropped: empty")
            continue
        if len(content) > limit:
            dropped.append(f"{label}, {_mb(len(content))}) dropped: larger than {_mb(limit)}")
            continue
        kind = sniff(content[:16])
        if kind is None:
            dropped.append(f"{label}) dropped: not a photo, PDF, audio or video file by its content")
            continue
        if len(parsed.attachments) >= settings.INTAKE_MAX_ATTACHMENTS:
            dropped.append(f"{label}) dropped: more than {settings.INTAKE_MAX_ATTACHMENTS} attachments")
            continue
        stem = re.sub(r"[\x00-\x1f/\\]", "_", (filename or "attachment").rsplit(".", 1)[0])[:80] or "attachment"
        parsed.attachments.append(
            AttachmentInput(content=content, filename=f"{stem}.{kind.extension}", content_type=kind.content_type)
        )

    for part in visited:
        defects.update(_defects(part))  # after decoding, which adds the payload's defects
    body = "\n\n".join(texts).replace("\x00", "")
    if len(body) > MAX_BODY_CHARS:
        parsed.notes.append(f"the text was cut at {MAX_BODY_CHARS} characters (of {len(body)})")
        body = body[:MAX_BODY_CHARS]
    parsed.body = body
    if defects:
        parsed.notes.append("the message's MIME structure is damaged (" + ", ".join(sorted(defects)) + ")")
    parsed.notes.extend(dropped)
    if not body.strip():
        kept = f"; {len(parsed.attachments)} attachment(s) kept" if parsed.attachments else ""
        parsed.notes.append("the message has no text" + kept)
    return parsed


def _collect(
    part: Message,
    depth: int,
    leaves: list[Message],
    visited: list[Message],
    notes: list[str],
    *,
    files_only: bool = False,
) -> None:
    """The leaf parts to read, in order: the text of one alternative of each multipart/alternative (plain text
    first), and the files of all of them (a photo pasted into the HTML alternative is kept)."""
    if depth > MAX_DEPTH:
        _note(notes, f"parts nested deeper than {MAX_DEPTH} levels were not read; the original stays in the mailbox")
        return
    visited.append(part)
    if not part.is_multipart():
        if not (files_only and _content_type(part).startswith("text/")):
            leaves.append(part)
        return
    children = [child for child in part.get_payload() if isinstance(child, Message)]
    if _content_type(part) == "multipart/alternative" and len(children) > 1 and not files_only:
        preferred = _preferred_alternative(children)
        for child in children:
            _collect(child, depth + 1, leaves, visited, notes, files_only=child is not preferred)
        return
    for child in children:
        _collect(child, depth + 1, leaves, visited, notes, files_only=files_only)


def _preferred_alternative(children: list[Message]) -> Message:
    def rank(child: Message) -> int:
        content_type = _content_type(child)
        if content_type == "text/plain":
            return 0 if _text(child, []).strip() else 3
        if child.is_multipart():
            return 1
        return 2 if content_type == "text/html" else 4

    return min(children, key=rank)


# --- safe accessors: every one of them copes with whatever the bytes were ----------------------------------
def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except Exception:  # a header the policy cannot parse: its raw text
        with contextlib.suppress(Exception):
            for key, value in message.raw_items():
                if key.lower() == name.lower():
                    return str(value)
        return ""


def _sender(message: Message) -> str:
    addresses: list[str] = []
    with contextlib.suppress(Exception):
        header = message.get("From")
        addresses = [address.addr_spec for address in getattr(header, "addresses", ())]
    if not addresses:
        with contextlib.suppress(Exception):
            addresses = [email.utils.parseaddr(_header(message, "From"))[1]]
    address = (addresses[0] if addresses else "").strip()
    return address if len(address) <= 254 and not re.search(r"[\s<>]", address) else ""


def _automatic(message: Message, sender: str) -> bool:
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    precedence = _header(message, "Precedence").strip().lower()
    return bool(
        (auto_submitted and auto_submitted != "no")
        or precedence in ("bulk", "junk", "list")
        or _header(message, "List-Id")
        or _header(message, "Return-Path").strip() == "<>"
        or not sender
        or AUTOMATIC_SENDERS.match(sender)
    )


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "application/octet-stream"


def _is_attachment(part: Message) -> bool:
    try:
        return part.get_content_disposition() == "attachment"
    except Exception:
        return False


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        return ""
    return re.sub(r"[\x00-\x1f]", "", str(name)).strip()[:200]


def _defects(part: Message) -> set[str]:
    return {
        type(defect).__name__
        for defect in getattr(part, "defects", ())
        if not isinstance(defect, email.errors.HeaderDefect)
    }


def _encoded_size_estimate(part: Message) -> int:
    """The decoded size from the encoded payload's length (base64: 3/4), without decoding it."""
    try:
        payload = part.get_payload()
    except Exception:
        return 0
    if not isinstance(payload, str):
        return 0
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding != "base64":
        return len(payload)
    return (len(payload) - payload.count("\n") - payload.count("\r")) * 3 // 4


def _payload(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        return b""
    return payload if isinstance(payload, bytes) else b""


def _looks_binary(part: Message) -> bool:
    """A part declared text but carrying a photo or PDF (some mailers label every attachment text/plain)."""
    return sniff(_payload(part)[:16]) is not None


def _text(part: Message, notes: list[str]) -> str:
    payload = _payload(part)
    if not payload:
        return ""
    if len(payload) > MAX_TEXT_PART_BYTES:
        _note(notes, f"a text part was cut at {_mb(MAX_TEXT_PART_BYTES)} (of {_mb(len(payload))})")
        payload = payload[:MAX_TEXT_PART_BYTES]
    try:
        charset = str(part.get_content_charset() or "")
    except Exception:
        charset = ""
    if charset in ("", "us-ascii", "ascii"):
        # Undeclared or ASCII-declared text is often UTF-8 in practice.
        with contextlib.suppress(UnicodeDecodeError):
            return payload.decode("utf-8")
        charset = charset or "us-ascii"
    try:
        codecs.lookup(charset)
        return payload.decode(charset)
    except (LookupError, ValueError, TypeError):
        pass
    except UnicodeDecodeError:
        _note(notes, "some text was not valid in its declared character set: unreadable characters replaced")
        return payload.decode(charset, errors="replace")
    _note(notes, f"unknown character set {charset[:40]!r}: text decoded as UTF-8, unreadable characters replaced")
    return payload.decode("utf-8", errors="replace")


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


# --- HTML to plain text ----------------------------------------------------------------------------------
_SKIPPED = {"script", "style", "head", "title", "template", "svg", "math", "iframe", "object", "embed", "noscript"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tr", "ul",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipping.clear()  # an unclosed <head> or <title> must not swallow the body
        elif tag in _SKIPPED:
            self.skipping.append(tag)
        elif tag in _BLOCKS and not self.skipping:
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag == "td" and not self.skipping:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping and self.skipping.pop() != tag:
                pass
        elif tag in _BLOCKS and tag not in ("li", "dt", "dd", "br") and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML mail: the visible text only, no tags, scripts, styles or comments."""
    try:
        extractor = _TextExtractor()
        extractor.feed(html)
        extractor.close()
        text = "".join(extractor.parts)
    except Exception:  # html.parser is lenient, but never let it stop the worker
        text = re.sub(r"(?is)<(script|style|head)\b.*?(</\1\s*>|$)", " ", html)
        text = unescape(re.sub(r"(?s)<[^>]*>?", " ", text))
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
