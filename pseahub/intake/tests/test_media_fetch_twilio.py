"""Media sent by SMS/WhatsApp through Twilio: fetched by a background task after the webhook answers, checked
by content and size, sealed into the complaint, deleted at Twilio; refusals and failures noted, never lost."""

from __future__ import annotations

import base64

import pytest
from django.db import connection

from pseahub.audit.models import Action, AuditEvent
from pseahub.cases.models import Attachment, CaseNote, Complaint
from pseahub.intake import media
from pseahub.intake.models import MediaFetch
from pseahub.intake.tasks import media_fetch
from pseahub.vault import services as vault

from .hooks_helpers import SECRET, channel_make, keyring_private_of, sealed_of, twilio_params, twilio_post
from .media_helpers import HTML, JPEG, MediaServer, Reply

MEDIA_PATH = "/2010-04-01/Accounts/AC1/Messages/SM0001/Media/ME0001"


@pytest.fixture
def twilio():
    server = MediaServer()
    yield server
    server.close()


def _channel(monkeypatch, twilio, **config):
    return channel_make(
        monkeypatch,
        provider="twilio",
        slug="twilio-wa",
        type="whatsapp",
        api_base=twilio.url,
        account_sid="AC1",
        **config,
    )


def _with_media(url: str, sid: str = "SM0001", content_type: str = "image/jpeg") -> dict[str, str]:
    return {**twilio_params(sid=sid), "NumMedia": "1", "MediaUrl0": url, "MediaContentType0": content_type}


def _notes(user, complaint) -> list[str]:
    private = keyring_private_of(user, complaint)
    return [
        vault.open_data(private, bound_to=(note, "sealed"))["text"]
        for note in CaseNote.objects.filter(complaint=complaint)
    ]


def _post(client, channel, params, capture):
    with capture(execute=True):  # the fetch is enqueued once the complaint is committed
        return twilio_post(client, channel, params)


@pytest.mark.django_db
def test_it_fetches_the_image_with_twilio_credentials_and_seals_it(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG, headers={"Content-Type": "image/jpeg"}))

    response = _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    assert response.status_code == 200
    complaint = Complaint.objects.get()
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.from_reporter
    content, meta = vault.sealed_file_open(
        sealed_file=attachment.sealed_file, keyring_private=keyring_private_of(personas.coordinator, complaint)
    )
    assert content == JPEG
    assert meta == {"filename": "media-1.jpg", "content_type": "image/jpeg"}
    assert b"Ochre-Evidence" not in bytes(attachment.sealed_file.ciphertext)
    get = twilio.of("GET")[0]
    assert get.path == MEDIA_PATH
    assert get.headers["authorization"] == "Basic " + base64.b64encode(f"AC1:{SECRET}".encode()).decode()
    # Twilio keeps no copy once we have it.
    assert [request.path for request in twilio.of("DELETE")] == [MEDIA_PATH]
    assert not complaint.is_quarantined
    event = AuditEvent.objects.get(action=Action.REPORTER_MEDIA_FETCHED)
    assert event.data == {"channel": "twilio-wa", "attached": 1, "refused": 0, "failed": 0, "retrying": 0}
    # Only a keyed hash of the address is kept.
    fetch = MediaFetch.objects.get()
    assert fetch.state == "attached" and fetch.item_hash == media.item_hash(url)


@pytest.mark.django_db
def test_the_webhook_does_not_fetch_on_its_own_path(client, personas, monkeypatch, twilio):
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG))

    response = twilio_post(client, channel, _with_media(url))  # commit callbacks not run: nothing enqueued yet

    assert response.status_code == 200
    assert twilio.requests == []
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_it_keeps_the_delete_off_when_configured(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio, delete_media=False)
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    assert Attachment.objects.count() == 1
    assert twilio.of("DELETE") == []


@pytest.mark.django_db
def test_it_follows_the_redirect_to_the_cdn_without_the_credentials(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio)
    cdn = twilio.serve("/cdn/ME0001.jpg", Reply(body=JPEG))
    url = twilio.serve(MEDIA_PATH, Reply(status=307, headers={"Location": cdn}))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    assert Attachment.objects.count() == 1
    first, second = twilio.of("GET")
    assert "authorization" in first.headers
    assert second.path == "/cdn/ME0001.jpg" and "authorization" not in second.headers


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_not_a_photo_pdf_audio_or_video_and_notes_it(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio)
    # The declared type is only a hint: the content decides.
    url = twilio.serve(MEDIA_PATH, Reply(body=HTML, headers={"Content-Type": "image/jpeg"}))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert not Attachment.objects.exists()
    assert complaint.is_quarantined
    (note,) = _notes(personas.coordinator, complaint)
    assert "Attachment 1 of 1" in note and "not a photo, PDF, audio or video file" in note
    assert url not in note
    assert MediaFetch.objects.get().state == "refused"
    assert AuditEvent.objects.get(action=Action.REPORTER_MEDIA_FETCHED).data["refused"] == 1
    # The message itself is kept.
    assert sealed_of(personas.coordinator, complaint)["narrative"].startswith("A guard asked me")


@pytest.mark.django_db
def test_it_refuses_an_oversize_file_without_reading_it_whole(
    client, personas, monkeypatch, twilio, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 64 * 1024
    channel = _channel(monkeypatch, twilio)
    total = 256 * 2**20
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG, stream=total))  # no Content-Length: only the cap stops it

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert not Attachment.objects.exists()
    assert "larger than 0 MB" in _notes(personas.coordinator, complaint)[0]
    assert twilio.streamed < total // 4


@pytest.mark.django_db
def test_it_refuses_an_announced_oversize_file_before_reading_it(
    client, personas, monkeypatch, twilio, settings, django_capture_on_commit_callbacks
):
    settings.INTAKE_MAX_ATTACHMENT_BYTES = 2 * 2**20
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG, announce=50 * 2**20))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert not Attachment.objects.exists()
    assert "larger than 2 MB" in _notes(personas.coordinator, complaint)[0]


@pytest.mark.django_db
def test_it_retries_after_a_server_error(client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks):
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(status=500), Reply(body=JPEG))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert len(twilio.of("GET")) == 2
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    assert not CaseNote.objects.exists() and not complaint.is_quarantined
    runs = [event.data for event in AuditEvent.objects.filter(action=Action.REPORTER_MEDIA_FETCHED).order_by("seq")]
    assert [(run["retrying"], run["attached"]) for run in runs] == [(1, 0), (0, 1)]


@pytest.mark.django_db
def test_it_gives_up_after_bounded_retries_and_notes_it(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(status=503))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert len(twilio.of("GET")) == media.MAX_ATTEMPTS
    assert not Attachment.objects.exists()
    (note,) = _notes(personas.coordinator, complaint)
    assert "HTTP 503" in note and f"{media.MAX_ATTEMPTS} attempts" in note
    assert MediaFetch.objects.get().state == "failed"
    assert twilio.of("DELETE") == []


@pytest.mark.django_db
def test_it_does_not_retry_a_refused_download(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(status=401))

    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    assert len(twilio.of("GET")) == 1
    assert "HTTP 401" in _notes(personas.coordinator, Complaint.objects.get())[0]


@pytest.mark.django_db
def test_it_sends_no_credentials_to_another_host(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    elsewhere = MediaServer()
    try:
        channel = _channel(monkeypatch, twilio)
        url = elsewhere.serve(MEDIA_PATH, Reply(body=JPEG))

        _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

        assert elsewhere.requests == [] and twilio.requests == []
        note = _notes(personas.coordinator, Complaint.objects.get())[0]
        assert "not on the provider's server" in note
    finally:
        elsewhere.close()


@pytest.mark.django_db
def test_a_task_run_twice_attaches_once(client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks):
    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG))
    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)
    complaint = Complaint.objects.get()
    items = [{"url": url, "content_type": "image/jpeg", "filename": "", "number": 1, "total": 1}]

    again = media_fetch.enqueue(channel_id=channel.pk, complaint_id=complaint.pk, items=items)
    # The provider retries its webhook too: the same message, once.
    _post(client, channel, _with_media(url), django_capture_on_commit_callbacks)

    assert again.return_value["skipped"] == 1
    assert Attachment.objects.count() == 1
    assert len(twilio.of("GET")) == 1
    assert AuditEvent.objects.filter(action=Action.REPORTER_MEDIA_FETCHED).count() == 1


@pytest.mark.django_db
def test_a_threaded_message_adds_its_media_to_the_open_complaint(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    channel = _channel(monkeypatch, twilio)
    _post(client, channel, twilio_params(sid="SM0001"), django_capture_on_commit_callbacks)
    url = twilio.serve("/2010-04-01/Accounts/AC1/Messages/SM0002/Media/ME9", Reply(body=JPEG))

    _post(client, channel, _with_media(url, sid="SM0002"), django_capture_on_commit_callbacks)

    complaint = Complaint.objects.get()
    assert Attachment.objects.get().complaint == complaint


@pytest.mark.django_db(transaction=True)
def test_the_raw_database_holds_no_plaintext_of_the_fetched_file(
    client, personas, monkeypatch, twilio, django_capture_on_commit_callbacks
):
    from .test_no_plaintext_at_rest import _pg_dump, _sqlite_images

    channel = _channel(monkeypatch, twilio)
    url = twilio.serve(MEDIA_PATH, Reply(body=JPEG))
    twilio_post(client, channel, _with_media(url))  # autocommit: the task runs after the commit, as in production

    complaint = Complaint.objects.get()
    assert Attachment.objects.filter(complaint=complaint).count() == 1
    images = _sqlite_images() if connection.vendor == "sqlite" else [_pg_dump()]
    for image in images:
        assert complaint.reference.encode() in image, "the scan does not see the stored data"
        assert b"Ochre-Evidence-Photo-4471" not in image
        assert url.encode() not in image  # (the immediate backend stores no task arguments)
