"""The four defects of the security review, reproduced from outside against `jitaccess demo`:
HTML hidden inside graphemes (reflected and stored, in a real browser), a looser resource
condition than the eligible one, a justification measured in graphemes, and approvals that
repeat or cut short a newer grant."""

from __future__ import annotations

import base64
import json
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import jwt
from selenium.webdriver.common.by import By

import cloud
import http_client as client
from browser import sign_in, wait_for
from demo_server import DemoServer

ALICE = "alice@example.com"
BOB = "bob@example.com"
DAVE = "dave@example.com"
KEY_FILE = "token-signing-key.pem"
STORED = "INC-7 \u0600<meta http-equiv=refresh content=0;url=https://evil.example/ \u0600>"
OBJECTS = 'resource.type == "storage.googleapis.com/Object"'
PUBLIC = 'resource.name.startsWith("projects/_/buckets/public/")'


def request_role(demo: DemoServer, requester: str, entitlement: str, reviewers: list[str], justification: str, minutes: int) -> client.Response:
    return client.api(demo.url, "POST", f"/api/projects/{entitlement.split(':')[0]}/roles/request", principal=requester, payload={
        "entitlementId": entitlement, "justification": justification, "peers": reviewers, "activationTimeout": minutes,
    })


def newest_token(demo: DemoServer) -> str:
    """The token of the newest approval link in the demo outbox."""
    newest = sorted((demo.data_dir / "outbox").glob("*.json"))[-1]
    link = json.loads(newest.read_text())["links"][0]
    parameter = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["activation"][0]
    return parameter if parameter.startswith("ey") else "ey" + parameter.replace("~~", ".ey").replace("~", ".")


def resign(demo: DemoServer, token: str, **changes: Any) -> str:
    """The token with `changes` to its claims, signed again with the demo's own key: what an
    insider with the key, or a token issued before a rule existed, would present."""
    claims = {**jwt.decode(token, options={"verify_signature": False}), **changes}
    header = jwt.get_unverified_header(token)
    key = (demo.data_dir / KEY_FILE).read_bytes()
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": header["kid"]})


def add_binding(demo: DemoServer, project: str, binding: dict[str, Any]) -> None:
    """Adds a binding to the cloud file by hand, as an administrator would (the etag is dropped
    so that no write based on the old policy can undo the edit)."""
    document = cloud.load(demo.cloud_file)
    for name, entry in cloud.resources(document):
        if name == f"projects/{project}":
            policy = entry.setdefault("policy", {})
            policy.pop("etag", None)
            policy.setdefault("bindings", []).append(binding)
    demo.cloud_file.write_text(json.dumps(document, indent=2))


def test_a_stored_justification_cannot_inject_html_into_the_approval_page(demo: DemoServer, browser) -> None:
    refused = request_role(demo, ALICE, "prod-db:roles/cloudsql.admin", [BOB], STORED, 30)
    assert refused.status == 400, refused.describe()
    assert "U+0600 ARABIC NUMBER SIGN" in refused.json()["message"] and "position 7" in refused.json()["message"]

    sent = request_role(demo, ALICE, "prod-db:roles/cloudsql.admin", [BOB], "INC-7", 30)
    assert sent.status == 200, sent.describe()
    token = resign(demo, newest_token(demo), justification=STORED)

    sign_in(browser, demo.url, BOB)
    browser.get(demo.url_for("/?activation=" + token))
    wait_for(browser, "#activation-request dd.justification")
    assert urllib.parse.urlsplit(browser.current_url).netloc == urllib.parse.urlsplit(demo.url).netloc
    assert browser.find_elements(By.CSS_SELECTOR, "meta[http-equiv]") == []
    assert browser.find_element(By.CSS_SELECTOR, "dd.justification").text == STORED
    forms = browser.find_elements(By.CSS_SELECTOR, "form")
    assert [f.get_attribute("action") for f in forms if "approve" in (f.get_attribute("action") or "")] == [demo.url_for("/activation-request/approve")]


def test_a_query_value_echoed_in_an_error_page_is_escaped(demo: DemoServer, browser) -> None:
    sign_in(browser, demo.url, ALICE)
    browser.get(demo.url_for("/projects/prod-db/request?entitlement=%D8%80%3Cb%3Ex"))
    message = wait_for(browser, "div.error")
    assert message.find_elements(By.CSS_SELECTOR, "b") == []
    assert "\u0600<b>x" in message.text


def test_only_the_eligible_resource_condition_is_ever_written(demo: DemoServer) -> None:
    eligible = f"has({{}}.jitAccessConstraint) && ({OBJECTS} ? true : false) && {PUBLIC}"
    add_binding(demo, "prod-web", {"role": "roles/storage.objectViewer", "members": [f"user:{DAVE}"],
                                   "condition": {"title": "Eligible", "expression": eligible}})
    [listed] = [e for e in client.entitlements(demo.url, DAVE, "prod-web") if e["name"] == "roles/storage.objectViewer"]
    assert listed["resourceCondition"] == f"({OBJECTS} ? true : false) && {PUBLIC}"

    def entitlement(condition: str) -> str:
        return "prod-web:roles/storage.objectViewer:" + base64.urlsafe_b64encode(condition.encode()).rstrip(b"=").decode()

    before = cloud.load(demo.cloud_file)
    loose = client.self_activate(demo.url, DAVE, "prod-web", [entitlement(f"{OBJECTS} ? true : false && {PUBLIC}")], "INC-8", 5)
    assert loose.status == 403, loose.describe()
    assert cloud.load(demo.cloud_file) == before

    respelled = client.self_activate(demo.url, DAVE, "prod-web", [entitlement(f"({OBJECTS}?true:false)&&({PUBLIC})")], "INC-8", 5)
    assert respelled.status == 200, respelled.describe()
    [activation] = [a for a in cloud.activations(cloud.load(demo.cloud_file), "prod-web") if a.member == f"user:{DAVE}"]
    assert activation.resource_condition == f"({OBJECTS} ? true : false) && {PUBLIC}"


def test_a_marker_beside_a_top_level_conditional_makes_nobody_eligible(demo: DemoServer, jitaccess_binary: Path) -> None:
    add_binding(demo, "prod-web", {"role": "roles/storage.admin", "members": [f"user:{DAVE}"],
                                   "condition": {"title": "Eligible", "expression": f"has({{}}.jitAccessConstraint) && {OBJECTS} ? true : false"}})
    response = client.api(demo.url, "GET", "/api/projects/prod-web/roles", principal=DAVE)
    assert response.status == 200, response.describe()
    assert "roles/storage.admin" not in [e["name"] for e in response.json()["entitlements"]]
    [warning] = response.json()["warnings"]
    assert "roles/storage.admin on projects/prod-web" in warning and "`? :`" in warning

    checked = subprocess.run([str(jitaccess_binary), "check-cloud", str(demo.cloud_file)], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stderr
    assert "warning: The binding of roles/storage.admin on projects/prod-web names a jitaccess marker but makes nobody eligible" in checked.stdout


def test_a_justification_is_measured_in_scalars_and_bytes(demo: DemoServer) -> None:
    before = demo.cloud_file.read_bytes()
    flood = "Case 9 a" + "\u0301" * 25000
    body = json.dumps({"entitlementIds": ["prod-db:roles/cloudsql.viewer"], "justification": flood, "activationTimeout": 5}, ensure_ascii=False)
    response = client.api(demo.url, "POST", "/api/projects/prod-db/roles/self-activate", principal=ALICE, raw_body=body.encode())
    assert response.status == 400, response.describe()
    assert "25008 characters" in response.json()["message"]
    assert demo.cloud_file.read_bytes() == before


def test_approving_again_writes_nothing_and_never_shortens_a_newer_grant(demo: DemoServer) -> None:
    # In the demo cloud, alice and dave may both request roles/owner on dev-sandbox.
    assert request_role(demo, ALICE, "dev-sandbox:roles/owner", [DAVE], "T1", 30).status == 200
    short = newest_token(demo)
    assert request_role(demo, ALICE, "dev-sandbox:roles/owner", [DAVE], "T2", 120).status == 200
    long = newest_token(demo)

    def approve(token: str) -> client.Response:
        return client.api(demo.url, "POST", f"/api/activation-request?activation={token}", principal=DAVE)

    assert approve(long).status == 200
    after_first = demo.cloud_file.read_bytes()
    again = approve(long)
    assert again.status == 200 and again.json()["requestState"] == "approved", again.describe()
    assert demo.cloud_file.read_bytes() == after_first, "a second approval of the same request wrote"

    assert approve(short).status == 200
    ends = [a.end for a in cloud.activations(cloud.load(demo.cloud_file), "dev-sandbox") if a.member == f"user:{ALICE}"]
    long_end = jwt.decode(long, options={"verify_signature": False})["end"]
    assert max(int(e.timestamp()) for e in ends) == long_end, "the 30-minute approval cut short the 120-minute grant"
