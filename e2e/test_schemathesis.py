"""Schemathesis against a real `jitaccess demo`, driven by the OpenAPI document the demo serves at
`/api/openapi.json` (read from the repository): every operation, generated valid and invalid input, and the stateful
sequences the document's links describe (projects, then roles, then peers, activations and
requests). No answer may be a 5xx or differ from the document (status, content type, headers,
body schema), the demo must live on, and `cloud.json` must still pass `jitaccess check-cloud`.

The run in the test command is bounded (`BOUNDED_EXAMPLES` per operation and phase, a fixed
seed); a longer one is `pytest e2e/test_schemathesis.py --schemathesis-examples 500` (random
seed, printed), see docs/api.md."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Callable

import pytest

import cloud
import http_client as client
from demo_server import DemoServer

DOCUMENT = Path(__file__).resolve().parent.parent / "Sources" / "JITAccessWeb" / "openapi.json"
CALLER = "alice@example.com"
REQUESTER = "bob@example.com"
PROJECT = "prod-db"
PEER_ROLE = "roles/cloudsql.admin"
RATE_LIMITS = ("RATE_LIMIT_SELF_ACTIVATIONS", "RATE_LIMIT_REQUESTS", "RATE_LIMIT_APPROVALS", "RATE_LIMIT_MAIL")
BOUNDED_EXAMPLES = 50
BOUNDED_SEED = 20261203
# Generous: the bounded run takes about half a minute on two cores.
RUN_TIME_LIMIT_SECONDS = 1800
# The one check left out: valid-by-the-schema input is often refused by the rules the schema
# cannot state (an entitlement the caller does not hold, a justification the pattern refuses),
# and rightly so.
EXCLUDED_CHECKS = "positive_data_acceptance"
# How often a generated value is replaced by a real one, so that the run reaches past input checks.
REAL_VALUE_PROBABILITY = 0.7


def schemathesis_binary() -> Path:
    return Path(sys.executable).with_name("st")


def pending_request_link(server: DemoServer) -> str:
    """The `activation` parameter of a real request: bob asks alice, the caller, to approve."""
    entitlement = client.entitlement_id(server.url, REQUESTER, PROJECT, PEER_ROLE, "MPA")
    response = client.api(server.url, "POST", f"/api/projects/{PROJECT}/roles/request", principal=REQUESTER, payload={
        "entitlementId": entitlement, "justification": "Case 7: schemathesis", "peers": [CALLER], "activationTimeout": 30})
    assert response.status == 200, response.describe()
    mails = [json.loads(path.read_text()) for path in sorted((server.data_dir / "outbox").glob("*.json"))]
    links = {link for mail in mails if CALLER in mail["to"] for link in mail["links"] if "?activation=" in link}
    assert len(links) == 1, mails
    return urllib.parse.parse_qs(urllib.parse.urlsplit(links.pop()).query)["activation"][0]


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def configuration(server: DemoServer, examples: int, seed: int) -> str:
    """schemathesis.toml: the budget, and real values (projects, entitlement ids of every demo user,
    users, the pending request) mixed into what it generates."""
    document = cloud.load(server.cloud_file)
    projects = cloud.project_ids(document)
    entitlements = sorted({e["id"] for user in cloud.DEMO_USERS for project in projects
                           for e in client.entitlements(server.url, user, project)})
    bound = f"probability = {REAL_VALUE_PROBABILITY}"
    return f"""
seed = {seed}
workers = 2
request-timeout = 30

[generation]
max-examples = {examples}

[checks]
{EXCLUDED_CHECKS}.enabled = false

[dictionaries.projects]
values = {toml_list(projects)}

[dictionaries.entitlements]
values = {toml_list(entitlements)}

[dictionaries.users]
values = {toml_list(list(cloud.DEMO_USERS))}

[dictionaries.requests]
values = {toml_list([pending_request_link(server)])}

[parameters]
"path.project" = {{ dictionary = "projects", {bound} }}
"query.id" = {{ dictionary = "entitlements", {bound} }}
"query.activation" = {{ dictionary = "requests", {bound} }}
"body.entitlementIds[*]" = {{ dictionary = "entitlements", {bound} }}
"body.entitlementId" = {{ dictionary = "entitlements", {bound} }}
"body.peers[*]" = {{ dictionary = "users", {bound} }}
"""


def test_schemathesis_finds_the_api_true_to_its_document(start_demo: Callable[..., DemoServer], jitaccess_binary: Path,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         pytestconfig: pytest.Config,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    for variable in RATE_LIMITS:
        monkeypatch.setenv(variable, "off")
    server = start_demo(tmp_path / "data")
    examples = pytestconfig.getoption("schemathesis_examples") or BOUNDED_EXAMPLES
    seed = pytestconfig.getoption("schemathesis_seed")
    if seed is None:
        seed = BOUNDED_SEED if examples == BOUNDED_EXAMPLES else time.time_ns() % 2**32
    config = tmp_path / "schemathesis.toml"
    config.write_text(configuration(server, examples, seed))
    report = tmp_path / "schemathesis-report.json"
    served = client.request(server.url, "GET", "/api/openapi.json")
    assert served.status == 200 and served.body == DOCUMENT.read_bytes(), "the demo serves the repository's document"
    # The document from the repository rather than from its URL: Schemathesis leaves out the
    # operation a schema is loaded from, and this one must be tested too.
    command = [str(schemathesis_binary()), "--no-color", "--config-file", str(config), "run", str(DOCUMENT),
               "--url", server.url, "--header", f"X-Debug-Principal: {CALLER}",
               "--report", "json", "--report-json-path", str(report)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIME_LIMIT_SECONDS,
                              stdin=subprocess.DEVNULL, cwd=tmp_path)
    summary = json.loads(report.read_text()) if report.exists() else {}
    operations = summary.get("operations", {})
    cases = summary.get("test_cases", {})
    with capsys.disabled():
        print(f"\nschemathesis: budget {examples} examples per operation and phase, seed {seed}; "
              f"{operations.get('tested')} of {operations.get('total')} operations tested, "
              f"{cases.get('generated')} test cases, {summary.get('running_time', 0):.0f} s")
    assert finished.returncode == 0 and summary.get("failures") == [] and summary.get("errors") == [], (
        f"`{' '.join(command)}` (reproduce with --schemathesis-seed {seed}):\n{finished.stdout[-20000:]}\n{finished.stderr[-5000:]}")
    assert operations.get("tested") == operations.get("total"), f"every operation is tested: {operations}"

    ready = client.request(server.url, "GET", "/health/ready")
    assert ready.status == 200, ready.describe()
    check = subprocess.run([str(jitaccess_binary), "check-cloud", str(server.cloud_file)], capture_output=True, text=True,
                           timeout=60, stdin=subprocess.DEVNULL)
    assert check.returncode == 0, f"cloud.json after the run:\n{check.stdout}\n{check.stderr}"
