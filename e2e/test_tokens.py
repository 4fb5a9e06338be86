"""Activation tokens check out with an independent JWT library (PyJWT) against jitaccess's JWKS.

`jitaccess sign-test-token --data-dir D --issuer I` (a hidden command for tests) signs a sample
activation token with the key in D and prints `{"issuer": I, "token": JWT, "jwks": {...}}`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import subprocess
from pathlib import Path
from typing import Any, Callable

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

import http_client as client
from demo_server import DemoServer

ISSUER = "http://127.0.0.1:8080"
CLAIMS = {"iss", "aud", "iat", "exp", "jti", "beneficiary", "reviewers", "resource", "role", "justification", "start", "end"}
KEY_FILE = "token-signing-key.pem"


def sign_test_token(binary: Path, data_dir: Path, issuer: str = ISSUER) -> dict[str, Any]:
    command = [str(binary), "sign-test-token", "--data-dir", str(data_dir), "--issuer", issuer]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert completed.returncode == 0, f"`{' '.join(command)}` failed ({completed.returncode}):\n{completed.stderr}"
    return json.loads(completed.stdout)


def key_for(token: str, jwks: dict[str, Any]) -> jwt.PyJWK:
    """The JWKS key the token's kid names, as PyJWT reads it."""
    kid = jwt.get_unverified_header(token)["kid"]
    matching = [key for key in jwks["keys"] if key["kid"] == kid]
    assert len(matching) == 1, f"the JWKS has {len(matching)} keys with kid {kid}: {jwks}"
    return jwt.PyJWK(matching[0])


def verify(token: str, key: Any, issuer: str = ISSUER, audience: str = ISSUER) -> dict[str, Any]:
    return jwt.decode(
        token, key, algorithms=["ES256"], audience=audience, issuer=issuer,
        options={"require": ["iss", "aud", "iat", "exp"]},
    )


def base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(jwk: dict[str, str]) -> str:
    """The RFC 7638 thumbprint of a P-256 JWK."""
    required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    return base64url(hashlib.sha256(json.dumps(required, separators=(",", ":"), sort_keys=True).encode()).digest())


def test_pyjwt_verifies_a_token_with_the_published_key(jitaccess_binary: Path, tmp_path: Path) -> None:
    output = sign_test_token(jitaccess_binary, tmp_path / "data")
    token, jwks = output["token"], output["jwks"]

    assert jwt.get_unverified_header(token) == {"alg": "ES256", "typ": "JWT", "kid": jwks["keys"][0]["kid"]}
    [published] = jwks["keys"]
    assert {name: published[name] for name in ("kty", "crv", "alg", "use")} == {"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig"}
    assert published["kid"] == thumbprint(published)
    assert "d" not in published, "the JWKS must not publish the private key"

    claims = verify(token, key_for(token, jwks))
    assert set(claims) == CLAIMS
    assert claims["jti"].startswith("mpa-")
    assert isinstance(claims["reviewers"], list) and all(isinstance(r, str) for r in claims["reviewers"])
    assert all(type(claims[name]) is int for name in ("iat", "exp", "start", "end"))
    assert claims["iat"] < claims["exp"]

    mode = stat.S_IMODE((tmp_path / "data" / KEY_FILE).stat().st_mode)
    assert mode == 0o600, f"the signing key file has mode {mode:o}, not 600"


def test_pyjwt_and_jitaccess_refuse_the_token_with_another_key_or_changed_claims(
    start_demo: Callable[..., DemoServer], jitaccess_binary: Path, tmp_path: Path
) -> None:
    """PyJWT refuses them, and so does a jitaccess demo holding the key (its base URL is the
    tokens' issuer): the untouched token passes its signature check, the others do not."""
    server = start_demo(tmp_path / "data", ("--base-url", ISSUER))
    output = sign_test_token(jitaccess_binary, tmp_path / "data")
    token, jwks = output["token"], output["jwks"]
    header, payload, signature = token.split(".")

    with pytest.raises(jwt.InvalidSignatureError):
        verify(token, ec.generate_private_key(ec.SECP256R1()).public_key())
    other_key = jwt.encode(jwt.decode(token, options={"verify_signature": False}), ec.generate_private_key(ec.SECP256R1()),
                           algorithm="ES256", headers={"kid": jwt.get_unverified_header(token)["kid"]})

    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["reviewers"] = claims["reviewers"] + ["eve@example.com"]
    tampered = ".".join([header, base64url(json.dumps(claims).encode()), signature])
    with pytest.raises(jwt.InvalidSignatureError):
        verify(tampered, key_for(token, jwks))

    with pytest.raises(jwt.InvalidAudienceError):
        verify(token, key_for(token, jwks), audience="http://127.0.0.1:9090")
    with pytest.raises(jwt.InvalidIssuerError):
        verify(token, key_for(token, jwks), issuer="http://127.0.0.1:9090")

    def approve(candidate: str, approver: str) -> client.Response:
        return client.api(server.url, "POST", "/api/activation-request?activation=" + candidate, principal=approver)

    for name, candidate, approver in (("changed reviewers", tampered, "eve@example.com"),
                                      ("another key", other_key, "bob@example.com")):
        before = server.cloud_file.read_bytes()
        response = approve(candidate, approver)
        assert response.status == 400 and "signature does not match" in response.json()["message"], f"{name}: {response.describe()}"
        assert server.cloud_file.read_bytes() == before, name
    untouched = approve(token, "bob@example.com")
    assert "signature" not in untouched.json()["message"], f"the control gets past the signature: {untouched.describe()}"


def test_processes_sharing_a_data_folder_share_the_key(jitaccess_binary: Path, tmp_path: Path) -> None:
    first = sign_test_token(jitaccess_binary, tmp_path / "data")
    second = sign_test_token(jitaccess_binary, tmp_path / "data")
    assert first["jwks"] == second["jwks"]
    verify(first["token"], key_for(first["token"], second["jwks"]))


def test_pyjwt_verifies_a_token_against_the_served_jwks(
    start_demo: Callable[[Path], DemoServer], jitaccess_binary: Path, tmp_path: Path
) -> None:
    server = start_demo(tmp_path / "data")
    response = client.request(server.url, "GET", "/.well-known/jwks.json")
    assert response.status == 200, response.describe()
    served = response.json()

    output = sign_test_token(jitaccess_binary, tmp_path / "data")
    assert served == output["jwks"], "the server publishes other keys than the data folder holds"
    verify(output["token"], key_for(output["token"], served))
