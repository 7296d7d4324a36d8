"""Mail servers for tests, on 127.0.0.1: one that speaks just enough SMTP and keeps what it
receives, one that accepts connections and never answers, and a port where nobody listens."""

import email
import socket
import socketserver
import threading
from contextlib import contextmanager
from email.message import Message


def refusing_port() -> int:
    """A port with nothing behind it: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _SMTPHandler(socketserver.StreamRequestHandler):
    """EHLO, MAIL, RCPT, DATA, QUIT: enough for Django's SMTP backend without TLS."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        server = self.server
        self.reply("220 test ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                if server.hang_on_data.is_set():
                    server.hung.set()
                    server.release.wait(30)  # "in the middle of sending"
                    return
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in {b".\r\n", b""}:
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                server.messages.append(email.message_from_bytes(data))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not here")


@contextmanager
def recording_smtp_server():
    """Yields the server; server.port, server.messages (email.message.Message objects);
    server.hang_on_data.set() makes it stop answering at the next DATA."""
    server = _Server(("127.0.0.1", 0), _SMTPHandler)
    server.port = server.server_address[1]
    server.messages: list[Message] = []
    server.hang_on_data = threading.Event()
    server.hung = threading.Event()
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


class _SilentHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.release.wait(30)


@contextmanager
def silent_server():
    """Accepts connections and never says a word (a mail server that hangs)."""
    server = _Server(("127.0.0.1", 0), _SilentHandler)
    server.port = server.server_address[1]
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
