"""`jitaccess serve` in production shape: Google's APIs served by `jitaccess emulator` over real
HTTP, sign-in by Identity-Aware Proxy assertions the test signs and publishes as IAP's key set,
activation tokens signed through the emulated IAM Credentials `signJwt`, mail through aiosmtpd.

The flows are the ones a person goes through; the refusals are the ones an attacker tries."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path
from typing import Callable, Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

import cloud
from child_process import ChildProcess
from google_stack import (api, assert_exchanges_fit_discovery, emulator_command, emulator_ready, IAPSigner,
                          log_entries, serve_environment, serve_ready, serve_start_up_failure)
from test_smtp import PASSWORD, USERNAME, SMTPServer, start_smtp_server  # noqa: F401  (a fixture)

ALICE = "alice@example.com"
BOB = "bob@example.com"
PROJECT = "prod-db"
SELF_ROLE = "roles/cloudsql.viewer"
PEER_ROLE = "roles/cloudsql.admin"
BASE_URL = "https://jit.example.test"
SENDER = "jit-access@example.com"
# jitaccess fetches the IAP key set again at most every 5 seconds; a new key must work well within this.
KEY_SET_PICKUP_SECONDS = 30


class GoogleStack:
    def __init__(self, binary: Path, directory: Path, processes: list[ChildProcess]) -> None:
        self.binary = binary
        self.directory = directory
        self.processes = processes
        self.emulator = self._start("emulator", emulator_command(binary, directory / "google"), {"PATH": "/usr/bin:/bin"},
                                    emulator_ready)
        self.iap = IAPSigner(self.emulator.url)
        self.iap.rotate()

    @property
    def cloud_file(self) -> Path:
        return self.directory / "google" / "cloud.json"

    def _start(self, name: str, command: list[str], environment: dict[str, str],
               ready: Callable[[str], str | None]) -> ChildProcess:
        process = ChildProcess(command, environment, self.directory / f"{name}-{len(self.processes)}.log", ready)
        self.processes.append(process)
        return process.start()

    def serve(self, extra: dict[str, str] | None = None) -> ChildProcess:
        environment = serve_environment(self.emulator.url, BASE_URL, extra)
        return self._start("serve", [str(self.binary), "serve", "--port", "0", "--host", "127.0.0.1"],
                           environment, serve_ready)


@pytest.fixture
def stack(jitaccess_binary: Path, tmp_path: Path) -> Iterator[GoogleStack]:
    processes: list[ChildProcess] = []
    stack = GoogleStack(jitaccess_binary, tmp_path, processes)
    yield stack
    assert_exchanges_fit_discovery(stack.emulator.url)
    for process in reversed(processes):
        process.stop()
        print(f"--- {' '.join(process.command[:2])} ---\n" + "\n".join(process.log().splitlines()[-80:]))


def entitlement_id(url: str, assertion: str, role: str, activation_type: str) -> str:
    response = api(url, "GET", f"/api/projects/{PROJECT}/roles", assertion)
    assert response.status == 200, response.describe()
    matches = [e["id"] for e in response.json()["entitlements"]
               if e["name"] == role and e["activationType"] == activation_type]
    assert matches, response.text
    return matches[0]


def test_self_and_peer_approval_over_google_apis(stack: GoogleStack, start_smtp_server) -> None:
    smtp: SMTPServer = start_smtp_server()
    serve = stack.serve({
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TRUSTED_CA_FILE": str(smtp.ca_file),
        "SMTP_USERNAME": USERNAME, "SMTP_PASSWORD": PASSWORD, "SMTP_SENDER_ADDRESS": SENDER,
    })
    alice = stack.iap.assertion(ALICE, access_levels=["accessPolicies/1/accessLevels/corp"])
    bob = stack.iap.assertion(BOB, device_id="bobs-laptop")

    projects = api(serve.url, "GET", "/api/projects", alice)
    assert projects.status == 200, projects.describe()
    assert PROJECT in projects.json()["projects"]

    viewer = entitlement_id(serve.url, alice, SELF_ROLE, "JIT")
    activated = api(serve.url, "POST", f"/api/projects/{PROJECT}/roles/self-activate", alice, {
        "entitlementIds": [viewer], "justification": "INC-1: over Google", "activationTimeout": 30})
    assert activated.status == 200, activated.describe()
    assert activated.json()["entitlements"][0]["status"] == "ACTIVE"
    landed = [a for a in cloud.activations(cloud.load(stack.cloud_file), PROJECT) if a.member == f"user:{ALICE}"]
    assert [a.role for a in landed] == [SELF_ROLE], "the activation landed through setIamPolicy"

    admin = entitlement_id(serve.url, alice, PEER_ROLE, "MPA")
    requested = api(serve.url, "POST", f"/api/projects/{PROJECT}/roles/request", alice, {
        "entitlementId": admin, "justification": "INC-2: failover", "peers": [BOB], "activationTimeout": 45})
    assert requested.status == 200, requested.describe()
    assert requested.json()["entitlements"][0]["status"] == "ACTIVATION_PENDING"

    received = smtp.messages()
    assert len(received) == 1, received
    text = received[0][0].get_body(preferencelist=("plain",)).get_content()
    links = re.findall(re.escape(BASE_URL) + r"/\?activation=([A-Za-z0-9_~\-]+)", text)
    assert links, f"the approval link points at BASE_URL:\n{text}"
    parameter = links[0]

    token = parameter if parameter.startswith("ey") else "ey" + parameter.replace("~~", ".ey").replace("~", ".")
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256", "signed through IAM Credentials signJwt, as the service account"
    keys = json.loads(stack_request(stack, "/service_accounts/v1/metadata/jwk/" + jwt.decode(
        token, options={"verify_signature": False})["iss"]))
    key = jwt.PyJWKSet.from_dict(keys)[header["kid"]]
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=jwt.decode(
        token, options={"verify_signature": False})["aud"])
    assert claims["beneficiary"] == ALICE and claims["reviewers"] == [BOB] and claims["role"] == PEER_ROLE

    path = "/api/activation-request?activation=" + urllib.parse.quote(parameter)
    forbidden = api(serve.url, "POST", path, alice)
    assert forbidden.status in (400, 403), "the requester cannot approve her own request"
    approved = api(serve.url, "POST", path, bob)
    assert approved.status == 200, approved.describe()
    assert approved.json()["entitlements"][0]["status"] == "ACTIVE"
    roles = {a.role for a in cloud.activations(cloud.load(stack.cloud_file), PROJECT) if a.member == f"user:{ALICE}"}
    assert roles == {SELF_ROLE, PEER_ROLE}
    assert len(smtp.messages()) == 2, "alice is told of the approval"

    entries = log_entries(serve.log())
    activation = next(e for e in entries if e.get("logging.googleapis.com/labels", {}).get("event") == "api.activateRole")
    labels = activation["logging.googleapis.com/labels"]
    assert labels["user"] == ALICE and labels["role"] == SELF_ROLE and labels["device_id"] == "device-e2e"
    assert labels["device_access_levels"] == "accessPolicies/1/accessLevels/corp"
    assert labels["justification"] == "INC-1: over Google"
    approval = [e["logging.googleapis.com/labels"] for e in entries
                if e.get("logging.googleapis.com/labels", {}).get("device_id") == "bobs-laptop"]
    assert approval, "bob's approval is audited with his device"


def stack_request(stack: GoogleStack, path: str) -> bytes:
    import http_client as client
    response = client.request(stack.emulator.url, "GET", path)
    assert response.status == 200, response.describe()
    return response.body


def test_assertions_that_do_not_verify_are_refused_and_nothing_runs(stack: GoogleStack) -> None:
    serve = stack.serve()
    stranger = ec.generate_private_key(ec.SECP256R1())
    cases = {
        "missing": (None, 401),
        "forged with another key under the published kid": (stack.iap.assertion(ALICE, key=stranger), 403),
        "expired": (stack.iap.assertion(ALICE, issued_ago=3600, lifetime=600), 403),
        "for another application": (stack.iap.assertion(ALICE, audience="/projects/1/apps/other"), 403),
        "from another issuer": (stack.iap.assertion(ALICE, issuer="https://evil.example/iap"), 403),
        "unsigned": (jwt.encode({"email": ALICE}, None, algorithm="none"), 403),
        "HMAC-signed under the published kid": (jwt.encode(
            {"iss": "https://cloud.google.com/iap", "aud": "/projects/123456789012/apps/jitaccess-e2e", "email": ALICE,
             "sub": "x", "iat": int(time.time()), "exp": int(time.time()) + 600},
            "an-attackers-hmac-secret-of-32-bytes!", algorithm="HS256", headers={"kid": stack.iap.current}), 403),
        "without an email": (jwt.encode(
            {"iss": "https://cloud.google.com/iap", "aud": "/projects/123456789012/apps/jitaccess-e2e", "sub": "x",
             "iat": int(time.time()), "exp": int(time.time()) + 600},
            stack.iap.keys[stack.iap.current], algorithm="ES256", headers={"kid": stack.iap.current}), 403),
        "oversized": ("ey" + "A" * 20000, 403),
        "garbage": ("not-a-jwt", 403),
    }
    before = stack.cloud_file.read_bytes()
    for name, (assertion, status) in cases.items():
        for method, path, payload in (("GET", "/api/projects", None),
                                      ("POST", f"/api/projects/{PROJECT}/roles/self-activate",
                                       {"entitlementIds": [f"{PROJECT}:{SELF_ROLE}"], "justification": "x",
                                        "activationTimeout": 5})):
            response = api(serve.url, method, path, assertion, payload)
            assert response.status == status, f"{name}: {response.describe()}"
            assert response.json()["message"], name
    assert stack.cloud_file.read_bytes() == before
    events = [e["logging.googleapis.com/labels"].get("event") for e in log_entries(serve.log())]
    assert "api.listProjects" not in events and "api.activateRole" not in events, "no route ran"
    ready = api(serve.url, "GET", "/health/ready", None)
    assert ready.status == 200 and ready.json()["details"]["demoMode"] is False
    missing = api(serve.url, "GET", "/api/projects", None)
    assert missing.status == 401 and "Identity-Aware Proxy" in missing.json()["message"], missing.describe()


def test_the_debug_header_is_no_identity_in_production(stack: GoogleStack) -> None:
    import http_client as client
    serve = stack.serve()
    response = client.api(serve.url, "GET", "/api/projects", principal=ALICE)
    assert response.status == 401, response.describe()


def test_a_rotated_iap_key_is_picked_up_without_a_restart(stack: GoogleStack) -> None:
    serve = stack.serve()
    old_kid = stack.iap.current
    assert api(serve.url, "GET", "/api/projects", stack.iap.assertion(ALICE)).status == 200
    stack.iap.rotate()
    # Unknown kids make jitaccess fetch the key set again, but at most every 5 seconds: ask
    # until the new key is picked up (a refusal until then is the rate limit at work).
    deadline = time.monotonic() + KEY_SET_PICKUP_SECONDS
    while (answer := api(serve.url, "GET", "/api/projects", stack.iap.assertion(ALICE))).status != 200:
        assert answer.status == 403 and time.monotonic() < deadline, f"the new kid is fetched: {answer.describe()}"
        time.sleep(0.25)
    retired = stack.iap.assertion(ALICE, kid=old_kid)
    assert api(serve.url, "GET", "/api/projects", retired).status == 403, "a key IAP no longer publishes"


def test_every_line_is_structured_and_sigterm_stops_gracefully(stack: GoogleStack) -> None:
    serve = stack.serve()
    assert api(serve.url, "GET", "/api/projects", stack.iap.assertion(ALICE)).status == 200
    status = serve.stop()
    assert status == 0, f"SIGTERM ends serve cleanly, not with {status}:\n{serve.log()}"
    entries = log_entries(serve.log())
    assert entries and all({"severity", "message"} <= set(e) for e in entries), entries
    events = [e.get("logging.googleapis.com/labels", {}).get("event") for e in entries]
    assert "runtime.startup" in events and "api.listProjects" in events


@pytest.mark.parametrize("variable,value,others", [
    ("RESOURCE_SCOPE", "project/prod-db", {}),
    ("BASE_URL", "", {}),
    ("BASE_URL", "jit.example.com", {}),
    ("ACTIVATION_TIMEOUT", "forever", {}),
    ("JUSTIFICATION_PATTERN", "(", {}),
    ("CSRF_SECRET", "short", {}),
    ("IAP_AUDIENCE", "my-app", {}),
    ("BACKEND_READ_TIMEOUT", "0", {}),
    ("SMTP_PORT", "smtp", {"SMTP_SENDER_ADDRESS": SENDER}),
    ("SMTP_SENDER_ADDRESS", "", {"SMTP_USERNAME": "jit-access"}),
    ("PORT", "99999", {}),
    ("CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET", "ftp://x", {}),
])
def test_a_bad_setting_stops_start_up_naming_the_variable(stack: GoogleStack, variable: str, value: str,
                                                          others: dict[str, str]) -> None:
    environment = serve_environment(stack.emulator.url, BASE_URL, {variable: value, **others})
    failure = serve_start_up_failure(stack.binary, environment, [] if variable == "PORT" else None)
    output = failure.output + failure.errors
    assert failure.status != 0
    assert variable in output, output
    assert "Traceback" not in output and "Fatal error" not in output


@pytest.mark.parametrize("javascript", [True, False])
def test_a_person_behind_iap_activates_in_the_browser(stack: GoogleStack, start_browser, javascript: bool) -> None:
    """Chromium with the assertion IAP would add (through the DevTools protocol): the pages and
    their forms work in production mode, with and without JavaScript."""
    from browser import entitlement_row, fill_activation_form, open_project, submit_and_wait
    from selenium.webdriver.common.by import By

    serve = stack.serve()
    driver = start_browser(javascript=javascript)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                           {"headers": {"x-goog-iap-jwt-assertion": stack.iap.assertion(ALICE)}})
    open_project(driver, serve.url, PROJECT)
    assert ALICE in driver.page_source, "the page names who IAP says is signed in"
    assert entitlement_row(driver, SELF_ROLE, "JIT").get_attribute("data-status") == "INACTIVE"
    fill_activation_form(driver, SELF_ROLE, "INC-3: from the browser", 15)
    result = submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button#activate"), "section#result")
    assert result.find_elements(By.CSS_SELECTOR, f'li.activated[data-role="{SELF_ROLE}"]'), driver.page_source[:3000]
    landed = [a for a in cloud.activations(cloud.load(stack.cloud_file), PROJECT) if a.member == f"user:{ALICE}"]
    assert [a.role for a in landed] == [SELF_ROLE]


def test_serve_with_a_service_account_key_file_instead_of_the_metadata_server(stack: GoogleStack, tmp_path: Path) -> None:
    """GOOGLE_APPLICATION_CREDENTIALS: tokens by the JWT-bearer grant at the key file's token_uri,
    activation tokens signed as the key's account; the metadata server is never asked."""
    import base64
    import http_client as client

    metadata = client.request(stack.emulator.url, "GET", "/computeMetadata/v1/instance/service-accounts/default/token",
                              {"Metadata-Flavor": "Google"})
    assert metadata.status == 200, metadata.describe()
    account = "jit-keyfile@emulator.iam.gserviceaccount.com"
    created = client.request(stack.emulator.url, "POST", f"/v1/projects/-/serviceAccounts/{account}/keys",
                             {"Authorization": "Bearer " + metadata.json()["access_token"],
                              "Content-Type": "application/json"}, b"{}")
    assert created.status == 200, created.describe()
    key_file = tmp_path / "key.json"
    key_file.write_bytes(base64.b64decode(created.json()["privateKeyData"]))
    key_file.chmod(0o600)

    serve = stack.serve({"GOOGLE_APPLICATION_CREDENTIALS": str(key_file), "GCE_METADATA_HOST": "127.0.0.1:9"})
    alice = stack.iap.assertion(ALICE)
    viewer = entitlement_id(serve.url, alice, SELF_ROLE, "JIT")
    activated = api(serve.url, "POST", f"/api/projects/{PROJECT}/roles/self-activate", alice, {
        "entitlementIds": [viewer], "justification": "INC-4: key file", "activationTimeout": 10})
    assert activated.status == 200, activated.describe()
    admin = entitlement_id(serve.url, alice, PEER_ROLE, "MPA")
    requested = api(serve.url, "POST", f"/api/projects/{PROJECT}/roles/request", alice, {
        "entitlementId": admin, "justification": "INC-4: key file", "peers": [BOB], "activationTimeout": 10})
    assert requested.status == 502, "no mail configured: the link is handed back"
    assert "SMTP_SENDER_ADDRESS" in requested.json()["message"], requested.describe()
    link = requested.json()["approvalLink"]
    parameter = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["activation"][0]
    token = parameter if parameter.startswith("ey") else "ey" + parameter.replace("~~", ".ey").replace("~", ".")
    assert jwt.decode(token, options={"verify_signature": False})["iss"] == account
    approved = api(serve.url, "POST", "/api/activation-request?activation=" + urllib.parse.quote(parameter),
                   stack.iap.assertion(BOB))
    assert approved.status == 200, approved.describe()


@pytest.mark.parametrize("status", [429, 503])
def test_google_failing_for_good_is_a_502_that_names_it_and_changes_nothing(stack: GoogleStack, status: int) -> None:
    import http_client as client

    serve = stack.serve()
    alice = stack.iap.assertion(ALICE)
    viewer = entitlement_id(serve.url, alice, SELF_ROLE, "JIT")
    before = stack.cloud_file.read_bytes()
    fault = client.request(stack.emulator.url, "POST", "/emulator/faults", {"Content-Type": "application/json"},
                           json.dumps({"status": status, "count": 1000, "methods": ["setIamPolicy"]}).encode())
    assert fault.status in (200, 201, 204), fault.describe()
    failed = api(serve.url, "POST", f"/api/projects/{PROJECT}/roles/self-activate", alice, {
        "entitlementIds": [viewer], "justification": "INC-5: Google is down", "activationTimeout": 10})
    assert failed.status == 502, failed.describe()
    assert "setIamPolicy" in failed.json()["message"] or "Resource Manager" in failed.json()["message"], failed.describe()
    assert stack.cloud_file.read_bytes() == before, "nothing was written"

    client.request(stack.emulator.url, "DELETE", "/emulator/faults")
    client.request(stack.emulator.url, "POST", "/emulator/faults", {"Content-Type": "application/json"},
                   json.dumps({"status": status, "count": 1, "methods": ["analyzeIamPolicy"]}).encode())
    recovered = api(serve.url, "POST", f"/api/projects/{PROJECT}/roles/self-activate", alice, {
        "entitlementIds": [viewer], "justification": "INC-5: Google is back", "activationTimeout": 10})
    assert recovered.status == 200, f"one {status} is retried: {recovered.describe()}"
