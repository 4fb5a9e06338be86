"""`jitaccess serve` and `jitaccess emulator` used the way a careless administrator and a hostile
user would: forged and odd Identity-Aware Proxy assertions, cross-site form posts, activation
requests for what was never granted, Google failing, slow or gone, bad settings, SIGTERM under load.

One emulator, one proxy in front of it (`SlowGoogle`: it counts Google's requests and can delay or
replace the answers) and one serve are shared by the module; tests that need a process of their
own start it. A test marked `xfail(strict=True)` shows an open defect: it passes once the defect is
fixed, and then the mark must go."""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

import cloud
import http_client as client
from child_process import ChildProcess
from google_stack import (IAP_AUDIENCE, IAP_ISSUER, api, assert_exchanges_fit_discovery, emulator_command,
                          emulator_ready, IAPSigner, log_entries, serve_environment, serve_ready,
                          serve_start_up_failure)

ALICE = "alice@example.com"
BOB = "bob@example.com"
CAROL = "carol@example.com"
DAVE = "dave@example.com"
PROJECT = "prod-db"
SELF_ROLE = "roles/cloudsql.viewer"
PEER_ROLE = "roles/cloudsql.admin"
VIEWER = f"{PROJECT}:{SELF_ROLE}"
ADMIN = f"{PROJECT}:{PEER_ROLE}"
BASE_URL = "https://jit.example.test"
# Small, so that giving up on Google is quick; no test asserts how long anything took.
FAST_TIMEOUTS = {"BACKEND_CONNECT_TIMEOUT": "1", "BACKEND_READ_TIMEOUT": "1", "BACKEND_WRITE_TIMEOUT": "1"}
# One serve process takes the whole module's attacks, far more activations by one user than a
# person makes: its rate limits are off here, and have tests of their own (test_rate_limits.py).
NO_RATE_LIMITS = {name: "off" for name in ("RATE_LIMIT_SELF_ACTIVATIONS", "RATE_LIMIT_REQUESTS", "RATE_LIMIT_APPROVALS", "RATE_LIMIT_MAIL")}
# Every call reaches Google, so that each fault below meets the request it is meant for.
NO_LISTING_CACHE = {"LISTING_CACHE_SECONDS": "0"}
# The catalog of this run (conftest's --catalog), and the Google call that each catalog makes
# first to decide a self-activation and to list a user's projects.
CATALOG = os.environ.get("JITACCESS_E2E_CATALOG", "PolicyAnalyzer")
DECIDES = "analyzeIamPolicy" if CATALOG == "PolicyAnalyzer" else "getAncestry"
LISTS = "analyzeIamPolicy" if CATALOG == "PolicyAnalyzer" else "projects:search"
DECIDING_API = "Cloud Asset" if CATALOG == "PolicyAnalyzer" else "Resource Manager"


class SlowGoogle:
    """Forwards to `upstream`; `delays` maps a path fragment to the seconds to wait first, `answers`
    to a (status, body) sent instead of forwarding."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.delays: dict[str, float] = {}
        self.answers: dict[str, tuple[int, bytes]] = {}
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def forward(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                with proxy.lock:
                    proxy.counts[path] += 1
                    delay = max([seconds for fragment, seconds in proxy.delays.items() if fragment in path], default=0)
                    answer = next((a for fragment, a in proxy.answers.items() if fragment in path), None)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if delay:
                    time.sleep(delay)
                if answer is not None:
                    self.reply(*answer)
                    return
                headers = {name: value for name, value in self.headers.items()
                           if name.lower() not in ("host", "connection", "content-length")}
                connection = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=30)
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    upstream = connection.getresponse()
                    payload = upstream.read()
                    self.send_response(upstream.status)
                    for name, value in upstream.getheaders():
                        if name.lower() not in ("connection", "content-length", "transfer-encoding"):
                            self.send_header(name, value)
                finally:
                    connection.close()
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    self.wfile.write(payload)
                except OSError:
                    pass

            def reply(self, status: int, payload: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_DELETE = forward

        class QuietServer(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # jitaccess hanging up on a slow answer is what some tests want

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self, fragment: str) -> int:
        with self.lock:
            return sum(n for path, n in self.counts.items() if fragment in path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Hostile:
    """The shared emulator, the proxy in front of it, a serve behind the proxy, and helpers."""

    def __init__(self, binary: Path, directory: Path) -> None:
        self.binary = binary
        self.directory = directory
        self.processes: list[ChildProcess] = []
        self.emulator = self.start("emulator", emulator_command(binary, directory / "google"), {"PATH": "/usr/bin:/bin"},
                                   emulator_ready)
        self.iap = IAPSigner(self.emulator.url)
        self.iap.rotate()
        self.google = SlowGoogle(self.emulator.url)
        self.serve = self.serve_process()

    @property
    def cloud_file(self) -> Path:
        return self.directory / "google" / "cloud.json"

    def start(self, name: str, command: list[str], environment: dict[str, str], ready: Any) -> ChildProcess:
        process = ChildProcess(command, environment, self.directory / f"{name}-{len(self.processes)}.log", ready)
        self.processes.append(process)
        return process.start()

    def environment(self, extra: dict[str, str] | None = None, google: str | None = None) -> dict[str, str]:
        return serve_environment(google or self.google.url, BASE_URL, {**FAST_TIMEOUTS, **NO_RATE_LIMITS, **NO_LISTING_CACHE, **(extra or {})})

    def serve_process(self, extra: dict[str, str] | None = None, google: str | None = None) -> ChildProcess:
        return self.start("serve", [str(self.binary), "serve", "--port", "0", "--host", "127.0.0.1"],
                          self.environment(extra, google), serve_ready)

    def fault(self, status: int, count: int, methods: list[str], message: str | None = None) -> None:
        fault = {"status": status, "count": count, "methods": methods} | ({"message": message} if message else {})
        response = client.request(self.emulator.url, "POST", "/emulator/faults", {"Content-Type": "application/json"},
                                  json.dumps(fault).encode())
        assert response.status in (200, 201, 204), response.describe()

    def calm(self) -> None:
        """Google behaves again."""
        client.request(self.emulator.url, "DELETE", "/emulator/faults")
        self.google.delays.clear()
        self.google.answers.clear()

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.google.close()


@pytest.fixture(scope="module")
def hostile(jitaccess_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    stack = Hostile(jitaccess_binary, tmp_path_factory.mktemp("hostile"))
    yield stack
    try:
        assert assert_exchanges_fit_discovery(stack.emulator.url) > 0, "the module's requests reached the emulator"
    finally:
        stack.stop()
    for process in stack.processes:
        print(f"--- {' '.join(process.command[:2])} ---\n" + "\n".join(process.log().splitlines()[-60:]))


@pytest.fixture
def stack(hostile: Hostile) -> Iterator[Hostile]:
    """The shared stack, Google calm before and after the test, the shared serve still running."""
    hostile.calm()
    yield hostile
    hostile.calm()
    assert not hostile.serve.crashed(), f"serve died:\n{hostile.serve.log()[-3000:]}"


def assertion(stack: Hostile, email: str = ALICE, *, header: dict[str, Any] | None = None,
              key: Any = None, algorithm: str = "ES256", **claims: Any) -> str:
    """An IAP assertion with `claims` replacing (or, when None, removing) the usual ones."""
    now = int(time.time())
    body: dict[str, Any] = {"iss": IAP_ISSUER, "aud": IAP_AUDIENCE, "iat": now, "exp": now + 600, "email": email,
                            "sub": "accounts.google.com:1", "google": {"device_id": "hostile"}}
    for name, value in claims.items():
        if value is None:
            body.pop(name, None)
        else:
            body[name] = value
    headers = {"kid": stack.iap.current, **(header or {})}
    return jwt.encode(body, key or stack.iap.keys[stack.iap.current], algorithm=algorithm, headers=headers)


def raw_request(url: str, method: str, path: str, headers: list[tuple[str, str]], body: bytes = b"") -> tuple[int, str]:
    """A request with exactly these header lines (repeats and odd spacing included)."""
    parts = urllib.parse.urlsplit(url)
    lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}", "Connection: close",
             *(f"{name}: {value}" for name, value in headers), f"Content-Length: {len(body)}"]
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, text = answer.decode(errors="replace").partition("\r\n\r\n")
    return int(head.split()[1]), text


def self_activate(url: str, token: str, justification: str = "INC-7", minutes: Any = 5,
                  ids: list[str] | None = None, project: str = PROJECT) -> client.Response:
    return api(url, "POST", f"/api/projects/{project}/roles/self-activate", token, {
        "entitlementIds": [VIEWER] if ids is None else ids, "justification": justification, "activationTimeout": minutes})


def request_approval(url: str, token: str, justification: str = "INC-8", peers: list[str] | None = None) -> client.Response:
    return api(url, "POST", f"/api/projects/{PROJECT}/roles/request", token, {
        "entitlementId": ADMIN, "justification": justification, "peers": peers or [BOB], "activationTimeout": 5})


def activation_parameter(response: client.Response) -> str:
    """The `activation` parameter of the approval link serve hands back when mail is off."""
    assert response.status == 502 and "approvalLink" in response.json(), response.describe()
    return urllib.parse.parse_qs(urllib.parse.urlsplit(response.json()["approvalLink"]).query)["activation"][0]


def assert_signing_failed(response: client.Response) -> None:
    """A request whose token IAM Credentials did not sign: a 502 naming the API and no approval
    link (a 502 with a link is serve's ordinary answer when mail is off)."""
    assert response.status == 502, response.describe()
    assert "approvalLink" not in response.json(), f"a link without a signed token: {response.describe()}"
    assert "IAM Credentials" in response.json()["message"], response.describe()


def activations_of(stack: Hostile, email: str, role: str, justification: str | None = None) -> list[cloud.Activation]:
    found = [a for a in cloud.activations(cloud.load(stack.cloud_file), PROJECT)
             if a.member == f"user:{email}" and a.role == role]
    if justification is not None:
        found = [a for a in found if justification in (a.description or "")]
    return found


# --- Identity-Aware Proxy assertions -------------------------------------------------------------

def test_odd_but_genuine_assertions_and_forged_ones(stack: Hostile) -> None:
    """What IAP could send is accepted (header name in any case, surrounding spaces, an audience
    array holding ours, a far expiry); what it would not is refused with 403, and a repeated header
    (two users) is refused rather than one of them picked."""
    url = stack.serve.url
    alice = assertion(stack)
    cases: list[tuple[str, list[tuple[str, str]], int]] = [
        ("lower-case name", [("x-goog-iap-jwt-assertion", alice)], 200),
        ("upper-case name", [("X-GOOG-IAP-JWT-ASSERTION", alice)], 200),
        ("surrounding spaces", [("x-goog-iap-jwt-assertion", "  " + alice + "  ")], 200),
        ("two users", [("x-goog-iap-jwt-assertion", alice), ("x-goog-iap-jwt-assertion", assertion(stack, BOB))], 403),
        ("the same one twice", [("x-goog-iap-jwt-assertion", alice), ("x-goog-iap-jwt-assertion", alice)], 403),
        ("aud array with ours", [("x-goog-iap-jwt-assertion", assertion(stack, aud=[IAP_AUDIENCE, "/projects/1/apps/x"]))], 200),
        ("aud array without ours", [("x-goog-iap-jwt-assertion", assertion(stack, aud=["/projects/1/apps/x"]))], 403),
        ("exp as a float", [("x-goog-iap-jwt-assertion", assertion(stack, exp=time.time() + 600.5))], 403),
        ("exp as a string", [("x-goog-iap-jwt-assertion", assertion(stack, exp=str(int(time.time()) + 600)))], 403),
        ("exp beyond 64 bits", [("x-goog-iap-jwt-assertion", assertion(stack, exp=10**30))], 403),
        ("exp negative", [("x-goog-iap-jwt-assertion", assertion(stack, exp=-1))], 403),
        ("no exp", [("x-goog-iap-jwt-assertion", assertion(stack, exp=None))], 403),
        ("no iat", [("x-goog-iap-jwt-assertion", assertion(stack, iat=None))], 403),
        ("iat an hour ahead", [("x-goog-iap-jwt-assertion", assertion(stack, iat=int(time.time()) + 3600))], 403),
        ("kid with path characters", [("x-goog-iap-jwt-assertion", assertion(stack, header={"kid": "../../etc/passwd"}))], 403),
        ("crit header", [("x-goog-iap-jwt-assertion", assertion(stack, header={"crit": ["exp"]}))], 403),
        ("email as a list", [("x-goog-iap-jwt-assertion", assertion(stack, email=[ALICE]))], 403),
        ("email with a newline", [("x-goog-iap-jwt-assertion", assertion(stack, f"{ALICE}\nuser:{BOB}"))], 403),
        ("email with U+0001", [("x-goog-iap-jwt-assertion", assertion(stack, "alice\u0001@example.com"))], 403),
        ("email with a prefix", [("x-goog-iap-jwt-assertion", assertion(stack, "accounts.google.com:" + ALICE))], 403),
        ("email empty", [("x-goog-iap-jwt-assertion", assertion(stack, ""))], 403),
        ("17 kB", [("x-goog-iap-jwt-assertion", "ey" + "A" * 17000)], 403),
    ]
    for name, headers, status in cases:
        got, text = raw_request(url, "GET", "/api/projects", [("X-JITACCESS", "1"), *headers])
        assert got == status, f"{name}: {got} {text[:300]}"
        assert json.loads(text)["message" if status != 200 else "projects"], name
    got, _ = raw_request(url, "GET", "/api/projects", [("X-JITACCESS", "1"), ("x-goog-iap-jwt-assertion", "a" * 200_000)])
    assert got in (400, 403, 431), "a header beyond any limit is refused"


def test_who_an_assertion_names_is_who_gets_access(stack: Hostile) -> None:
    """An upper-case e-mail is the same user (bindings are written in lower case); look-alike
    letters, groups and service accounts are other principals, eligible for nothing here."""
    upper = assertion(stack, "Alice@Example.COM")
    assert PROJECT in api(stack.serve.url, "GET", "/api/projects", upper).json()["projects"]
    activated = self_activate(stack.serve.url, upper, "INC-upper")
    assert activated.status == 200, activated.describe()
    assert activated.json()["beneficiary"]["email"] == ALICE
    assert activations_of(stack, ALICE, SELF_ROLE, "INC-upper"), "the binding names user:alice@example.com"
    before = stack.cloud_file.read_bytes()
    for email in ("\u0430lice@example.com", "dbas@example.com", "jitaccess@emulator.iam.gserviceaccount.com"):
        token = assertion(stack, email)
        assert api(stack.serve.url, "GET", "/api/projects", token).json()["projects"] == [], email
        assert self_activate(stack.serve.url, token).status == 403, email
    assert stack.cloud_file.read_bytes() == before


def test_made_up_key_ids_do_not_hammer_the_key_set(stack: Hostile) -> None:
    alice = assertion(stack)
    assert api(stack.serve.url, "GET", "/api/projects", alice).status == 200
    before = stack.google.count("public_key-jwk")
    for number in range(40):
        response = api(stack.serve.url, "GET", "/api/projects", assertion(stack, header={"kid": f"made-up-{number}"}))
        assert response.status == 403, response.describe()
    assert stack.google.count("public_key-jwk") - before <= 1, "at most one fetch per refresh interval"


def test_keys_iap_never_publishes_do_not_verify_assertions(stack: Hostile) -> None:
    """A key set (served by the proxy) that also holds an RSA key, an EC key marked RS256 and an
    EC key without `alg`: only ES256 with an EC key verifies."""
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())

    def jwk(key: Any, kid: str, **fields: str) -> dict[str, Any]:
        algorithm = jwt.algorithms.RSAAlgorithm if isinstance(key, rsa.RSAPrivateKey) else jwt.algorithms.ECAlgorithm
        return {**json.loads(algorithm.to_jwk(key.public_key())), "kid": kid, **fields}

    stack.google.answers["public_key-jwk"] = (200, json.dumps({"keys": [
        jwk(rsa_key, "rsa", alg="RS256", use="sig"), jwk(ec_key, "ec-rs256", alg="RS256", use="sig"),
        jwk(ec_key, "ec-plain")]}).encode())
    serve = stack.serve_process()
    cases = {
        "RS256 with the RSA key": (assertion(stack, header={"kid": "rsa"}, key=rsa_key, algorithm="RS256"), 403),
        "ES256 with an EC key marked RS256": (assertion(stack, header={"kid": "ec-rs256"}, key=ec_key), 403),
        "RS256 under an EC kid": (assertion(stack, header={"kid": "ec-plain"}, key=rsa_key, algorithm="RS256"), 403),
        "ES256 with an EC key without alg": (assertion(stack, header={"kid": "ec-plain"}, key=ec_key), 200),
    }
    for name, (token, status) in cases.items():
        response = api(serve.url, "GET", "/api/projects", token)
        assert response.status == status, f"{name}: {response.describe()}"
    serve.stop()


def test_an_unreachable_key_set_is_not_fetched_for_every_request(stack: Hostile) -> None:
    stack.google.answers["public_key-jwk"] = (500, b'{"error": "down"}')
    before = stack.google.count("public_key-jwk")
    serve = stack.serve_process()
    for _ in range(20):
        response = api(serve.url, "GET", "/api/projects", assertion(stack))
        assert response.status == 502 and "IAP public keys" in response.json()["message"], response.describe()
    fetches = stack.google.count("public_key-jwk") - before
    serve.stop()
    assert fetches <= 2, f"20 requests made {fetches} fetches of a failing key set"


# --- Cross-site requests -------------------------------------------------------------------------

def csrf_token(url: str, token: str) -> str:
    page = client.request(url, "GET", f"/projects/{PROJECT}", {"x-goog-iap-jwt-assertion": token})
    assert page.status == 200, page.describe()
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_form_posts_from_elsewhere_are_refused_and_change_nothing(stack: Hostile) -> None:
    alice, bob = assertion(stack), assertion(stack, BOB)
    other = stack.serve_process({"CSRF_SECRET": "another-csrf-secret-of-more-than-32-bytes"})
    mine = csrf_token(stack.serve.url, alice)
    fields = {"entitlement": VIEWER, "justification": "INC-form", "minutes": "5"}

    def post(extra_fields: dict[str, str], headers: dict[str, str] | None = None) -> client.Response:
        return client.request(stack.serve.url, "POST", f"/projects/{PROJECT}/activate", {
            "x-goog-iap-jwt-assertion": alice, "Content-Type": "application/x-www-form-urlencoded", **(headers or {})},
            urllib.parse.urlencode({**fields, **extra_fields}).encode())

    before = stack.cloud_file.read_bytes()
    refused = {
        "no token": post({}),
        "bob's token": post({"csrf": csrf_token(stack.serve.url, bob)}),
        "a token from a serve with another CSRF_SECRET": post({"csrf": csrf_token(other.url, alice)}),
        "the token in upper case": post({"csrf": mine.upper()}),
        "a foreign Origin": post({"csrf": mine}, {"Origin": "https://evil.example"}),
        "Sec-Fetch-Site: cross-site": post({"csrf": mine}, {"Sec-Fetch-Site": "cross-site"}),
    }
    for name, response in refused.items():
        assert response.status == 403, f"{name}: {response.describe()[:300]}"
    assert stack.cloud_file.read_bytes() == before
    accepted = post({"csrf": mine}, {"Origin": "null"})
    assert accepted.status == 200 and activations_of(stack, ALICE, SELF_ROLE, "INC-form"), accepted.describe()[:300]
    other.stop()


def test_the_json_api_wants_its_header_and_json(stack: Hostile) -> None:
    body = json.dumps({"entitlementIds": [VIEWER], "justification": "INC-api", "activationTimeout": 5}).encode()
    path = f"/api/projects/{PROJECT}/roles/self-activate"
    alice = assertion(stack)
    cases = {
        "without X-JITACCESS": {"Content-Type": "application/json"},
        "X-JITACCESS: 0": {"Content-Type": "application/json", "X-JITACCESS": "0"},
        "text/plain": {"Content-Type": "text/plain", "X-JITACCESS": "1"},
        "a form": {"Content-Type": "application/x-www-form-urlencoded", "X-JITACCESS": "1"},
        "no content type": {"X-JITACCESS": "1"},
        "a foreign Origin": {"Content-Type": "application/json", "X-JITACCESS": "1", "Origin": "https://evil.example"},
    }
    before = stack.cloud_file.read_bytes()
    for name, headers in cases.items():
        response = client.request(stack.serve.url, "POST", path, {"x-goog-iap-jwt-assertion": alice, **headers}, body)
        assert response.status in (400, 403, 415), f"{name}: {response.describe()}"
        assert response.json()["message"], name
    assert stack.cloud_file.read_bytes() == before


# --- Activation abuse ----------------------------------------------------------------------------

def encoded(condition: str) -> str:
    return base64.urlsafe_b64encode(condition.encode()).decode().rstrip("=")


def test_activating_what_was_never_granted_is_refused_and_changes_nothing(stack: Hostile) -> None:
    alice, bob = assertion(stack), assertion(stack, BOB)
    cases = [
        ("a role of another user", alice, "shared-logs", ["shared-logs:roles/logging.viewer"], 403),
        ("a peer-approval role self-activated", bob, PROJECT, [ADMIN], 403),
        ("a role of another project under this project", alice, PROJECT, ["shared-logs:roles/logging.viewer"], 400),
        ("an eligible role of another project", alice, PROJECT, ["prod-web:roles/compute.viewer"], 400),
        ("a wider resource condition than granted", alice, "prod-web",
         ["prod-web:roles/storage.objectAdmin:" + encoded('resource.name.startsWith("projects/_/buckets/")')], 403),
        ("a resource condition never granted", alice, PROJECT, [f"{VIEWER}:" + encoded("true")], 403),
        ("the granted resource condition dropped", alice, "prod-web", ["prod-web:roles/storage.objectAdmin"], 403),
        ("an organization role through a project", bob, "shared-logs", ["shared-logs:roles/iam.securityReviewer"], 403),
        ("nothing", alice, PROJECT, [], 400),
        ("a path in the project", alice, "..%2Fprod-db", [VIEWER], 400),
    ]
    before = stack.cloud_file.read_bytes()
    for name, token, project, ids, status in cases:
        response = self_activate(stack.serve.url, token, ids=ids, project=project)
        assert response.status == status, f"{name}: {response.describe()}"
        assert response.json()["message"], name
    assert stack.cloud_file.read_bytes() == before


def test_justifications_and_durations_are_checked(stack: Hostile) -> None:
    alice = assertion(stack)
    refused = {
        "two lines": ("INC-1\nINC-2", 5), "CR LF and a header": ("INC\r\nBcc: evil@example.com", 5),
        "control characters": ("INC\u0000\u0007\u001b[31m", 5), "10 kB": ("x" * 10_000, 5), "blank": ("   ", 5),
        "76 emoji, 304 bytes": ("😀" * 76, 5), "0 minutes": ("INC", 0), "negative": ("INC", -1), "huge": ("INC", 10**6), "beyond 64 bits": ("INC", 2**63),
        "a string": ("INC", "5"), "a boolean": ("INC", True), "fractional": ("INC", 1.5),
    }
    before = stack.cloud_file.read_bytes()
    for name, (justification, minutes) in refused.items():
        response = self_activate(stack.serve.url, alice, justification, minutes)
        assert response.status == 400, f"{name}: {response.describe()}"
    assert stack.cloud_file.read_bytes() == before
    for name, justification in {"quotes": 'INC "); drop', "75 emoji": "😀" * 75, "100 CJK characters": "工" * 100}.items():
        response = self_activate(stack.serve.url, alice, justification)
        assert response.status == 200, f"{name}: {response.describe()}"
    repeated = self_activate(stack.serve.url, alice, "INC-repeat", ids=[VIEWER] * 500)
    assert repeated.status == 200 and len(repeated.json()["entitlements"]) == 1, repeated.describe()


def test_a_fractional_duration_is_named_in_the_message(stack: Hostile) -> None:
    response = self_activate(stack.serve.url, assertion(stack), "INC", 1.5)
    assert response.status == 400
    assert "activationTimeout" in response.json()["message"], response.describe()


def test_peer_approval_cannot_be_abused(stack: Hostile, tmp_path: Path) -> None:
    alice, bob, carol, dave = (assertion(stack, email) for email in (ALICE, BOB, CAROL, DAVE))
    parameter = activation_parameter(request_approval(stack.serve.url, alice, "INC-peer"))
    path = "/api/activation-request?activation=" + urllib.parse.quote(parameter)
    assert api(stack.serve.url, "GET", path, dave).status == 403, "a stranger cannot read the request"
    assert api(stack.serve.url, "GET", path, carol).status == 403, "nor an eligible peer who is no reviewer"
    assert api(stack.serve.url, "POST", path, alice).status == 400, "nobody approves their own request"
    assert api(stack.serve.url, "POST", path, carol).status == 403, "only a named reviewer approves"

    token = parameter if parameter.startswith("ey") else "ey" + parameter.replace("~~", ".ey").replace("~", ".")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    # Only the justification changes: requester, reviewer, role and window still pass every
    # other check, so the signature alone must refuse it.
    tampered = {**claims, "justification": claims["justification"] + " (and then some)"}
    forged = ".".join([header, encoded(json.dumps(tampered)), signature])
    before = stack.cloud_file.read_bytes()
    response = api(stack.serve.url, "POST", "/api/activation-request?activation=" + urllib.parse.quote(forged), bob)
    assert response.status == 400 and "signature does not match" in response.json()["message"], response.describe()
    assert stack.cloud_file.read_bytes() == before

    demo = json.loads(subprocess.run(
        [str(stack.binary), "sign-test-token", "--data-dir", str(tmp_path / "demo"), "--issuer", claims["iss"]],
        capture_output=True, check=True, timeout=30).stdout)["token"]
    for name, candidate in (("a token signed by jitaccess demo", demo), ("garbage", "xyz"), ("a huge one", "a" * 20_000)):
        response = api(stack.serve.url, "POST", "/api/activation-request?activation=" + urllib.parse.quote(candidate), bob)
        assert response.status in (400, 403), f"{name}: {response.describe()}"

    first = api(stack.serve.url, "POST", path, bob)
    assert first.status == 200, first.describe()
    again = api(stack.serve.url, "POST", path, bob)
    assert again.status == 200, "approving again rewrites the same binding, as in 1.x"
    assert len(activations_of(stack, ALICE, PEER_ROLE, "INC-peer")) == 1, "one binding, however often approved"
    assert stack.cloud_file.read_bytes() != before


# --- Google misbehaving --------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["getIamPolicy", "setIamPolicy", DECIDES])
@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_passing_google_failure_is_retried_and_a_lasting_one_is_a_502(stack: Hostile, method: str, status: int) -> None:
    alice = assertion(stack)
    stack.fault(status, 1, [method])
    once = self_activate(stack.serve.url, alice, f"INC-{method}-{status}-once")
    assert once.status == 200, once.describe()
    before = stack.cloud_file.read_bytes()
    stack.fault(status, 1000, [method])
    lasting = self_activate(stack.serve.url, alice, f"INC-{method}-{status}-lasting")
    assert lasting.status == 502, lasting.describe()
    assert str(status) in lasting.json()["message"] and "tried 3 times" in lasting.json()["message"], lasting.describe()
    assert stack.cloud_file.read_bytes() == before, "nothing half-written"


@pytest.mark.parametrize("method,status", [("getIamPolicy", 400), ("setIamPolicy", 403), (DECIDES, 403),
                                           ("signJwt", 403), ("signJwt", 503)])
def test_google_refusing_jitaccess_is_a_502_naming_the_api(stack: Hostile, method: str, status: int) -> None:
    alice = assertion(stack)
    stack.fault(status, 1000, [method])
    before = stack.cloud_file.read_bytes()
    response = (request_approval if method == "signJwt" else self_activate)(stack.serve.url, alice)
    assert response.status == 502, response.describe()
    api_name = {"signJwt": "IAM Credentials", DECIDES: DECIDING_API}.get(method, "Resource Manager")
    assert api_name in response.json()["message"], response.describe()
    assert "approvalLink" not in response.json(), "no link without a signed token"
    assert stack.cloud_file.read_bytes() == before


def test_cloud_asset_rejecting_the_query_is_nothing_found_but_logged(stack: Hostile) -> None:
    """PolicyAnalyzer: a 400 from analyzeIamPolicy means "nothing found", as in JIT Access 1.8.1
    (and issue 4); a wrong RESOURCE_SCOPE or query looks the same, so each one is logged with
    Google's words. AssetInventory: when Cloud Asset refuses to search the scope, every project
    AVAILABLE_PROJECTS_QUERY finds is listed, as 1.x lists them, and the refusal is logged."""
    if CATALOG == "PolicyAnalyzer":
        stack.fault(400, 1000, ["analyzeIamPolicy"], message="Invalid scope for this query")
    else:
        stack.fault(403, 1000, ["searchAllIamPolicies"], message="Invalid scope for this query")
    # dave: no test of this module activates anything for him, so no activation this serve
    # wrote shows in his list (those are merged into listings at once).
    projects = api(stack.serve.url, "GET", "/api/projects", assertion(stack, DAVE))
    stack.calm()
    warnings = [e for e in log_entries(stack.serve.log()) if e["severity"] == "WARNING"]
    if CATALOG == "PolicyAnalyzer":
        assert projects.status == 200 and projects.json()["projects"] == [], projects.describe()
        warnings = [e for e in warnings if "Cloud Asset answered 400" in e["message"]]
    else:
        assert projects.status == 200, projects.describe()
        assert projects.json()["projects"] == ["dev-sandbox", "prod-db", "prod-web", "shared-logs"], projects.describe()
        warnings = [e for e in warnings if "every available project" in e["message"]]
    assert warnings and "Invalid scope" in warnings[-1]["logging.googleapis.com/labels"]["error"], warnings


@pytest.mark.parametrize("method,status", [("getIamPolicy", 404), (DECIDES, 404), ("getIamPolicy", 409),
                                           (DECIDES, 409), ("signJwt", 409)])
def test_google_404_and_409_on_a_read_are_not_passed_on(stack: Hostile, method: str, status: int) -> None:
    stack.fault(status, 1000, [method])
    response = (request_approval if method == "signJwt" else self_activate)(stack.serve.url, assertion(stack))
    assert response.status == 502, response.describe()
    assert "stale write" not in response.json()["message"], response.describe()
    if method == "signJwt":
        assert_signing_failed(response)


def test_slow_google_is_given_up_on_after_backend_read_timeout(stack: Hostile) -> None:
    alice = assertion(stack)
    assert api(stack.serve.url, "GET", "/api/projects", alice).status == 200
    for fragment, call in ((LISTS, lambda: api(stack.serve.url, "GET", "/api/projects", alice)),
                           ("signJwt", lambda: request_approval(stack.serve.url, alice))):
        stack.google.delays[fragment] = 3
        response = call()
        stack.google.delays.clear()
        assert response.status == 502, f"{fragment}: {response.describe()}"
        assert "readTimeout" in response.json()["message"] or "time" in response.json()["message"].lower(), response.describe()
        if fragment == "signJwt":
            assert_signing_failed(response)


def test_a_write_that_landed_after_a_timeout_is_not_reported_as_failed(stack: Hostile) -> None:
    """Every setIamPolicy is held back past BACKEND_READ_TIMEOUT: the first lands while serve
    retries, the retries meet its new etag. serve reads the policy before it answers, so it
    finds the binding it wrote and reports the access granted."""
    stack.google.delays["setIamPolicy"] = 1.5
    response = self_activate(stack.serve.url, assertion(stack), "INC-late-write")
    assert response.status == 200, f"access was granted, but serve answered {response.describe()}"
    assert [e["id"] for e in response.json()["entitlements"]] == [VIEWER], response.describe()
    assert len(activations_of(stack, ALICE, SELF_ROLE, "INC-late-write")) == 1, "the write serve reported is in the policy"


def test_google_gone_is_a_502_and_serve_lives_on(stack: Hostile) -> None:
    """The emulator stopped for good under a serve of its own: every page and API call answers
    502 naming what could not be reached (within the client's 30 s), health stays up."""
    emulator = stack.start("emulator-doomed", emulator_command(stack.binary, stack.directory / "doomed"),
                           {"PATH": "/usr/bin:/bin"}, emulator_ready)
    iap = IAPSigner(emulator.url)
    iap.rotate()
    serve = stack.serve_process(google=emulator.url)
    token = iap.assertion(ALICE)
    assert api(serve.url, "GET", "/api/projects", token).status == 200
    assert emulator.stop() is not None
    for method, path, payload in (("GET", "/api/projects", None),
                                  ("POST", f"/api/projects/{PROJECT}/roles/self-activate",
                                   {"entitlementIds": [VIEWER], "justification": "INC-gone", "activationTimeout": 5})):
        response = api(serve.url, method, path, token, payload)
        assert response.status == 502, response.describe()
        assert "could not be reached" in response.json()["message"], response.describe()
    page = client.request(serve.url, "GET", "/", {"x-goog-iap-jwt-assertion": token})
    assert page.status == 502, page.describe()[:300]
    assert api(serve.url, "GET", "/health/alive", None).status == 200
    assert not serve.crashed()
    assert serve.stop() == 0
    log_entries(serve.log())


# --- Start-up ------------------------------------------------------------------------------------

@pytest.mark.parametrize("variable,value,others", [
    ("RESOURCE_SCOPE", " organizations/100000000001 ", {}),
    ("RESOURCE_SCOPE", "projects/ÄÖÜ", {}),
    ("RESOURCE_SCOPE", "folders/" + "9" * 40, {}),
    ("ACTIVATION_TIMEOUT", "99999999999999999999", {}),
    ("ACTIVATION_TIMEOUT", "٣٠", {}),
    ("ACTIVATION_TIMEOUT", "-5", {}),
    ("ACTIVATION_REQUEST_MAX_REVIEWERS", "10", {"ACTIVATION_REQUEST_MIN_REVIEWERS": "20"}),
    ("JUSTIFICATION_PATTERN", "a{99999999}", {}),
    ("BACKEND_READ_TIMEOUT", "1e9", {}),
    ("BACKEND_CONNECT_TIMEOUT", "-1", {}),
    ("NOTIFICATION_TIMEZONE", "Mars/Olympus", {"SMTP_SENDER_ADDRESS": "jit@example.com"}),
    ("SMTP_ENABLE_STARTTLS", "maybe", {"SMTP_SENDER_ADDRESS": "jit@example.com"}),
    ("IAP_VERIFY_AUDIENCE", "nah", {}),
    ("IAP_BACKEND_SERVICE_ID", "abc", {"IAP_AUDIENCE": "", "GOOGLE_CLOUD_PROJECT_NUMBER": "123"}),
    ("GOOGLE_CLOUD_PROJECT_NUMBER", "abc", {"IAP_AUDIENCE": ""}),
    ("BASE_URL", "javascript:alert(1)", {}),
    ("PORT", "abc", {}),
    ("IAP_PUBLIC_KEYS_URL", "not a url", {}),
    ("GCE_METADATA_HOST", "http://x:1", {}),
    ("GCE_METADATA_HOST", "127.0.0.1:9", {}),
    ("GOOGLE_APPLICATION_CREDENTIALS", "DIRECTORY", {}),
    ("GOOGLE_APPLICATION_CREDENTIALS", "EMPTY", {}),
    ("GOOGLE_APPLICATION_CREDENTIALS", "USER", {}),
    ("SMTP_SENDER_ADDRESS", "not-an-address", {}),
])
def test_a_bad_setting_is_one_json_line_naming_the_variable(stack: Hostile, tmp_path: Path, variable: str, value: str,
                                                             others: dict[str, str]) -> None:
    files = {"DIRECTORY": tmp_path, "EMPTY": tmp_path / "empty.json", "USER": tmp_path / "user.json"}
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "user.json").write_text(json.dumps({"type": "authorized_user", "client_id": "x", "refresh_token": "y"}))
    value = str(files.get(value, value))
    failure = serve_start_up_failure(stack.binary, stack.environment({**others, variable: value}), [] if variable == "PORT" else None)
    assert failure.status != 0
    entries = log_entries(failure.output)
    assert any(e["severity"] == "CRITICAL" and variable in e["message"] for e in entries), failure.output
    assert failure.errors.strip() == "", failure.errors


def test_a_port_in_use_is_a_json_line_naming_port(stack: Hostile) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        failure = serve_start_up_failure(stack.binary, stack.environment({"PORT": str(taken.getsockname()[1])}), [])
    assert failure.status != 0
    assert failure.errors.strip() == "", failure.errors
    assert any(e["severity"] == "CRITICAL" and "PORT" in e["message"] for e in log_entries(failure.output)), failure.output


def test_turning_audience_checks_off_is_warned_about(stack: Hostile) -> None:
    serve = stack.serve_process({"IAP_VERIFY_AUDIENCE": "false"})
    foreign = assertion(stack, aud="/projects/999/apps/somebody-elses-app")
    assert api(serve.url, "GET", "/api/projects", foreign).status == 200, "as configured"
    serve.stop()
    warnings = [e for e in log_entries(serve.log()) if e["severity"] == "WARNING" and "IAP_VERIFY_AUDIENCE" in e["message"]]
    assert warnings, serve.log()


def test_sigterm_lets_requests_in_flight_finish(stack: Hostile) -> None:
    serve = stack.serve_process({"BACKEND_READ_TIMEOUT": "10"})
    alice = assertion(stack)
    assert api(serve.url, "GET", "/api/projects", alice).status == 200
    # The first call of each request is held back: the projects list's and the self-activation's.
    first_calls = sorted({LISTS, DECIDES})
    for fragment in first_calls:
        stack.google.delays[fragment] = 1.5
    results: list[Any] = []

    def call(number: int) -> None:
        try:
            if number % 2:
                results.append(self_activate(serve.url, alice, f"INC-term-{number}").status)
            else:
                results.append(api(serve.url, "GET", "/api/projects", alice).status)
        except OSError as error:
            results.append(error)

    def first_calls_made() -> int:
        return sum(stack.google.count(fragment) for fragment in first_calls)

    before = first_calls_made()
    threads = [threading.Thread(target=call, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    # Each request starts with a call that the proxy holds back: once all four have reached
    # it, all four are in flight inside serve.
    deadline = time.monotonic() + 30
    while first_calls_made() - before < len(threads):
        assert time.monotonic() < deadline and not results, f"the requests did not all reach Google: {results}"
        time.sleep(0.02)
    serve.process.send_signal(signal.SIGTERM)
    for thread in threads:
        thread.join(60)
    assert serve.process.wait(30) == 0, serve.log()[-2000:]
    assert results == [200] * 4, results
    # The two activations supersede one another (and any earlier one): exactly one binding remains.
    remaining = activations_of(stack, ALICE, SELF_ROLE)
    assert len(remaining) == 1 and re.search(r"INC-term-[13]$", remaining[0].description), remaining
    log_entries(serve.log())


def test_approval_links_ignore_the_host_the_request_names(stack: Hostile) -> None:
    """A request sent with a forged Host and X-Forwarded-Host still gets a link to BASE_URL, and
    the approval page escapes the justification."""
    body = json.dumps({"entitlementId": ADMIN, "justification": "INC-9 <b>bold</b> & 'q'", "peers": [BOB],
                       "activationTimeout": 5}).encode()
    status, text = raw_request(stack.serve.url, "POST", f"/api/projects/{PROJECT}/roles/request", [
        ("Host", "evil.example"), ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Proto", "http"),
        ("X-JITACCESS", "1"), ("Content-Type", "application/json"), ("x-goog-iap-jwt-assertion", assertion(stack))], body)
    link = json.loads(text)["approvalLink"]
    assert status == 502 and link.startswith(BASE_URL + "/?activation="), text[:300]
    parameter = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["activation"][0]
    page = client.request(stack.serve.url, "GET", "/?activation=" + urllib.parse.quote(parameter),
                          {"x-goog-iap-jwt-assertion": assertion(stack, BOB)})
    assert page.status == 200, page.describe()[:300]
    assert "<b>bold</b>" not in page.text and "&lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "frame-ancestors 'none'" in page.headers.get("Content-Security-Policy", "")


def test_sign_out_behind_iap_signs_out_of_iap(stack: Hostile) -> None:
    alice = assertion(stack)
    page = client.request(stack.serve.url, "GET", "/", {"x-goog-iap-jwt-assertion": alice})
    assert page.status == 200 and 'action="/signout"' in page.text, "every page offers to sign out"
    response = client.request(stack.serve.url, "POST", "/signout", {
        "x-goog-iap-jwt-assertion": alice, "Content-Type": "application/x-www-form-urlencoded"},
        urllib.parse.urlencode({"csrf": csrf_token(stack.serve.url, alice)}).encode())
    assert "gcp-iap-mode=CLEAR_LOGIN_COOKIE" in (response.headers.get("Location") or ""), response.describe()[:300]
