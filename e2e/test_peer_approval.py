"""Peer approval through the pages: alice asks bob, bob finds the mail in the demo outbox, signs
in from its link, approves, and alice has the role."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

import cloud
import http_client as client
from browser import entitlement_row, open_project, sign_in, submit_and_wait, wait_for
from demo_server import DemoServer

PROJECT = "prod-db"
ROLE = "roles/cloudsql.admin"
ALICE = "alice@example.com"
BOB = "bob@example.com"
DAVE = "dave@example.com"
STARTUP_SECONDS = 60
# Settings the calling shell may have, which would change what these tests expect.
CONFIGURATION_PREFIXES = ("ACTIVATION_", "ELEVATION_", "JUSTIFICATION_", "NOTIFICATION_", "SMTP_")


class ActivationLinks:
    """The link form of a token, as docs/architecture.md ("Activation tokens") describes it (cosmetic, not security)."""

    @staticmethod
    def deobfuscate(parameter: str) -> str:
        if parameter.startswith("ey"):
            return parameter
        return "ey" + parameter.replace("~~", ".ey").replace("~", ".")


def run_demo_until_ready_or_exit(binary: Path, data_dir: Path, log_path: Path, extra_args: tuple[str, ...] = (),
                                 environment: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Starts `jitaccess demo` with only `environment` configuring it; returns (process, output) once
    it printed its outbox line or exited."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION_PREFIXES)}
    env = {**inherited, **(environment or {})}
    command = [str(binary), "demo", "--port", "0", "--host", "127.0.0.1", "--data-dir", str(data_dir), *extra_args]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        output = log_path.read_text(errors="replace")
        if process.poll() is not None or "Demo outbox" in output:
            return process, output
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"`{' '.join(command)}` neither started nor failed within {STARTUP_SECONDS} s:\n{log_path.read_text()}")


def request_role(driver: WebDriver, server: DemoServer, reviewer: str, justification: str, minutes: int) -> dict[str, str]:
    """As alice: from the project page, requests the MPA role from `reviewer`. Returns the window
    and the status link shown on the result page."""
    sign_in(driver, server.url, ALICE)
    open_project(driver, server.url, PROJECT)
    row = entitlement_row(driver, ROLE, "MPA")
    assert row.get_attribute("data-status") == "INACTIVE", driver.page_source[:3000]
    row.find_element(By.CSS_SELECTOR, "a.request").click()
    wait_for(driver, "button#request")

    offered = [box.get_attribute("value") for box in driver.find_elements(By.CSS_SELECTOR, 'input[type="checkbox"][name="reviewer"]')]
    assert offered == [BOB, "carol@example.com"], f"the qualified peers are bob and carol, never alice: {offered}"
    driver.find_element(By.CSS_SELECTOR, f'input[type="checkbox"][name="reviewer"][value="{reviewer}"]').click()
    field = driver.find_element(By.CSS_SELECTOR, "#justification")
    field.clear()
    field.send_keys(justification)
    duration = driver.find_element(By.CSS_SELECTOR, "#minutes")
    duration.clear()
    duration.send_keys(str(minutes))

    result = submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "button#request"), "section#request-result")
    assert result.find_elements(By.CSS_SELECTOR, 'div.error[role="alert"]') == [], result.text
    assert result.find_element(By.CSS_SELECTOR, ".state").get_attribute("data-state") == "pending"
    times = result.find_elements(By.CSS_SELECTOR, "dd.window time")
    status_link = result.find_element(By.CSS_SELECTOR, "a#status-link").get_attribute("href")
    assert status_link.startswith(server.url + "?activation="), status_link
    return {"start": times[0].get_attribute("datetime"), "end": times[1].get_attribute("datetime"), "status_link": status_link}


def newest_mail_to(driver: WebDriver, server: DemoServer, recipient: str):
    """Opens the demo outbox and returns the newest message item sent to `recipient`."""
    driver.get(server.url_for("/demo/outbox"))
    wait_for(driver, "li.message")
    for item in driver.find_elements(By.CSS_SELECTOR, "li.message"):
        if item.find_element(By.CSS_SELECTOR, ".to").text == f"To: {recipient}":
            return item
    raise AssertionError(f"no mail to {recipient} in the outbox:\n{driver.page_source[:3000]}")


def parse_time(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def test_alice_requests_bob_approves_from_the_outbox_and_alice_has_the_role(demo: DemoServer, start_browser) -> None:
    before = cloud.load(demo.cloud_file)
    justification = "INC-7: restore the orders replica"
    requested_at = datetime.now(timezone.utc)
    alice = start_browser()
    request = request_role(alice, demo, BOB, justification, minutes=45)

    # Bob has his own browser, not signed in: the outbox is the demo's mail server.
    bob = start_browser()
    mail = newest_mail_to(bob, demo, BOB)
    assert mail.find_element(By.CSS_SELECTOR, ".cc").text == f"Cc: {ALICE}"
    assert ROLE in mail.find_element(By.CSS_SELECTOR, ".subject").text
    mail.find_element(By.CSS_SELECTOR, "a.subject").click()
    link = wait_for(bob, "a.mail-link")
    approval_link = link.get_attribute("href")
    assert approval_link.startswith(demo.url + "?activation="), approval_link
    assert approval_link == request["status_link"], "the requester's status link is the approval link"
    assert justification in bob.find_element(By.CSS_SELECTOR, "pre.mail-body").text

    # Following the link without a session leads to the sign-in page, and back after it.
    link.click()
    form = wait_for(bob, 'form[method="post"][action="/signin"]')
    assert urllib.parse.urlsplit(bob.current_url).path == "/signin"
    button = form.find_element(By.CSS_SELECTOR, f'button[name="email"][value="{BOB}"]')
    page = submit_and_wait(bob, button, "section#activation-request")
    assert bob.current_url == approval_link, f"sign-in should lead back to the link, not {bob.current_url}"
    assert page.find_element(By.CSS_SELECTOR, ".state").get_attribute("data-state") == "pending"
    assert page.find_element(By.CSS_SELECTOR, "dd.requester").text == ALICE
    assert page.find_element(By.CSS_SELECTOR, "dd.role").text == ROLE
    assert page.find_element(By.CSS_SELECTOR, "dd.project").text == PROJECT
    assert page.find_element(By.CSS_SELECTOR, "dd.justification").text == justification
    assert [t.get_attribute("datetime") for t in page.find_elements(By.CSS_SELECTOR, "dd.window time")] == [request["start"], request["end"]]

    approved = submit_and_wait(bob, page.find_element(By.CSS_SELECTOR, "button#approve"), "section#activation-request")
    state = approved.find_element(By.CSS_SELECTOR, ".state")
    assert state.get_attribute("data-state") == "approved"
    assert state.text.startswith(f"Approved by {BOB}, active until"), state.text
    assert approved.find_elements(By.CSS_SELECTOR, '[role="status"]'), "a note should confirm the approval"
    assert approved.find_elements(By.CSS_SELECTOR, "button#approve") == []

    # Alice sees the role active, and the request approved behind her status link.
    open_project(alice, demo.url, PROJECT)
    row = entitlement_row(alice, ROLE, "MPA")
    assert row.get_attribute("data-status") == "ACTIVE", alice.page_source[:3000]
    assert row.find_element(By.CSS_SELECTOR, ".status time").get_attribute("datetime") == request["end"]
    alice.get(request["status_link"])
    assert wait_for(alice, ".state").get_attribute("data-state") == "approved"

    # Alice's confirmation is the newest message.
    confirmation = newest_mail_to(alice, demo, ALICE)
    assert alice.find_elements(By.CSS_SELECTOR, "li.message")[0] == confirmation, "the confirmation should be the newest mail"
    confirmation.find_element(By.CSS_SELECTOR, "a.subject").click()
    body = wait_for(alice, "pre.mail-body").text
    assert BOB in body and ROLE in body, body

    # The data file holds exactly the approved binding, with the requested window.
    after = cloud.load(demo.cloud_file)
    added, removed = cloud.added_and_removed(before, after)
    assert removed == [], removed
    assert len(added) == 1, added
    resource, binding = added[0]
    assert resource == f"projects/{PROJECT}"
    assert set(binding) == {"role", "members", "condition"}, binding
    assert binding["role"] == ROLE
    assert binding["members"] == [f"user:{ALICE}"]
    assert binding["condition"]["title"] == "JIT access activation"
    assert cloud.approved_description(BOB, justification).fullmatch(binding["condition"]["description"]), binding
    start, end = parse_time(request["start"]), parse_time(request["end"])
    assert binding["condition"]["expression"] == (
        f'(request.time >= timestamp("{request["start"]}") && request.time < timestamp("{request["end"]}"))'
    )
    assert end - start == timedelta(minutes=45)
    assert abs(start - requested_at) <= timedelta(minutes=1), (start, requested_at)
    assert cloud.without_policy_of(before, resource) == cloud.without_policy_of(after, resource)

    outbox = sorted((demo.data_dir / "outbox").glob("*.json"))
    recipients = [json.loads(path.read_text())["to"] for path in outbox]
    assert recipients == [[BOB], [ALICE]], recipients


def test_a_stranger_cannot_see_the_request(demo: DemoServer, start_browser) -> None:
    alice = start_browser()
    request = request_role(alice, demo, BOB, "INC-8: check the backups", minutes=30)
    dave = start_browser(javascript=False)
    sign_in(dave, demo.url, DAVE)
    dave.get(request["status_link"])
    error = wait_for(dave, 'div.error[role="alert"]')
    assert "Only the requester and the reviewers" in error.text
    assert dave.find_elements(By.CSS_SELECTOR, "section#activation-request") == []
    assert dave.find_elements(By.CSS_SELECTOR, "button#approve") == []


@pytest.mark.parametrize("environment, variable", [
    ({"ACTIVATION_REQUEST_MIN_REVIEWERS": "two"}, "ACTIVATION_REQUEST_MIN_REVIEWERS"),
    ({"ACTIVATION_REQUEST_MIN_REVIEWERS": "3", "ACTIVATION_REQUEST_MAX_REVIEWERS": "2"}, "ACTIVATION_REQUEST_MAX_REVIEWERS"),
    ({"ACTIVATION_REQUEST_TIMEOUT": "0"}, "ACTIVATION_REQUEST_TIMEOUT"),
    ({"NOTIFICATION_TIMEZONE": "Mars/Olympus_Mons"}, "NOTIFICATION_TIMEZONE"),
    ({"SMTP_HOST": "127.0.0.1", "SMTP_SENDER_ADDRESS": "jit@example.com", "SMTP_PORT": "smtp"}, "SMTP_PORT"),
    ({"SMTP_HOST": "127.0.0.1"}, "SMTP_SENDER_ADDRESS"),
])
def test_a_bad_setting_stops_start_up_naming_the_variable(jitaccess_binary, tmp_path, environment, variable) -> None:
    process, output = run_demo_until_ready_or_exit(jitaccess_binary, tmp_path / "data", tmp_path / "demo.log", environment=environment)
    if process.poll() is None:
        process.kill()
        process.wait()
    assert process.returncode not in (None, 0), f"jitaccess started despite {environment}:\n{output}"
    assert f"jitaccess demo: {variable}:" in output, output
    assert "running at" not in output


@pytest.mark.parametrize("base_url", ["ftp://jit.example.com", "https://user@jit.example.com", "https://jit.example.com/?x=1", "jit.example.com"])
def test_a_bad_base_url_is_refused(jitaccess_binary, tmp_path, base_url) -> None:
    process, output = run_demo_until_ready_or_exit(
        jitaccess_binary, tmp_path / "data", tmp_path / "demo.log", extra_args=("--base-url", base_url))
    if process.poll() is None:
        process.kill()
        process.wait()
    assert process.returncode not in (None, 0), output
    assert "--base-url must be an http or https address" in output, output


def test_the_base_url_names_the_links_and_the_issuer(jitaccess_binary, tmp_path) -> None:
    base_url = "https://jit.example.test:8443/"
    process, output = run_demo_until_ready_or_exit(
        jitaccess_binary, tmp_path / "data", tmp_path / "demo.log", extra_args=("--base-url", base_url))
    try:
        assert process.poll() is None, output
        assert "Demo outbox (mail is kept, not sent): https://jit.example.test:8443/demo/outbox" in output, output
        server_url = re.search(r"running at (http://\S+/)", output).group(1)
        response = client.api(server_url, "POST", f"/api/projects/{PROJECT}/roles/request", payload={
            "entitlementId": f"{PROJECT}:{ROLE}", "justification": "INC-9", "peers": [BOB], "activationTimeout": 15,
        })
        assert response.status == 200, response.describe()
        message = json.loads(sorted((tmp_path / "data" / "outbox").glob("*.json"))[0].read_text())
        link = message["links"][0]
        assert link.startswith("https://jit.example.test:8443/?activation="), link
        token = ActivationLinks.deobfuscate(link.split("?activation=", 1)[1])
        claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
        assert claims["iss"] == claims["aud"] == "https://jit.example.test:8443"
    finally:
        process.terminate()
        process.wait(timeout=15)

