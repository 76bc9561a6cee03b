"""The MIME parser under fuzzing: random bytes and mutated real messages never make it raise, and every
message gives a body or a quarantine note (so it becomes a complaint, never a crash or a loss)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pseahub.intake.adapters.mail_parse import ParsedMail, html_to_text, mail_parse

from .imap_server import EXE, JPEG, PDF, mail

SEEDS = [
    mail("Plain text report"),
    mail("", html="<html><head><style>x</style></head><body><p>Html <b>report</b></p><script>x</script>"),
    mail("With files", attachments=[("p.jpg", "image/jpeg", JPEG), ("d.pdf", "application/pdf", PDF)]),
    mail("With a program", attachments=[("x.exe", "application/octet-stream", EXE)]),
    (
        b"From: =?utf-8?b?w6lsw6h2ZQ==?= <a@example.net>\r\nSubject: =?x-unknown?q?caf=E9?=\r\n"
        b'Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"caf=E9 =\r\nsoft break\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>caf&eacute;</p>\r\n--b--\r\n"
    ),
]
FUZZ = settings(
    max_examples=300, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
TOKENS = [
    b"\r\n",
    b"\r\n\r\n",
    b"--",
    b"boundary=",
    b'Content-Type: multipart/mixed; boundary="b"\r\n',
    b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Transfer-Encoding: quoted-printable\r\n",
    b'charset="x-nope"',
    b"=?utf-8?b?",
    b"?=",
    b"\x00",
    b"\xff\xfe",
    b"<script>",
    b"Content-Type: message/rfc822\r\n\r\n",
]


def _assert_usable(parsed: ParsedMail) -> None:
    assert isinstance(parsed, ParsedMail)
    assert parsed.external_id and len(parsed.external_id) <= 255
    assert parsed.body.strip() or parsed.quarantine_note
    assert "\x00" not in parsed.body
    assert all(isinstance(note, str) for note in parsed.notes)


@FUZZ
@given(st.binary(max_size=4096))
def test_it_never_raises_on_random_bytes(raw):
    _assert_usable(mail_parse(raw))


@FUZZ
@given(
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=4000),
            st.integers(min_value=0, max_value=40),
            st.one_of(st.sampled_from(TOKENS), st.binary(max_size=16)),
        ),
        max_size=8,
    ),
)
def test_it_never_raises_on_mutated_messages(seed, mutations):
    raw = bytearray(seed)
    for position, cut, insert in mutations:
        at = position % (len(raw) + 1)
        raw[at : at + cut] = insert
    _assert_usable(mail_parse(bytes(raw)))


@pytest.mark.parametrize("depth", [1, 19, 21, 120])
def test_it_never_raises_on_deeply_nested_multiparts(depth):
    head = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(depth))
    _assert_usable(mail_parse(b"From: a@example.net\r\n" + head + b"Content-Type: text/plain\r\n\r\ndeep\r\n"))


@FUZZ
@given(st.text(max_size=2000))
def test_it_reduces_any_html_to_text_without_raising(html):
    assert isinstance(html_to_text(html), str)
    assert html_to_text(f"<p>{html.replace('<', '')}</p><script>Hidden-Script</script>") == (
        html_to_text(f"<p>{html.replace('<', '')}</p>")
    )
