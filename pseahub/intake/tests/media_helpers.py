"""A small HTTP server on loopback playing a provider's media store (Twilio's Media resources, Kobo's
attachment downloads) for the media-fetch tests: each path answers a list of scripted replies in turn, and
every request is recorded (``hooks_helpers.Recorded``)."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .hooks_helpers import Recorded

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"Ochre-Evidence-Photo-4471" * 40
HTML = b"<!doctype html><html><body>not a photo</body></html>"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    stream: int = 0  # send this many bytes after ``body`` in chunks, without a Content-Length
    announce: int | None = None  # a Content-Length to announce instead of the body's


class MediaServer:
    """Answers GET and DELETE from ``routes`` (path → replies, the last one repeating); 404 elsewhere."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Recorded] = []
        self.streamed = 0  # bytes of streamed bodies the client took before it hung up
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                with server._lock:
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    server.requests.append(Recorded(self.command, self.path, headers, body))
                    replies = server.routes.get(path) if self.command == "GET" else None
                    reply = (replies.pop(0) if len(replies) > 1 else replies[0]) if replies else None
                if self.command == "DELETE":
                    reply = Reply(status=204)
                if reply is None:
                    reply = Reply(status=404, body=b"not found")
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.stream:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self._stream(reply)
                    self.close_connection = True
                    return
                announced = reply.announce if reply.announce is not None else len(reply.body)
                self.send_header("Content-Length", str(announced))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client may hang up on an announced oversize body
                    self.wfile.write(reply.body)
                if reply.announce is not None:
                    self.close_connection = True

            def _stream(self, reply: Reply) -> None:
                chunk = b"\0" * 65536
                try:
                    self.wfile.write(reply.body)
                    sent = 0
                    while sent < reply.stream:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        sent += len(chunk)
                        with server._lock:
                            server.streamed = sent
                except OSError:
                    return

            do_GET = _answer  # noqa: N815 - the names BaseHTTPRequestHandler calls
            do_DELETE = _answer  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def serve(self, path: str, *replies: Reply) -> str:
        """Script ``path``'s replies; returns its full URL."""
        self.routes[path] = list(replies)
        return self.url + path

    def of(self, method: str) -> list[Recorded]:
        return [request for request in self.requests if request.method == method]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
