"""Reading the offline recovery private key for a management command: from a file (``--key-file PATH``) or from
standard input (typed without echo at a terminal, or piped). It lives in this process's memory only: never
stored, logged or printed."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TextIO

from django.core.management.base import CommandError

from .crypto import VaultError
from .services import recovery_private_parse


def recovery_private_read(*, key_file: str | None, stdin: TextIO, prompt: str = "Recovery private key: ") -> bytes:
    try:
        if key_file and key_file != "-":
            text = Path(key_file).read_text(encoding="ascii")
        elif stdin.isatty():
            text = getpass.getpass(prompt)
        else:
            text = stdin.read()
        return recovery_private_parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"Cannot read the key file: {exc.__class__.__name__}.") from exc
    except VaultError as exc:
        raise CommandError(f"Not a recovery private key: {exc}.") from exc
