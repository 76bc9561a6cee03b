"""A throw-away Dovecot IMAP server for the mailbox tests, and what those tests share.

``DovecotServer.start()`` writes its own configuration into a temporary folder (``base_dir``, ``state_dir``,
the log, a maildir per user, a passwd-file with one user), listens on 127.0.0.1 on a free port without TLS
(``start(tls=certificates_make(...))`` offers STARTTLS with a throw-away certificate instead), and never
touches the system's Dovecot (``/etc/dovecot`` is not read; a Debian-started instance on port 143 does no
harm). ``stop()`` kills the pid in ``base_dir/master.pid``. The recipe is the one checked in
``shared/notes/checked-facts.md``: a system user for the mail (``vmail``) since imap-login refuses to run as
root, a static userdb with that uid, a PLAIN passwd-file.

The pytest fixtures are in ``conftest.py`` of this folder: ``dovecot`` (one server per test session; the
tests are skipped when Dovecot is not installed) and ``mailbox`` (a fresh folder and an IMAP channel on it
per test).
"""

from __future__ import annotations

import contextlib
import email.utils
import imaplib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

MAIL_USER = "vmail"
NOT_INSTALLED = "dovecot-imapd is not installed: apt-get install -y dovecot-imapd"

CONFIG = """\
# Throw-away Dovecot for the PSEA Hub tests: everything lives under {root}.
instance_name = pseahub-test-{port}
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u
mail_fsync = never
mail_max_userip_connections = 100
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
"""


SSL_ON = """\
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2"""


class DovecotUnavailableError(Exception):
    """Dovecot cannot run here (not installed, or no mail user and not root): the tests skip."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _mail_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(MAIL_USER)
    except KeyError:
        pass
    if os.geteuid() != 0:
        raise DovecotUnavailableError(f"no system user {MAIL_USER!r} for the mail, and not root to create it")
    subprocess.run(["useradd", "-r", "-M", "-s", "/usr/sbin/nologin", MAIL_USER], check=True)  # noqa: S603,S607
    return pwd.getpwnam(MAIL_USER)


# --- throw-away certificates (openssl CLI: the cryptography package is not a dependency) ------------------
@dataclass(frozen=True)
class Certificates:
    """A private CA and a server certificate it signed for 127.0.0.1 / localhost, valid for two days."""

    ca_file: Path  # the CA certificate (PEM): what a channel's ``ca_file`` names
    cert_file: Path  # the server's certificate (PEM)
    key_file: Path  # the server's private key (PEM)


def _openssl(*args: str) -> None:
    binary = shutil.which("openssl")
    if binary is None:
        raise DovecotUnavailableError("the openssl command is not installed: apt-get install -y openssl")
    subprocess.run([binary, *args], check=True, capture_output=True)  # noqa: S603


def certificates_make(directory: Path, *, name: str = "PSEA Hub test CA") -> Certificates:
    """A new CA (EC P-256) and a server certificate signed by it, with the extensions a strict client checks."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_file = directory / "ca.key", directory / "ca.pem"
    key_file, csr, cert_file = directory / "server.key", directory / "server.csr", directory / "server.pem"
    ec = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl(
        "req", "-x509", *ec, "-keyout", str(ca_key), "-out", str(ca_file), "-days", "2", "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    _openssl("req", "-new", *ec, "-keyout", str(key_file), "-out", str(csr), "-subj", "/CN=127.0.0.1")
    extensions = directory / "server.ext"
    extensions.write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid,issuer\n"
    )
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca_file), "-CAkey", str(ca_key), "-CAcreateserial",
        "-out", str(cert_file), "-days", "2", "-extfile", str(extensions),
    )  # fmt: skip
    for secret in (ca_key, key_file):
        secret.chmod(0o600)
    return Certificates(ca_file=ca_file, cert_file=cert_file, key_file=key_file)


@dataclass
class DovecotServer:
    root: Path
    port: int
    username: str
    password: str
    pid: int = 0
    imaps_port: int = 0  # IMAP over TLS, only when started with ``tls``

    @classmethod
    def start(cls, *, tls: Certificates | None = None) -> DovecotServer:
        """Start a server; with ``tls`` it offers STARTTLS with that certificate on ``port`` (plain IMAP stays
        allowed there) and IMAP over TLS on ``imaps_port``."""
        binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
        if binary is None:
            raise DovecotUnavailableError(NOT_INSTALLED)
        user = _mail_user()
        # Not under pytest's tmp_path: its parents are 0700 root, and the mail processes run as vmail.
        root = Path(tempfile.mkdtemp(prefix="pseahub-dovecot-"))
        root.chmod(0o755)
        server = cls(root=root, port=free_port(), username="intake@psea.test", password=secrets.token_hex(12))
        for sub in ("mail", "home"):
            (root / sub).mkdir()
            os.chown(root / sub, user.pw_uid, user.pw_gid)
        (root / "passwd").write_text(f"{server.username}:{{PLAIN}}{server.password}\n")
        config = root / "dovecot.conf"
        ssl = SSL_ON.format(cert=tls.cert_file, key=tls.key_file) if tls else "ssl = no"
        server.imaps_port = free_port() if tls else 0
        config.write_text(
            CONFIG.format(
                root=root, port=server.port, imaps_port=server.imaps_port, uid=user.pw_uid, gid=user.pw_gid, ssl=ssl
            )
        )
        # The master daemonises; its output goes to a file, since children holding a pipe would block run().
        with open(root / "start.log", "wb") as output:
            started = subprocess.run(  # noqa: S603
                [binary, "-c", str(config)], stdin=subprocess.DEVNULL, stdout=output, stderr=output, check=False
            )
        if started.returncode != 0:
            message = (root / "start.log").read_text(errors="replace")
            shutil.rmtree(root, ignore_errors=True)
            raise RuntimeError(f"dovecot did not start: {message}")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", server.port), timeout=1):
                break
            time.sleep(0.05)
        else:
            log = server.log()
            server.stop()
            raise RuntimeError(f"dovecot did not listen on port {server.port}:\n{log}")
        pid_file = root / "run" / "master.pid"
        if pid_file.exists():
            server.pid = int(pid_file.read_text().strip())
        return server

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        pid = int(pid_file.read_text().strip()) if pid_file.exists() else self.pid
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            else:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    # --- a client for the tests --------------------------------------------------------------------------
    @contextlib.contextmanager
    def client(self, folder: str | None = None) -> Iterator[imaplib.IMAP4]:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        try:
            imap.login(self.username, self.password)
            if folder:
                typ, data = imap.select(folder)
                assert typ == "OK", data
            yield imap
        finally:
            with contextlib.suppress(Exception):
                imap.logout()

    def new_folder(self) -> str:
        folder = f"T{uuid.uuid4().hex[:12]}"
        with self.client() as imap:
            typ, data = imap.create(folder)
            assert typ == "OK", data
        return folder

    def append(self, folder: str, *messages: bytes) -> None:
        with self.client() as imap:
            for raw in messages:
                typ, data = imap.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
                assert typ == "OK", data

    def uids(self, folder: str, *criteria: str) -> list[int]:
        with self.client(folder) as imap:
            typ, data = imap.uid("SEARCH", *(criteria or ("ALL",)))
            assert typ == "OK", data
            return sorted(int(uid) for uid in (data[0] or b"").split())


# --- messages -------------------------------------------------------------------------------------------
def mail(
    body: str = "A guard at the distribution asked for sex for food.",
    *,
    sender: str = "reporter@example.net",
    subject: str = "Report",
    message_id: str | None = None,
    html: str | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> bytes:
    """A well-formed message as a mail client would send it; ``attachments`` are (filename, type, bytes)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "psea@network.test"
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = message_id or email.utils.make_msgid(domain="example.net")
    if html is None:
        message.set_content(body)
    elif body:
        message.set_content(body)
        message.add_alternative(html, subtype="html")
    else:
        message.set_content(html, subtype="html")
    for filename, content_type, content in attachments or []:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x11" * 300
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 300


# --- a mailbox channel on the test server ----------------------------------------------------------------
PASSWORD_ENV = "PSEAHUB_TEST_IMAP_PASSWORD"


@dataclass
class Mailbox:
    """A fresh folder on the test Dovecot and the IMAP intake channel that reads it."""

    server: DovecotServer
    folder: str
    channel: Any

    def append(self, *messages: bytes) -> None:
        self.server.append(self.folder, *messages)

    def processed(self) -> list[int]:
        return self.server.uids(self.folder, "KEYWORD", self.channel.config.get("processed_flag", "$PseaIngested"))

    def unprocessed(self) -> list[int]:
        return self.server.uids(self.folder, "UNKEYWORD", self.channel.config.get("processed_flag", "$PseaIngested"))

    def configure(self, **config: Any) -> None:
        self.channel.config = {**self.channel.config, **config}
        self.channel.save(update_fields=["config"])


def mailbox_channel(
    server: DovecotServer, folder: str, *, slug: str = "mailbox", secret_env: str = PASSWORD_ENV, **config: Any
) -> Any:
    from pseahub.intake.models import IntakeChannel

    return IntakeChannel.objects.create(
        name=f"Neutral mailbox {slug}",
        slug=slug,
        type="email",
        provider="imap",
        address="psea@network.test",
        languages=["en"],
        config={
            "host": "127.0.0.1",
            "port": server.port,
            "username": server.username,
            "folder": folder,
            "tls": False,
            **config,
        },
        secret_env=secret_env,
    )


def opened(complaint: Any, user: Any, password: str) -> dict[str, Any]:
    """The complaint's sealed content as ``user`` (a coordinator) reads it."""
    from pseahub.accounts.services import user_private_key_unlock
    from pseahub.vault import services as vault

    private = user_private_key_unlock(user=user, password=password)
    keyring_private = vault.keyring_open_for_user(keyring=complaint.keyring, user=user, user_private=private)
    return vault.open_data(keyring_private, bound_to=(complaint, "sealed"))


def opened_files(complaint: Any, user: Any, password: str) -> list[tuple[bytes, dict[str, str]]]:
    from pseahub.accounts.services import user_private_key_unlock
    from pseahub.cases.models import Attachment
    from pseahub.vault import services as vault

    private = user_private_key_unlock(user=user, password=password)
    keyring_private = vault.keyring_open_for_user(keyring=complaint.keyring, user=user, user_private=private)
    return [
        vault.sealed_file_open(sealed_file=attachment.sealed_file, keyring_private=keyring_private)
        for attachment in Attachment.objects.filter(complaint=complaint).select_related("sealed_file")
    ]
