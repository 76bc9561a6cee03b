"""HTML-only mail is reduced to safe plain text: no tags, no scripts, no styles."""

import pytest

from pseahub.cases.models import Complaint
from pseahub.intake.adapters.mail_parse import html_to_text, mail_parse
from pseahub.intake.adapters.mailbox import mailbox_poll

from .imap_server import mail, opened

HTML = """<!DOCTYPE html><html><head><title>Title-Hidden</title>
<style>body { color: red } .Style-Hidden {}</style>
<script>alert('Script-Hidden'); document.cookie</script></head>
<body><p>The <b>driver</b> of the white pick-up asked for sex &amp; money.</p>
<div>He said: &quot;come at night&quot;<br>near the well</div>
<ul><li>first time: Monday</li><li>second time: Friday</li></ul>
<img src="https://tracker.example/pixel.gif" onerror="alert('Handler-Hidden')">
<a href="javascript:alert('Href-Hidden')">link text</a>
<!-- Comment-Hidden --></body></html>"""


@pytest.mark.django_db
def test_it_reduces_html_only_mail_to_safe_text(personas, mailbox):
    mailbox.append(mail("", html=HTML))

    mailbox_poll(channel=mailbox.channel)

    complaint = Complaint.objects.get()
    narrative = opened(complaint, personas.coordinator, personas.password)["narrative"]
    assert "The driver of the white pick-up asked for sex & money." in narrative
    assert 'He said: "come at night"\nnear the well' in narrative
    assert "- first time: Monday\n- second time: Friday" in narrative
    assert "link text" in narrative
    for hidden in ("Title-Hidden", "Style-Hidden", "Script-Hidden", "Handler-Hidden", "Href-Hidden", "Comment-Hidden"):
        assert hidden not in narrative
    assert "<" not in narrative and ">" not in narrative
    assert not complaint.is_quarantined


def test_it_prefers_the_plain_text_alternative():
    parsed = mail_parse(mail("Plain-Alternative", html="<p>Html-Alternative</p>"))

    assert parsed.body == "Plain-Alternative"
    assert parsed.notes == []


def test_it_drops_an_unclosed_script_and_survives_an_unclosed_head():
    assert html_to_text("<p>before</p><script>alert('x') never closed") == "before"
    assert html_to_text("<html><head><title>t<body><p>visible") == "visible"
    assert html_to_text("<p>a &lt;script&gt; as text</p>") == "a <script> as text"
