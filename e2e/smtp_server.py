"""A real SMTP server on 127.0.0.1 for testing jitaccess's mail: aiosmtpd with STARTTLS and AUTH.

    python e2e/smtp_server.py --directory DIR [--username U --password P] [--auth-mechanisms PLAIN,LOGIN] [--plaintext]

At start it makes a throw-away certificate authority and a server certificate signed by it (for
`localhost` and `127.0.0.1`, with the `openssl` command), listens on a free port, and prints one
line when it is ready to accept mail:

    smtp server ready port=PORT ca=DIR/ca.pem

Clients must trust DIR/ca.pem (jitaccess: SMTP_TRUSTED_CA_FILE). The server requires STARTTLS
before anything else, and AUTH (over TLS only) when a user name is given; with --plaintext it
offers no STARTTLS at all and takes AUTH in the clear. Each accepted message
is saved as DIR/messages/N.eml, with DIR/messages/N.json saying how it came: the envelope, whether
TLS was on (and its version), and who authenticated. It runs until SIGTERM or SIGINT.

The swift tests (Tests/JITAccessMailTests) and e2e/test_smtp.py both drive it.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

AUTH_MECHANISMS = ("PLAIN", "LOGIN")


def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A CA (ca.pem) and a server certificate it signed (server.pem, server.key), valid for a day."""
    ca_key, ca_cert = directory / "ca.key", directory / "ca.pem"
    key, request, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    extensions = directory / "server.ext"
    extensions.write_text(
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=serverAuth\n"
    )
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    commands = [
        ["openssl", "req", "-x509", *ec, "-days", "1", "-subj", "/CN=jitaccess test CA",
         "-keyout", ca_key, "-out", ca_cert],
        ["openssl", "req", "-new", *ec, "-subj", "/CN=localhost", "-keyout", key, "-out", request],
        ["openssl", "x509", "-req", "-in", request, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial",
         "-days", "1", "-extfile", extensions, "-out", cert],
    ]
    for command in commands:
        subprocess.run([str(part) for part in command], check=True, capture_output=True)
    return ca_cert, cert, key


class MessageStore:
    """Saves each message with how it arrived; numbered in order of arrival."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self.lock:
            self.count += 1
            number = self.count
        content = envelope.original_content or b""
        tls_connection = (session.ssl or {}).get("ssl_object")
        metadata: dict[str, Any] = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": session.ssl is not None,
            "tls_version": tls_connection.version() if tls_connection else None,
            "authenticated": bool(session.authenticated),
            "auth_user": session.auth_data if session.authenticated else None,
            "client_name": session.host_name,
        }
        (self.directory / f"{number}.eml").write_bytes(content)
        # The .json last: its presence says the message is complete.
        (self.directory / f"{number}.json").write_text(json.dumps(metadata, indent=2))
        return "250 OK message accepted"


class PasswordCheck:
    """Accepts exactly one user name and password."""

    def __init__(self, username: str, password: str) -> None:
        self.username = username.encode()
        self.password = password.encode()

    def __call__(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
        if isinstance(auth_data, LoginPassword) and auth_data.login == self.username and auth_data.password == self.password:
            return AuthResult(success=True, auth_data=auth_data.login.decode())
        return AuthResult(success=False, handled=False)


class LoopbackController(Controller):
    """aiosmtpd's Controller on a socket bound beforehand to a free port of 127.0.0.1, so no
    port number is guessed and none can be taken by another process in between."""

    def __init__(self, handler: Any, **kwargs: Any) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        super().__init__(handler, hostname="127.0.0.1", port=self.listener.getsockname()[1], **kwargs)

    def _create_server(self):  # noqa: ANN202 (aiosmtpd's signature)
        return self.loop.create_server(self._factory_invoker, sock=self.listener)

    def _trigger_server(self) -> None:
        # The base class connects once to make aiosmtpd create its protocol object; over
        # STARTTLS it must also say QUIT, or aiosmtpd logs a dropped session.
        with socket.create_connection(("127.0.0.1", self.port), 5) as connection:
            connection.recv(1024)
            connection.sendall(b"QUIT\r\n")
            connection.recv(1024)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--directory", type=Path, required=True, help="where the certificates and messages go")
    parser.add_argument("--username", help="require AUTH with this user name")
    parser.add_argument("--password", default="", help="the password of --username")
    parser.add_argument("--auth-mechanisms", default="PLAIN,LOGIN", help="offered AUTH mechanisms, of PLAIN and LOGIN")
    parser.add_argument("--plaintext", action="store_true",
                        help="offer no STARTTLS and allow AUTH without TLS (to test that clients refuse that)")
    arguments = parser.parse_args()

    offered = {name.strip().upper() for name in arguments.auth_mechanisms.split(",") if name.strip()}
    if not offered <= set(AUTH_MECHANISMS):
        parser.error(f"--auth-mechanisms: only {', '.join(AUTH_MECHANISMS)} are supported")

    arguments.directory.mkdir(parents=True, exist_ok=True)
    ca_cert, cert, key = make_certificates(arguments.directory)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(cert, key)

    options: dict[str, Any] = {
        "tls_context": None if arguments.plaintext else tls,
        "require_starttls": not arguments.plaintext,
        "auth_require_tls": not arguments.plaintext,
        "auth_exclude_mechanism": [name for name in AUTH_MECHANISMS if name not in offered],
    }
    if arguments.username:
        options["authenticator"] = PasswordCheck(arguments.username, arguments.password)
        options["auth_required"] = True

    # A parent may have started us with these signals blocked (Foundation's Process on Linux
    # passes on its thread's mask), and then SIGTERM would never arrive.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    controller = LoopbackController(MessageStore(arguments.directory / "messages"), **options)
    controller.start()
    stopped = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stopped.set())
    print(f"smtp server ready port={controller.port} ca={ca_cert}", flush=True)
    stopped.wait()
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
