"""jitaccess's SMTP client against a real SMTP server: aiosmtpd on 127.0.0.1 (e2e/smtp_server.py)
with STARTTLS required and AUTH, driven through `jitaccess send-test-mail`.

Each received message is parsed with Python's own `email` package, as a mail program would.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Iterator

import pytest

SERVER_SCRIPT = Path(__file__).with_name("smtp_server.py")
READY_LINE = re.compile(r"^smtp server ready port=(\d+) ca=(\S+)$", re.MULTILINE)
START_TIMEOUT_SECONDS = 30
SEND_TIMEOUT_SECONDS = 120

USERNAME = "jitaccess"
PASSWORD = "correct horse battery staple"
SENDER = "jit-access@example.com"
SENDER_NAME = "Zugangsdienst Müller"
RECIPIENT = "carol@example.com"
BASE_URL = "http://127.0.0.1:9"
APPROVAL_LINK = f"{BASE_URL}/?activation=sample"


@dataclass
class SMTPServer:
    process: subprocess.Popen[bytes]
    directory: Path
    port: int
    ca_file: Path

    def messages(self) -> list[tuple[EmailMessage, dict]]:
        """Every message received so far, oldest first, parsed, with what the server noted."""
        received = []
        number = 1
        while (self.directory / "messages" / f"{number}.json").exists():
            raw = (self.directory / "messages" / f"{number}.eml").read_bytes()
            message = email.message_from_bytes(raw, policy=email.policy.default)
            info = json.loads((self.directory / "messages" / f"{number}.json").read_text())
            received.append((message, info))
            number += 1
        return received


@pytest.fixture
def start_smtp_server(tmp_path: Path) -> Iterator[Callable[..., SMTPServer]]:
    """Starts e2e/smtp_server.py processes in fresh folders; all are stopped after the test."""
    servers: list[SMTPServer] = []

    def start(auth_mechanisms: str = "PLAIN,LOGIN") -> SMTPServer:
        directory = tmp_path / f"smtp-{len(servers) + 1}"
        directory.mkdir()
        log_path = directory / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, str(SERVER_SCRIPT), "--directory", str(directory), "--username", USERNAME,
                 "--password", PASSWORD, "--auth-mechanisms", auth_mechanisms],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            match = READY_LINE.search(log_path.read_text(errors="replace"))
            if match:
                server = SMTPServer(process, directory, int(match.group(1)), Path(match.group(2)))
                servers.append(server)
                return server
            if process.poll() is not None:
                raise RuntimeError(f"smtp_server.py exited with status {process.returncode}:\n{log_path.read_text()}")
            time.sleep(0.05)
        process.kill()
        raise RuntimeError(f"smtp_server.py was not ready within {START_TIMEOUT_SECONDS} s:\n{log_path.read_text()}")

    yield start
    for server in servers:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
        print(f"--- output of smtp_server.py on port {server.port} ---\n{(server.directory / 'server.log').read_text()}")


def send_test_mail(binary: Path, server: SMTPServer | None, **overrides: str | None) -> subprocess.CompletedProcess[str]:
    """Runs `jitaccess send-test-mail --to RECIPIENT` with SMTP_* pointing at `server`; a value of
    None in `overrides` leaves that variable unset."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SMTP_") and k != "NOTIFICATION_TIMEZONE"}
    settings: dict[str, str | None] = {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(server.port) if server else "25",
        "SMTP_TRUSTED_CA_FILE": str(server.ca_file) if server else None,
        "SMTP_USERNAME": USERNAME,
        "SMTP_PASSWORD": PASSWORD,
        "SMTP_SENDER_ADDRESS": SENDER,
        "SMTP_SENDER_NAME": SENDER_NAME,
        "NOTIFICATION_TIMEZONE": "Europe/Berlin",
    }
    settings.update(overrides)
    environment.update({k: v for k, v in settings.items() if v is not None})
    return subprocess.run(
        [str(binary), "send-test-mail", "--to", RECIPIENT, "--base-url", BASE_URL],
        env=environment, capture_output=True, text=True, timeout=SEND_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL,
    )


def assert_failed_cleanly(result: subprocess.CompletedProcess[str]) -> None:
    """Exit status 1 with the reason on the last line: no crash, no stack trace."""
    assert result.returncode == 1, f"status {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.stderr.splitlines()[-1].startswith("jitaccess send-test-mail: "), result.stderr
    assert "Fatal error" not in result.stderr and "Stack dump" not in result.stderr, result.stderr


@pytest.mark.parametrize("auth_mechanisms", ["PLAIN,LOGIN", "LOGIN"])
def test_mail_arrives_over_starttls_after_auth(jitaccess_binary: Path, start_smtp_server, auth_mechanisms: str) -> None:
    server = start_smtp_server(auth_mechanisms)
    result = send_test_mail(jitaccess_binary, server)
    assert result.returncode == 0, f"stdout: {result.stdout}\nstderr: {result.stderr}"
    assert f"Sent a sample approval request to {RECIPIENT}" in result.stdout

    received = server.messages()
    assert len(received) == 1
    message, info = received[0]
    assert info["tls"] is True and info["tls_version"].startswith("TLS")
    assert info["authenticated"] is True and info["auth_user"] == USERNAME
    assert info["mail_from"] == SENDER
    assert info["rcpt_tos"] == [RECIPIENT]

    assert not message.defects
    sender = message["From"].addresses[0]
    assert (sender.display_name, sender.addr_spec) == (SENDER_NAME, SENDER)
    assert [a.addr_spec for a in message["To"].addresses] == [RECIPIENT]
    assert message["Cc"] is None  # the sample's requester is the recipient: no second copy
    assert message["Subject"] == f"{RECIPIENT} requests access to roles/cloudsql.admin on sample-project"
    assert message["Date"].datetime.tzinfo is not None
    assert re.fullmatch(r"<[0-9a-f]{32}@example\.com>", message["Message-ID"])
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/alternative"
    assert [name.lower() for name in message.keys()].count("bcc") == 0

    parts = {part.get_content_type(): part for part in message.iter_parts()}
    assert list(parts) == ["text/plain", "text/html"]
    text, html = (parts[kind].get_content().replace("\r\n", "\n") for kind in ("text/plain", "text/html"))
    assert all(part.get_content_charset() == "utf-8" and not part.defects for part in parts.values())
    for body in (text, html):
        assert APPROVAL_LINK in body
        assert "roles/cloudsql.admin" in body and "sample-project" in body
        assert "There is nothing to approve" in body or "there is nothing to approve" in body
        assert re.search(r"\d\d:\d\d Europe/Berlin \(UTC\+0[12]:00\)", body)
    assert f"Review the request:\n{APPROVAL_LINK}\n" in text
    assert f'<a href="{APPROVAL_LINK}"' in html


def test_wrong_password_is_a_clear_error(jitaccess_binary: Path, start_smtp_server) -> None:
    server = start_smtp_server()
    result = send_test_mail(jitaccess_binary, server, SMTP_PASSWORD="not the password")
    assert_failed_cleanly(result)
    assert "SMTP server said 535" in result.stderr
    assert "check SMTP_USERNAME and SMTP_PASSWORD" in result.stderr
    assert "not the password" not in result.stderr
    assert server.messages() == []
    assert server.process.poll() is None, "the server should still be running"


def test_untrusted_certificate_is_refused(jitaccess_binary: Path, start_smtp_server) -> None:
    server = start_smtp_server()
    result = send_test_mail(jitaccess_binary, server, SMTP_TRUSTED_CA_FILE=None)
    assert_failed_cleanly(result)
    assert f"TLS with 127.0.0.1:{server.port} failed" in result.stderr
    assert "SMTP_TRUSTED_CA_FILE" in result.stderr
    assert server.messages() == []


def test_plaintext_is_refused_by_a_server_that_requires_starttls(jitaccess_binary: Path, start_smtp_server) -> None:
    server = start_smtp_server()
    result = send_test_mail(jitaccess_binary, server, SMTP_ENABLE_STARTTLS="false")
    assert_failed_cleanly(result)
    # aiosmtpd requires STARTTLS first: it neither offers AUTH nor accepts mail in plaintext.
    assert "offers no AUTH mechanism" in result.stderr or "SMTP server said 530" in result.stderr
    assert server.messages() == []


def test_nobody_listening_names_host_and_port(jitaccess_binary: Path) -> None:
    result = send_test_mail(jitaccess_binary, None, SMTP_PORT="1")
    assert_failed_cleanly(result)
    assert "could not connect to 127.0.0.1:1: " in result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [("SMTP_PORT", "smtp"), ("SMTP_ENABLE_STARTTLS", "maybe"), ("SMTP_SENDER_ADDRESS", "not an address"),
     ("NOTIFICATION_TIMEZONE", "Mars/Olympus_Mons"), ("SMTP_TRUSTED_CA_FILE", "/nonexistent/ca.pem")],
)
def test_bad_settings_name_the_variable(jitaccess_binary: Path, variable: str, value: str) -> None:
    result = send_test_mail(jitaccess_binary, None, **{variable: value})
    assert_failed_cleanly(result)
    assert variable in result.stderr
