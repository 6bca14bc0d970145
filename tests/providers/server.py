"""A real HTTP/1.1 server on 127.0.0.1 that replays model streams, for the provider tests.

Each reply is written over a real socket: status line, headers, then the body as
HTTP chunked transfer encoding cut into pieces of random sizes (seeded, so a run
can be repeated), each piece flushed on its own, with ``TCP_NODELAY`` so that the
pieces travel as separate segments. A reply can also misbehave the way real
servers and networks do: close the connection without answering (``drop``), stop
in the middle of the body without the chunked terminator (``cut_after``), fall
silent (``pause``), or send a plain ``Content-Length`` body.

Replies are chosen per request by ``script(path, *replies)`` (in order; the last
one repeats) or by a ``router`` function of the request, which is how recorded
streams are replayed by prompt. Every request is kept in ``requests``.
"""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SSE = {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache"}
JSON = {"content-type": "application/json"}


@dataclass
class Reply:
    """What the server answers to one request."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: dict(SSE))
    chunked: bool = True
    drop: bool = False  # close the connection without any response
    cut_after: int | None = None  # close after this many body bytes, no terminator
    pause: tuple[int, float] | None = None  # (body offset, seconds) to fall silent at


@dataclass
class Received:
    """A request the server got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Router = Callable[[Received], "Reply | None"]


class ReplayServer:
    """The server; ``url`` is its base address, ``close()`` stops it."""

    def __init__(self, seed: int = 0, max_piece: int = 48) -> None:
        self.rng = random.Random(seed)
        self.max_piece = max_piece
        self.requests: list[Received] = []
        self.scripts: dict[str, list[Reply]] = {}
        self.router: Router | None = None
        self.lock = threading.Lock()
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(self, path: str, *replies: Reply) -> None:
        """Answer requests for ``path`` with ``replies`` in order, the last one repeating."""
        with self.lock:
            self.scripts[path] = list(replies)

    def reset(self) -> None:
        with self.lock:
            self.scripts.clear()
            self.requests.clear()
            self.router = None

    def replay_recordings(self) -> None:
        """Answer each request with the recording of the same path and last user message."""
        from .recordings import by_prompt, last_prompt, recorded

        table = by_prompt(recorded())

        def route(request: Received) -> Reply | None:
            rec = table.get((request.path.split("?")[0], last_prompt(request.json())))
            if rec is None:
                return None
            return Reply(rec.body, status=rec.status, headers={"content-type": rec.content_type})

        self.router = route

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def reply_for(self, request: Received) -> Reply:
        with self.lock:
            self.requests.append(request)
            path = request.path.split("?")[0]
            replies = self.scripts.get(path)
            if replies:
                return replies.pop(0) if len(replies) > 1 else replies[0]
            router = self.router
        reply = router(request) if router is not None else None
        if reply is None:
            return Reply(json.dumps({"error": {"message": f"no reply scripted for {path}",
                                               "type": "not_found"}}).encode(),
                         status=404, headers=dict(JSON), chunked=False)
        return reply

    def pieces(self, body: bytes) -> list[bytes]:
        """``body`` cut at random places."""
        with self.lock:
            sizes = []
            total = 0
            while total < len(body):
                size = self.rng.randint(1, self.max_piece)
                sizes.append(size)
                total += size
        pieces, start = [], 0
        for size in sizes:
            pieces.append(body[start:start + size])
            start += size
        return pieces


class _QuietServer(ThreadingHTTPServer):
    """Clients hang up on purpose in these tests (timeouts, early stops): not an error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def _handler_for(server: ReplayServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            request = Received("POST", self.path, {k.lower(): v for k, v in self.headers.items()},
                               self.rfile.read(length))
            self.answer(server.reply_for(request))

        do_GET = do_POST

        def answer(self, reply: Reply) -> None:
            if reply.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if not reply.chunked:
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                self.wfile.flush()
                return
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            self.wfile.flush()
            if self.write_chunks(reply):
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()

        def write_chunks(self, reply: Reply) -> bool:
            """Write the body; False when the reply says to break off."""
            sent = 0
            for piece in server.pieces(reply.body):
                if reply.cut_after is not None and sent + len(piece) > reply.cut_after:
                    piece = piece[:reply.cut_after - sent]
                    if piece:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return False
                if reply.pause is not None and sent <= reply.pause[0] < sent + len(piece):
                    time.sleep(reply.pause[1])
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                sent += len(piece)
            return True

    return Handler
