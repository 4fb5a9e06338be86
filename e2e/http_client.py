"""HTTP from outside the browser: the JSON API, form posts and deliberately malformed requests."""

from __future__ import annotations

import http.client
import json
import re
import select
import socket
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

TIMEOUT_SECONDS = 30


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)

    def describe(self) -> str:
        return f"HTTP {self.status}: {self.text[:2000]}"


def request(base_url: str, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Response:
    """One request on a fresh connection; never raises on an HTTP error status."""
    parts = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def api(base_url: str, method: str, path: str, principal: str | None = "alice@example.com",
        payload: Any = None, raw_body: bytes | None = None, jitaccess_header: bool = True) -> Response:
    """A JSON API call as a script would make it: `X-JITACCESS: 1` and the demo identity header."""
    headers = {"Accept": "application/json"}
    if jitaccess_header:
        headers["X-JITACCESS"] = "1"
    if principal is not None:
        headers["X-Debug-Principal"] = principal
    body = raw_body
    if payload is not None:
        body = json.dumps(payload).encode()
    if body is not None:
        headers["Content-Type"] = "application/json"
    return request(base_url, method, path, headers, body)


def self_activate(base_url: str, principal: str, project: str, entitlement_ids: list[str],
                  justification: str, minutes: int) -> Response:
    return api(base_url, "POST", f"/api/projects/{project}/roles/self-activate", principal=principal, payload={
        "entitlementIds": entitlement_ids,
        "justification": justification,
        "activationTimeout": minutes,
    })


def entitlements(base_url: str, principal: str, project: str) -> list[dict[str, Any]]:
    response = api(base_url, "GET", f"/api/projects/{project}/roles", principal=principal)
    assert response.status == 200, f"listing {principal}'s roles on {project}: {response.describe()}"
    return response.json()["entitlements"]


def projects(base_url: str, principal: str) -> list[str]:
    response = api(base_url, "GET", "/api/projects", principal=principal)
    assert response.status == 200, f"listing {principal}'s projects: {response.describe()}"
    return response.json()["projects"]


def entitlement_id(base_url: str, principal: str, project: str, role: str, activation_type: str) -> str:
    """The id of the one entitlement the listing shows for this role and type."""
    found = [e["id"] for e in entitlements(base_url, principal, project)
             if e["name"] == role and e["activationType"] == activation_type]
    assert len(found) == 1, f"{principal} should see one {activation_type} entitlement for {role} on {project}, saw {found}"
    return found[0]


@dataclass
class FormSession:
    """A cookie-carrying client for the HTML pages, standing in for a browser."""

    base_url: str
    cookies: dict[str, str] = field(default_factory=dict)

    def send(self, method: str, path: str, form: list[tuple[str, str]] | None = None,
             headers: dict[str, str] | None = None) -> Response:
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = self.cookie_header()
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = request(self.base_url, method, path, all_headers, body)
        for header in response.headers.get_all("Set-Cookie", []):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def sign_in_form_token(self) -> str:
        """Opens the sign-in page (which may set a cookie its form token is tied to)."""
        page = self.send("GET", "/signin")
        assert page.status == 200, f"the sign-in page: {page.describe()}"
        return hidden_field(page.text, "csrf")

    def sign_in(self, email: str) -> None:
        token = self.sign_in_form_token()
        response = self.send("POST", "/signin", [("email", email), ("csrf", token)], {"Origin": self.origin})
        assert response.status in (200, 302, 303), f"signing in as {email}: {response.describe()}"

    @property
    def origin(self) -> str:
        return self.base_url.rstrip("/")


def hidden_field(html: str, name: str) -> str:
    """The value of `<input type="hidden" name=NAME value=...>` in a page."""
    for tag in re.findall(r"<input\b[^>]*>", html):
        if re.search(rf'\bname="{re.escape(name)}"', tag):
            value = re.search(r'\bvalue="([^"]*)"', tag)
            if value:
                return value.group(1)
    raise AssertionError(f"no input named {name!r} in the page")


def form_action(html: str, button_id: str = "activate") -> str:
    """The action of the form that holds the given submit button."""
    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S):
        if re.search(rf'\bid="{re.escape(button_id)}"', form):
            action = re.search(r'\baction="([^"]*)"', form)
            assert action, "the activation form has no action attribute"
            return action.group(1)
    raise AssertionError(f"no form with #{button_id} in the page")


def raw_exchange(base_url: str, raw_request: bytes) -> bytes:
    """Sends bytes exactly as given (http.client refuses malformed headers) and reads the answer."""
    parts = urllib.parse.urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT_SECONDS) as sock:
        sock.sendall(raw_request)
        return _read_until_closed_or_complete(sock)


def status_of(raw_response: bytes) -> int | None:
    """The status code of a raw HTTP response; None when the server closed without answering."""
    match = re.match(rb"HTTP/1\.[01] (\d{3})", raw_response)
    return int(match.group(1)) if match else None


def post_oversized(base_url: str, path: str, headers: dict[str, str], size: int, chunked: bool = False) -> bytes:
    """Streams a body of `size` bytes, announced by Content-Length or sent chunked (so that the
    server cannot know its size in advance), stopping as soon as the server answers.

    A server that refuses a large body may answer (413) and close before the client has sent
    it all; reading as soon as anything arrives keeps that answer instead of a reset.
    """
    parts = urllib.parse.urlsplit(base_url)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = [f"POST {path} HTTP/1.1", f"Host: {parts.netloc}", framing, "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    piece = b"[" * 65536
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT_SECONDS) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sent = 0
        try:
            while sent < size:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                data = piece[: min(len(piece), size - sent)]
                sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                sent += len(data)
            else:
                if chunked:
                    sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            return _read_until_closed_or_complete(sock)
        except ConnectionResetError:
            return b""


def _read_until_closed_or_complete(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            piece = sock.recv(65536)
        except socket.timeout:
            return data
        if not piece:
            return data
        data += piece
        header_end = data.find(b"\r\n\r\n")
        if header_end >= 0:
            length = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", data[:header_end])
            if length and len(data) - header_end - 4 >= int(length.group(1)):
                return data
