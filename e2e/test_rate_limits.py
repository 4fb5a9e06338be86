"""Rate limits from outside: a user who activates too often, and a requester who would flood a
reviewer's inbox, get 429 with Retry-After; the limits come from RATE_LIMIT_* and hold in demo
mode; a bad value stops start-up naming the variable."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

import http_client as client
from demo_server import DemoServer

ALICE = "alice@example.com"
DAVE = "dave@example.com"


@pytest.fixture
def limited(jitaccess_binary: Path, tmp_path: Path) -> Iterator[DemoServer]:
    server = DemoServer(jitaccess_binary, tmp_path / "data", tmp_path / "demo.log")
    server.environment = {**server.environment, "RATE_LIMIT_SELF_ACTIVATIONS": "2/1h", "RATE_LIMIT_MAIL": "3/1h"}
    server.start()
    try:
        yield server
    finally:
        server.stop()


def audit_events(server: DemoServer, name: str) -> list[dict]:
    lines = [json.loads(line) for line in server.log().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("logging.googleapis.com/labels", {}).get("event") == name]


def test_self_activations_beyond_the_limit_get_429_with_retry_after(limited: DemoServer) -> None:
    for _ in range(2):
        response = client.self_activate(limited.url, ALICE, "prod-db", ["prod-db:roles/cloudsql.viewer"], "INC-1", 5)
        assert response.status == 200, response.describe()
    before = limited.cloud_file.read_bytes()
    refused = client.self_activate(limited.url, ALICE, "prod-db", ["prod-db:roles/cloudsql.viewer"], "INC-1", 5)
    assert refused.status == 429, refused.describe()
    assert 1 <= int(refused.headers["Retry-After"]) <= 1800
    assert refused.json()["message"].startswith("Your self-activations reached the limit of 2 per 1 hour; try again in ")
    assert limited.cloud_file.read_bytes() == before
    [event] = audit_events(limited, "api.rateLimited")
    assert event["logging.googleapis.com/labels"]["user"] == ALICE
    assert client.self_activate(limited.url, DAVE, "prod-db", ["prod-db:roles/compute.viewer"], "INC-2", 5).status == 200, "per user"


def test_a_requester_cannot_flood_a_reviewers_inbox(limited: DemoServer) -> None:
    def request() -> client.Response:
        return client.api(limited.url, "POST", "/api/projects/dev-sandbox/roles/request", principal=ALICE, payload={
            "entitlementId": "dev-sandbox:roles/owner", "justification": "INC-3", "peers": [DAVE], "activationTimeout": 5,
        })

    for _ in range(3):
        assert request().status == 200
    refused = request()
    assert refused.status == 429, refused.describe()
    assert refused.json()["message"].startswith("Mail to ")
    assert "Retry-After" in refused.headers
    assert len(list((limited.data_dir / "outbox").glob("*.json"))) == 3, "no fourth mail"


def test_a_bad_limit_stops_start_up_naming_the_variable(jitaccess_binary: Path, tmp_path: Path) -> None:
    environment = {**DemoServer(jitaccess_binary, tmp_path, tmp_path / "unused.log").environment, "RATE_LIMIT_APPROVALS": "lots"}
    finished = subprocess.run([str(jitaccess_binary), "demo", "--port", "0", "--data-dir", str(tmp_path / "data")],
                              env=environment, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert finished.returncode != 0
    assert "RATE_LIMIT_APPROVALS: 'lots' is not a rate limit" in finished.stderr
