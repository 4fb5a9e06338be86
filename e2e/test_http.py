"""The service seen from outside a browser: the JSON API, forged requests and hostile input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

import cloud
import http_client as client
from demo_server import DemoServer

PROJECT = "prod-db"
VIEWER = "roles/cloudsql.viewer"
ADMIN = "roles/cloudsql.admin"
ALICE = "alice@example.com"
DAVE = "dave@example.com"
SELF_ACTIVATE = f"/api/projects/{PROJECT}/roles/self-activate"
FIVE_MEGABYTES = 5 * 1024 * 1024


def viewer_id(server: DemoServer) -> str:
    return client.entitlement_id(server.url, ALICE, PROJECT, VIEWER, "JIT")


def assert_error(response: client.Response, status: int | tuple[int, ...]) -> None:
    """An error status with a JSON body `{"message": "..."}` that says something."""
    expected = status if isinstance(status, tuple) else (status,)
    assert response.status in expected, response.describe()
    body = response.json()
    assert isinstance(body.get("message"), str) and body["message"].strip(), response.describe()


def assert_healthy(server: DemoServer) -> None:
    response = client.request(server.url, "GET", "/health/ready")
    assert response.status == 200, response.describe()
    assert response.json()["healthy"] is True


# --- the API's contract ----------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("GET", "/api/policy"),
    ("GET", "/api/projects"),
    ("GET", f"/api/projects/{PROJECT}/roles"),
    ("POST", SELF_ACTIVATE),
])
def test_api_calls_without_the_x_jitaccess_header_are_refused(demo: DemoServer, method: str, path: str) -> None:
    before = demo.cloud_file.read_bytes()
    payload = {"entitlementIds": [f"{PROJECT}:{VIEWER}"], "justification": "x", "activationTimeout": 30} if method == "POST" else None
    assert_error(client.api(demo.url, method, path, payload=payload, jitaccess_header=False), 400)
    if method == "GET":
        assert client.api(demo.url, method, path).status == 200, "the same call with the header should work"
    assert demo.cloud_file.read_bytes() == before


def test_readiness_reports_demo_mode(demo: DemoServer) -> None:
    response = client.request(demo.url, "GET", "/health/ready")
    assert response.status == 200, response.describe()
    body = response.json()
    assert body["healthy"] is True
    assert "demo" in json.dumps(body.get("details", {})).lower(), f"readiness should say it runs in demo mode: {body}"


def test_policy_shows_the_default_rules(demo: DemoServer) -> None:
    response = client.api(demo.url, "GET", "/api/policy")
    assert response.status == 200, response.describe()
    body = response.json()
    assert body["signedInUser"] == {"email": ALICE}
    assert body["justificationHint"] == "Bug or case number"
    assert body["maxActivationTimeout"] == 120
    assert body["defaultActivationTimeout"] == 60


@pytest.mark.parametrize("user", cloud.DEMO_USERS)
def test_listings_match_what_the_cloud_file_grants(demo: DemoServer, user: str) -> None:
    """Projects and roles per user, against eligibility computed here from cloud.json
    (groups expanded, folder and organization policies inherited)."""
    document = cloud.load(demo.cloud_file)
    expected = {p: cloud.eligible_roles(document, user, p) for p in cloud.project_ids(document)}
    expected = {p: roles for p, roles in expected.items() if roles}
    assert sorted(client.projects(demo.url, user)) == sorted(expected)
    for project, roles in expected.items():
        listed = client.entitlements(demo.url, user, project)
        assert {(e["name"], e["activationType"]) for e in listed} == roles, f"{user} on {project}"
        assert {e["status"] for e in listed} == {"INACTIVE"}


def test_the_demo_cloud_has_what_the_walkthrough_needs(demo: DemoServer) -> None:
    document = cloud.load(demo.cloud_file)
    assert {(VIEWER, "JIT"), (ADMIN, "MPA")} <= cloud.eligible_roles(document, ALICE, PROJECT)
    dave = {role for role, _ in cloud.eligible_roles(document, DAVE, PROJECT)}
    assert not dave & {VIEWER, ADMIN}, "dave must not be eligible for alice's prod-db roles"


def test_alice_self_activates_through_the_api(demo: DemoServer) -> None:
    before = cloud.load(demo.cloud_file)
    requested_at = datetime.now(timezone.utc)
    response = client.self_activate(demo.url, ALICE, PROJECT, [viewer_id(demo)], "Ticket 17", 30)
    assert response.status == 200, response.describe()
    body = response.json()
    assert body["beneficiary"] == {"email": ALICE}
    assert body["justification"] == "Ticket 17"
    [entitlement] = body["entitlements"]
    assert entitlement["status"] == "ACTIVE" and entitlement["name"] == VIEWER
    assert entitlement["endTime"] - entitlement["startTime"] == 30 * 60

    added, removed = cloud.added_and_removed(before, cloud.load(demo.cloud_file))
    assert removed == [] and len(added) == 1, (added, removed)
    activation = cloud.parse_activation(added[0][1])
    assert activation is not None and activation.member == f"user:{ALICE}" and activation.role == VIEWER
    assert activation.description == "Self-approved, justification: Ticket 17"
    assert activation.end - activation.start == timedelta(minutes=30)
    assert abs(activation.start - requested_at) <= timedelta(minutes=1)
    assert activation.start.timestamp() == entitlement["startTime"]

    [listed] = [e for e in client.entitlements(demo.url, ALICE, PROJECT) if e["name"] == VIEWER]
    assert listed["status"] == "ACTIVE"


# --- requests that must change nothing -------------------------------------------------------

def test_dave_cannot_activate_alices_role(demo: DemoServer) -> None:
    entitlement = viewer_id(demo)
    before = demo.cloud_file.read_bytes()
    response = client.self_activate(demo.url, DAVE, PROJECT, [entitlement], "I want in", 30)
    assert_error(response, 403)
    assert demo.cloud_file.read_bytes() == before


def test_a_peer_approval_role_cannot_be_self_activated(demo: DemoServer) -> None:
    entitlement = client.entitlement_id(demo.url, ALICE, PROJECT, ADMIN, "MPA")
    before = demo.cloud_file.read_bytes()
    response = client.self_activate(demo.url, ALICE, PROJECT, [entitlement], "Skipping the review", 30)
    assert_error(response, 403)
    assert demo.cloud_file.read_bytes() == before


@pytest.mark.parametrize("justification, minutes", [
    ("x" * 101, 30),
    ("   ", 30),
    ("Ticket 17", 0),
    ("Ticket 17", 121),
], ids=["justification-too-long", "justification-blank", "zero-minutes", "over-the-maximum"])
def test_requests_that_break_the_rules_are_refused(demo: DemoServer, justification: str, minutes: int) -> None:
    entitlement = viewer_id(demo)
    before = demo.cloud_file.read_bytes()
    assert_error(client.self_activate(demo.url, ALICE, PROJECT, [entitlement], justification, minutes), 400)
    assert demo.cloud_file.read_bytes() == before


@pytest.mark.parametrize("body", [
    b"{not json",
    b"",
    b"[]",
    b'{"entitlementIds": "prod-db:roles/cloudsql.viewer", "justification": "j", "activationTimeout": 30}',
    b'{"entitlementIds": ["prod-db:roles/cloudsql.viewer"], "justification": "j", "activationTimeout": "thirty"}',
    b'{"entitlementIds": ["prod-db:roles/cloudsql.viewer"], "activationTimeout": 30}',
], ids=["broken", "empty", "array", "ids-not-a-list", "timeout-not-a-number", "no-justification"])
def test_malformed_json_gets_400_with_a_message(demo: DemoServer, body: bytes) -> None:
    before = demo.cloud_file.read_bytes()
    assert_error(client.api(demo.url, "POST", SELF_ACTIVATE, raw_body=body), 400)
    assert demo.cloud_file.read_bytes() == before
    assert_healthy(demo)


# --- cross-site requests ---------------------------------------------------------------------

def signed_in_form(server: DemoServer, email: str = ALICE) -> tuple[client.FormSession, str, str]:
    """A cookie session for the user, and the action and CSRF token of the activation form on
    the first project where the user has a self-approval role (prod-db for alice)."""
    session = client.FormSession(server.url)
    session.sign_in(email)
    project = PROJECT if email == ALICE else next(
        p for p in sorted(client.projects(server.url, email))
        if any(e["activationType"] == "JIT" for e in client.entitlements(server.url, email, p)))
    page = session.send("GET", f"/projects/{project}")
    assert page.status == 200, page.describe()
    return session, client.form_action(page.text), client.hidden_field(page.text, "csrf")


def activation_form(entitlement: str, token: str | None) -> list[tuple[str, str]]:
    fields = [("entitlement", entitlement), ("justification", "Forged"), ("minutes", "30")]
    return fields + ([("csrf", token)] if token is not None else [])


@pytest.mark.parametrize("origin, token", [
    ("https://evil.example", None),
    ("https://evil.example", "forged-token"),
    ("https://evil.example", "REAL"),
    (None, None),
    ("same", ""),
    ("same", "forged-token"),
    ("null", None),
], ids=["foreign-origin-no-token", "foreign-origin-wrong-token", "foreign-origin-real-token", "no-origin-no-token",
        "same-origin-empty-token", "same-origin-wrong-token", "null-origin-no-token"])
def test_a_cross_site_form_post_is_refused(demo: DemoServer, origin: str | None, token: str | None) -> None:
    session, action, real_token = signed_in_form(demo)
    assert action == f"/projects/{PROJECT}/activate"
    headers = {} if origin is None else {"Origin": session.origin if origin == "same" else origin}
    before = demo.cloud_file.read_bytes()
    form = activation_form(viewer_id(demo), real_token if token == "REAL" else token)
    response = session.send("POST", action, form, headers)
    assert response.status == 403, response.describe()
    assert demo.cloud_file.read_bytes() == before


@pytest.mark.parametrize("origin, token", [
    ("https://evil.example", "REAL"),
    ("same", None),
    ("same", "forged-token"),
], ids=["foreign-origin-real-token", "same-origin-no-token", "same-origin-wrong-token"])
def test_a_cross_site_sign_in_is_refused(demo: DemoServer, origin: str, token: str | None) -> None:
    """Another site cannot sign a visitor in as a user of its choice. Each case passes all but
    one defence (the origin check, the form token), so each defence is tested alone."""
    session = client.FormSession(demo.url)
    real_token = session.sign_in_form_token()
    form = [("email", "mallory@example.com")] + ([("csrf", real_token if token == "REAL" else token)] if token else [])
    response = session.send("POST", "/signin", form, {"Origin": session.origin if origin == "same" else origin})
    assert response.status == 403, response.describe()
    not_signed_in = session.send("GET", "/api/projects", headers={"X-JITACCESS": "1"})
    assert not_signed_in.status == 401, not_signed_in.describe()
    control = session.send("POST", "/signin", [("email", "mallory@example.com"), ("csrf", real_token)],
                           {"Origin": session.origin})
    assert control.status in (302, 303), f"the same sign-in with the real token from this site works: {control.describe()}"


def test_the_same_form_post_with_the_real_token_works(demo: DemoServer) -> None:
    """The control for the test above: only the token and origin made it fail."""
    session, action, token = signed_in_form(demo)
    response = session.send("POST", action, activation_form(viewer_id(demo), token), {"Origin": session.origin})
    assert response.status in (200, 303), response.describe()
    assert [a.role for a in cloud.activations(cloud.load(demo.cloud_file), PROJECT)] == [VIEWER]


def test_another_users_token_does_not_work(demo: DemoServer) -> None:
    _, _, bobs_token = signed_in_form(demo, "bob@example.com")
    session, action, _ = signed_in_form(demo)
    before = demo.cloud_file.read_bytes()
    response = session.send("POST", action, activation_form(viewer_id(demo), bobs_token), {"Origin": session.origin})
    assert response.status == 403, response.describe()
    assert demo.cloud_file.read_bytes() == before


# --- hostile identities and sizes ------------------------------------------------------------

@pytest.mark.parametrize("principal", [
    "<script>alert(1)</script>@example.com",
    "alice@example.com<script>alert(1)</script>",
    "alice@example.com, bob@example.com",
    "",
    "not-an-email",
], ids=["script-local-part", "script-after-domain", "two-emails", "empty", "not-an-email"])
def test_a_bad_demo_principal_is_refused_cleanly(demo: DemoServer, principal: str) -> None:
    response = client.api(demo.url, "GET", "/api/projects", principal=principal)
    assert response.status in (400, 401), response.describe()
    assert response.headers.get_content_type() == "application/json", response.describe()
    assert "<script>" not in response.text, "the refused identity is not echoed"
    assert_healthy(demo)


@pytest.mark.parametrize("raw_value", [
    b"alice@example.com\rX-Evil: 1",
    b"alice@example.com\x00",
    b"alice@example.com\x0bX-Evil: 1",
], ids=["bare-cr", "nul", "vertical-tab"])
def test_control_characters_in_the_principal_header_are_refused(demo: DemoServer, raw_value: bytes) -> None:
    host = demo.url.split("//", 1)[1].rstrip("/")
    raw = (b"GET /api/projects HTTP/1.1\r\nHost: " + host.encode() + b"\r\nX-JITACCESS: 1\r\n"
           b"X-Debug-Principal: " + raw_value + b"\r\nConnection: close\r\n\r\n")
    answer = client.raw_exchange(demo.url, raw)
    status = client.status_of(answer)
    # Refusing at the HTTP layer (400, or closing the connection) is as good as a 401.
    assert status in (None, 400, 401), answer[:2000]
    assert b"\r\nx-evil:" not in answer.lower()
    assert_healthy(demo)


@pytest.mark.parametrize("raw_value", [b"alice\xc2\x80@example.com", b"alice\xc2\x9b@example.com"], ids=["U+0080", "U+009B"])
def test_a_c1_control_character_in_the_principal_header_is_refused_by_jitaccess(demo: DemoServer, raw_value: bytes) -> None:
    """C1 control characters arrive as UTF-8 bytes of 0x80 and above, which the HTTP parser
    passes (as obs-text): jitaccess's own check of the address must refuse them, with its 401."""
    host = demo.url.split("//", 1)[1].rstrip("/")
    raw = (b"GET /api/projects HTTP/1.1\r\nHost: " + host.encode() + b"\r\nX-JITACCESS: 1\r\n"
           b"X-Debug-Principal: " + raw_value + b"\r\nConnection: close\r\n\r\n")
    answer = client.raw_exchange(demo.url, raw)
    assert client.status_of(answer) == 401, answer[:2000]
    assert b'"message":"The X-Debug-Principal header must be an e-mail address' in answer, answer[:2000]
    assert_healthy(demo)


def test_a_control_character_in_a_signed_in_identity_is_refused_by_jitaccess(demo: DemoServer) -> None:
    """The HTTP parser refuses C0 control characters in a header before jitaccess sees them, but
    a form field carries them percent-encoded: U+0001 in the e-mail address of the sign-in form
    reaches jitaccess's own check of addresses, which must refuse it."""
    session = client.FormSession(demo.url)
    token = session.sign_in_form_token()
    response = session.send("POST", "/signin", [("email", "alice\x01@example.com"), ("csrf", token)],
                            {"Origin": session.origin})
    assert response.status == 400 and "is not an e-mail address" in response.text, response.describe()
    assert not any(name == "jitaccess_demo_user" and value for name, value in session.cookies.items()), session.cookies
    assert session.send("GET", "/api/projects", headers={"X-JITACCESS": "1"}).status == 401
    assert_healthy(demo)


def test_a_bad_email_on_the_sign_in_form_is_refused_and_escaped(demo: DemoServer) -> None:
    session = client.FormSession(demo.url)
    token = session.sign_in_form_token()
    response = session.send("POST", "/signin", [("email", "<script>alert(1)</script>@example.com"), ("csrf", token)],
                            {"Origin": session.origin})
    assert response.status in (400, 401), response.describe()
    assert "<script>alert(1)" not in response.text
    assert_healthy(demo)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("path, content_type", [
    (SELF_ACTIVATE, "application/json"),
    ("/signin", "application/x-www-form-urlencoded"),
    (f"/projects/{PROJECT}/activate", "application/x-www-form-urlencoded"),
], ids=["api", "signin", "activate-form"])
def test_a_huge_body_gets_413_and_the_server_stays_up(demo: DemoServer, path: str, content_type: str, chunked: bool) -> None:
    session, _, _ = signed_in_form(demo)
    before = demo.cloud_file.read_bytes()
    headers = {"Content-Type": content_type, "X-JITACCESS": "1", "X-Debug-Principal": ALICE,
               "Origin": session.origin, "Cookie": session.cookie_header()}
    answer = client.post_oversized(demo.url, path, headers, FIVE_MEGABYTES, chunked=chunked)
    assert client.status_of(answer) == 413, answer[:2000]
    assert demo.cloud_file.read_bytes() == before
    assert_healthy(demo)
    assert client.api(demo.url, "GET", "/api/projects").status == 200
