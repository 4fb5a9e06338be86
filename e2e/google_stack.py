"""`jitaccess emulator` and `jitaccess serve` as child processes, wired together the way an
administrator would wire the real service to Google, plus Identity-Aware Proxy assertions that
the tests sign with their own P-256 keys and publish through the emulator's IAP key set."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

import http_client as client

IAP_ISSUER = "https://cloud.google.com/iap"
IAP_AUDIENCE = "/projects/123456789012/apps/jitaccess-e2e"
ORGANIZATION_SCOPE = "organizations/100000000001"
EMULATOR_READY = re.compile(r"jitaccess emulator running at (http://[^\s/]+:(\d+))/")
# Google's discovery documents of the three APIs, which the Swift tests check exchanges against too.
DISCOVERY_DOCUMENTS = Path(__file__).resolve().parent.parent / "Tests" / "JITAccessEmulatorTests" / "Fixtures"


def log_entries(text: str) -> list[dict[str, Any]]:
    """The JSON lines of a log, failing on any line that is not one (serve logs only JSON)."""
    entries = []
    for line in text.splitlines():
        if line.strip():
            entries.append(json.loads(line))
    return entries


def emulator_command(binary: Path, data_dir: Path) -> list[str]:
    """`jitaccess emulator` on a free port, checking exchanges against the discovery documents."""
    return [str(binary), "emulator", "--port", "0", "--data-dir", str(data_dir),
            "--discovery-documents", str(DISCOVERY_DOCUMENTS)]


def assert_exchanges_fit_discovery(emulator_url: str) -> int:
    """Every request jitaccess made to the emulated APIs, and every answer, fits Google's
    discovery documents (checked by the emulator, with the same code as the Swift tests).
    Returns how many exchanges were checked."""
    response = client.request(emulator_url, "GET", "/emulator/journal/problems")
    assert response.status == 200, response.describe()
    report = response.json()
    assert report["problems"] == [], report
    return report["exchanges"]


def serve_ready(log: str) -> str | None:
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        labels = entry.get("logging.googleapis.com/labels", {})
        if entry.get("message") == "jitaccess serve listening" and "port" in labels:
            return f"http://127.0.0.1:{labels['port']}"
    return None


def emulator_ready(log: str) -> str | None:
    match = EMULATOR_READY.search(log)
    return match.group(1) if match else None


@dataclass
class IAPSigner:
    """Signs Identity-Aware Proxy assertions with keys it publishes in the emulator's IAP key set."""

    emulator_url: str
    keys: dict[str, ec.EllipticCurvePrivateKey] = field(default_factory=dict)
    current: str = ""

    def rotate(self) -> str:
        """A new key, published alone: assertions signed with the old one stop verifying."""
        kid = "iap-" + uuid.uuid4().hex[:12]
        self.keys[kid] = ec.generate_private_key(ec.SECP256R1())
        self.current = kid
        jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.keys[kid].public_key()))
        jwk.update({"kid": kid, "alg": "ES256", "use": "sig"})
        response = client.request(self.emulator_url, "POST", "/emulator/iap-keys",
                                  {"Content-Type": "application/json"}, json.dumps({"keys": [jwk]}).encode())
        assert response.status == 204, response.describe()
        return kid

    def assertion(self, email: str, *, audience: str = IAP_AUDIENCE, issuer: str = IAP_ISSUER,
                  lifetime: int = 600, issued_ago: int = 0, kid: str | None = None,
                  key: ec.EllipticCurvePrivateKey | None = None, device_id: str | None = "device-e2e",
                  access_levels: list[str] | None = None) -> str:
        now = int(time.time()) - issued_ago
        claims: dict[str, Any] = {"iss": issuer, "aud": audience, "iat": now, "exp": now + lifetime, "email": email,
                                  "sub": "accounts.google.com:" + str(abs(hash(email)) % 10**12), "hd": "example.com"}
        google: dict[str, Any] = {}
        if device_id:
            google["device_id"] = device_id
        if access_levels:
            google["access_levels"] = access_levels
        if google:
            claims["google"] = google
        kid = kid or self.current
        return jwt.encode(claims, key or self.keys[kid], algorithm="ES256", headers={"kid": kid})


def api(url: str, method: str, path: str, assertion: str | None, payload: Any = None) -> client.Response:
    """A JSON API call through IAP: `X-JITACCESS: 1` and the assertion header."""
    headers = {"Accept": "application/json", "X-JITACCESS": "1"}
    if assertion is not None:
        headers["x-goog-iap-jwt-assertion"] = assertion
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    return client.request(url, method, path, headers, body)


# The customer id `jitaccess emulator` answers for unless told otherwise (--customer-id).
EMULATED_CUSTOMER_ID = "C0123abcd"


def serve_environment(emulator_url: str, base_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """What an administrator sets to run `jitaccess serve` against the emulator."""
    keep = ("PATH", "HOME", "LANG", "TMPDIR")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    environment.update({
        "BASE_URL": base_url,
        "RESOURCE_SCOPE": ORGANIZATION_SCOPE,
        "IAP_AUDIENCE": IAP_AUDIENCE,
        "IAP_PUBLIC_KEYS_URL": emulator_url + "/iap/verify/public_key-jwk",
        "GCE_METADATA_HOST": emulator_url.removeprefix("http://"),
        "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER": emulator_url + "/",
        "CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET": emulator_url + "/",
        "CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS": emulator_url + "/",
        "SERVICE_ACCOUNT_KEYS_URL": emulator_url + "/service_accounts/v1/metadata/jwk/",
        "CSRF_SECRET": "e2e-csrf-secret-of-more-than-32-bytes",
    })
    catalog = os.environ.get("JITACCESS_E2E_CATALOG", "PolicyAnalyzer")
    environment["RESOURCE_CATALOG"] = catalog
    if catalog == "AssetInventory":
        environment.update({
            "RESOURCE_CUSTOMER_ID": EMULATED_CUSTOMER_ID,
            "CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN": emulator_url + "/",
        })
    environment.update(extra or {})
    return environment


@dataclass
class StartUpFailure:
    """How `jitaccess serve` ended when it could not start: its exit status and what it printed."""
    status: int
    output: str
    errors: str


def serve_start_up_failure(binary: Path, environment: dict[str, str], port_arguments: list[str] | None = None) -> StartUpFailure:
    """Runs `jitaccess serve` with `environment`, which must stop it at start-up, and returns how
    it ended: the one launcher for "a bad setting is named". `--port 0` unless `port_arguments`
    says otherwise (`[]` lets PORT decide)."""
    arguments = ["--port", "0"] if port_arguments is None else port_arguments
    finished = subprocess.run([str(binary), "serve", "--host", "127.0.0.1", *arguments], env=environment,
                              capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    return StartUpFailure(finished.returncode, finished.stdout.decode(errors="replace"), finished.stderr.decode(errors="replace"))
