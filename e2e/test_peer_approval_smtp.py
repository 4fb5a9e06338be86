"""Peer approval with real e-mail: `jitaccess demo` sends through aiosmtpd on 127.0.0.1 with
STARTTLS and AUTH required; alice asks bob, bob approves from the link in the mail he received,
and alice is told. Every message is parsed with Python's `email` package, as a mail program would."""

from __future__ import annotations

import re
import urllib.parse
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest

import cloud
import http_client as client
from test_smtp import PASSWORD, USERNAME, SMTPServer, start_smtp_server  # noqa: F401  (a fixture)

PROJECT = "prod-db"
ROLE = "roles/cloudsql.admin"
ALICE = "alice@example.com"
BOB = "bob@example.com"
SENDER = "jit-access@example.com"
JUSTIFICATION = 'INC-77: replica lag <b>&</b> "failover"'


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain-text and HTML bodies of a multipart/alternative message."""
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "both a text and an HTML part"
    return text.get_content(), html.get_content()


def addresses(message: EmailMessage, header: str) -> set[str]:
    return {address.addr_spec for address in message[header].addresses} if message[header] else set()


@pytest.fixture
def smtp_demo(start_smtp_server, start_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    server: SMTPServer = start_smtp_server()
    for name, value in {
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(server.port), "SMTP_TRUSTED_CA_FILE": str(server.ca_file),
        "SMTP_USERNAME": USERNAME, "SMTP_PASSWORD": PASSWORD, "SMTP_SENDER_ADDRESS": SENDER,
        "SMTP_ENABLE_STARTTLS": "true", "NOTIFICATION_TIMEZONE": "Europe/Berlin",
    }.items():
        monkeypatch.setenv(name, value)
    return server, start_demo(tmp_path / "data")


def test_request_and_approval_travel_by_real_mail(smtp_demo) -> None:
    server, demo = smtp_demo
    entitlement = client.entitlement_id(demo.url, ALICE, PROJECT, ROLE, "MPA")
    response = client.api(demo.url, "POST", f"/api/projects/{PROJECT}/roles/request", principal=ALICE, payload={
        "entitlementId": entitlement, "justification": JUSTIFICATION, "peers": [BOB], "activationTimeout": 45,
    })
    assert response.status == 200, response.describe()
    assert response.json()["entitlements"][0]["status"] == "ACTIVATION_PENDING"

    received = server.messages()
    assert len(received) == 1, f"one message to the reviewer, requester in copy: {received}"
    message, info = received[0]
    assert info["tls"] and info["authenticated"], f"sent over STARTTLS after AUTH: {info}"
    assert set(info["rcpt_tos"]) == {ALICE, BOB}
    assert addresses(message, "To") == {BOB}
    assert addresses(message, "Cc") == {ALICE}
    assert addresses(message, "From") == {SENDER}
    assert ROLE in message["Subject"] and ALICE in message["Subject"]
    assert message["Message-ID"] and message["Date"]
    text, html = parts(message)
    for needle in (ALICE, ROLE, PROJECT, JUSTIFICATION):
        assert needle in text, f"{needle!r} in the text part:\n{text}"
    assert "<b>&</b>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html, "the justification is escaped in HTML"
    assert "Europe/Berlin" in text or "CET" in text or "CEST" in text, f"times in NOTIFICATION_TIMEZONE:\n{text}"

    links = re.findall(re.escape(demo.url.rstrip("/")) + r"/\?activation=[A-Za-z0-9_~\-]+", text)
    assert links, f"the approval link in the text part:\n{text}"
    assert links[0] in html.replace("&amp;", "&"), "the same link in the HTML part"
    path = urllib.parse.urlsplit(links[0])
    token_parameter = urllib.parse.parse_qs(path.query)["activation"][0]

    # bob opens the link from his mail and approves.
    request_path = "/api/activation-request?activation=" + urllib.parse.quote(token_parameter)
    seen = client.api(demo.url, "GET", request_path, principal=BOB)
    assert seen.status == 200, seen.describe()
    assert seen.json()["isReviewer"] is True and seen.json()["justification"] == JUSTIFICATION
    approved = client.api(demo.url, "POST", request_path, principal=BOB)
    assert approved.status == 200, approved.describe()
    assert approved.json()["entitlements"][0]["status"] == "ACTIVE"

    received = server.messages()
    assert len(received) == 2, "alice is told"
    confirmation, info = received[1]
    assert info["tls"] and info["authenticated"]
    assert ALICE in addresses(confirmation, "To")
    text, _ = parts(confirmation)
    assert BOB in text and ROLE in text, text

    activation = [a for a in cloud.activations(cloud.load(demo.cloud_file), PROJECT) if a.member == f"user:{ALICE}"]
    assert len(activation) == 1
    assert activation[0].role == ROLE
    assert cloud.approved_description(BOB, JUSTIFICATION).fullmatch(activation[0].description), activation[0]
    assert activation[0].end - activation[0].start == (datetime.fromtimestamp(45 * 60, timezone.utc) - datetime.fromtimestamp(0, timezone.utc))


def test_a_mail_failure_hands_the_link_to_the_requester(start_demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": "9", "SMTP_SENDER_ADDRESS": SENDER}.items():
        monkeypatch.setenv(name, value)
    demo = start_demo(tmp_path / "data")
    entitlement = client.entitlement_id(demo.url, ALICE, PROJECT, ROLE, "MPA")
    response = client.api(demo.url, "POST", f"/api/projects/{PROJECT}/roles/request", principal=ALICE, payload={
        "entitlementId": entitlement, "justification": "INC-78", "peers": [BOB], "activationTimeout": 30,
    })
    assert response.status == 502, response.describe()
    body = response.json()
    assert "127.0.0.1:9" in body["message"] and body["approvalLink"] in body["message"]
    assert body["approvalLink"].startswith(demo.url.rstrip("/") + "/?activation=")
    # The link works by hand: bob can approve from it.
    parameter = urllib.parse.parse_qs(urllib.parse.urlsplit(body["approvalLink"]).query)["activation"][0]
    approved = client.api(demo.url, "POST", "/api/activation-request?activation=" + urllib.parse.quote(parameter), principal=BOB)
    assert approved.status in (200, 502), approved.describe()
    assert any(a.member == f"user:{ALICE}" and a.role == ROLE for a in cloud.activations(cloud.load(demo.cloud_file), PROJECT))
