"""What the outbox talks to in the drills, on loopback: a mail server (a minimal SMTP sink) and
a provider's system that receives webhooks. Either can be down (nothing listens on its port:
the connection is refused), and the mail sink can hold every message at the end of DATA,
before it answers 250, so that the drill kills a sweep while it is half-way through a send."""

import email
import socket
import socketserver
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.server import free_port


def _peer_gone(sock: socket.socket) -> bool:
    """True when the other end has closed (a killed process's socket ends with FIN/RST)."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    """Accepts mail as a mail server does: a message counts as delivered once it answers 250
    to the end of DATA (RFC 5321: the server has taken responsibility). A message whose client
    vanished before that is not delivered."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[email.message.Message] = []
        self.hold_after: int | None = None  # hold every message after this many delivered
        self.delay = 0.0  # seconds before each 250: a slow mail server keeps two sweeps at once
        self.held = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._server: _Server | None = None

    def start(self) -> None:
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(f"{line}\r\n".encode())
                self.wfile.flush()

            def handle(self):
                self.reply("220 drill sink")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        self.reply("354 go on")
                        if not sink.data(self.rfile, self.connection):
                            return
                        self.reply("250 taken")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        self._server = _Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def data(self, rfile, connection) -> bool:
        lines = []
        while (line := rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        with self._lock:
            holding = self.hold_after is not None and len(self.messages) >= self.hold_after
        if holding:
            self.held.set()
            self.release.wait(120)
            time.sleep(0.2)
        time.sleep(self.delay)
        if line == b"" or _peer_gone(connection):
            return False
        with self._lock:
            self.messages.append(email.message_from_bytes(b"".join(lines)))
        return True

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def bodies(self) -> list[tuple[str, str]]:
        """(recipient, text) of each delivered message."""
        with self._lock:
            kept = list(self.messages)
        found = []
        for message in kept:
            payload = message.get_payload(decode=True) or b""
            found.append((message["To"], payload.decode("utf-8", "replace")))
        return found


class WebhookReceiver:
    """A provider's system: checks the signature, processes each event once (it de-duplicates
    on the delivery's id, X-Samsyn-Delivery) and counts. `mode` "ok" answers 200, "error" 503.
    A delivery POSTed again after it was answered 2xx is counted in `after_ok` (Samsyn sent
    what was already taken: a duplicate the receiver had to catch)."""

    def __init__(self, secret: str):
        self.port = free_port()
        self.secret = secret
        self.mode = "ok"
        self.posts = 0
        self.processed: Counter = Counter()
        self.after_ok = 0
        self.bad_signatures = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = receiver.receive(self.headers, body.decode())
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def receive(self, headers, body: str) -> int:
        from samsyn.outbox.webhooks import webhook_signature_valid

        with self._lock:
            self.posts += 1
            if not webhook_signature_valid(
                secret=self.secret,
                timestamp=headers.get("X-Samsyn-Timestamp", ""),
                body=body,
                signature=headers.get("X-Samsyn-Signature", ""),
            ):
                self.bad_signatures += 1
                return 401
            if self.mode != "ok":
                return 503
            delivery = headers.get("X-Samsyn-Delivery", "")
            if self.processed[delivery]:
                self.after_ok += 1  # de-duplicated: answered, not processed again
            else:
                self.processed[delivery] += 1
            return 200

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
