"""Three `jitaccess demo` replicas on one data folder, as behind a load balancer.

jitaccess keeps no state of its own: the replicas share the embedded IAM file, the token-signing
key, the form key and one public address (`--base-url`, the load balancer's). The test plays
the load balancer, sending each request to the replica it chooses.
"""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any, Callable, NamedTuple

import cloud
import http_client as client
from demo_server import DemoServer
from test_two_processes import fire_together

PUBLIC_URL = "http://jit.example.test"
PROJECT = "prod-db"
MPA_ROLE = "roles/cloudsql.admin"
JIT_ROLE = "roles/cloudsql.viewer"
ALICE = "alice@example.com"
BOB = "bob@example.com"
# A project added to the demo cloud so that 30 distinct (user, role) activations can land at once
# on one policy: every write then races the others.
LOAD_PROJECT = "replica-load"
LOAD_ROLES = (
    "roles/pubsub.viewer", "roles/pubsub.editor", "roles/storage.objectViewer", "roles/storage.objectCreator",
    "roles/monitoring.viewer", "roles/monitoring.editor", "roles/logging.viewer", "roles/cloudsql.client",
)
CONCURRENT_ACTIVATIONS = 30


class Replicas(NamedTuple):
    """The running replicas and the data folder they share."""

    servers: list[DemoServer]
    data_dir: Path

    @property
    def cloud_file(self) -> Path:
        return self.servers[0].cloud_file


def start_replicas(start_demo: Callable[..., DemoServer], data_dir: Path, count: int = 3) -> Replicas:
    """The first replica creates the demo cloud and the keys; the load project is added to the
    file before the others start, so that all of them find one cloud and one set of keys."""
    first = start_demo(data_dir, ("--base-url", PUBLIC_URL))
    add_load_project(first.cloud_file)
    keys = {path.name: path.read_bytes() for path in sorted(data_dir.iterdir()) if path.suffix in (".key", ".pem")}
    assert len(keys) >= 2, f"expected the form key and the token-signing key in {data_dir}: {sorted(keys)}"
    servers = [first] + [start_demo(data_dir, ("--base-url", PUBLIC_URL)) for _ in range(count - 1)]
    assert len({server.port for server in servers}) == count
    for name, content in keys.items():
        assert (data_dir / name).read_bytes() == content, f"a later replica replaced {name}"
    return Replicas(servers, data_dir)


def add_load_project(cloud_file: Path) -> None:
    """Makes every demo user JIT-eligible for each of LOAD_ROLES on LOAD_PROJECT."""
    document = cloud.load(cloud_file)
    bindings = [{
        "role": role,
        "members": [f"user:{user}" for user in cloud.DEMO_USERS],
        "condition": {"title": "Eligible for JIT access", "expression": "has({}.jitAccessConstraint)"},
    } for role in LOAD_ROLES]
    document["projects"].append({
        "id": LOAD_PROJECT, "number": "300000000099", "parent": f"organizations/{document['organization']['id']}",
        "policy": {"version": 3, "bindings": bindings},
    })
    temporary = cloud_file.with_name(".cloud.json.edit")
    temporary.write_text(json.dumps(document, indent=2))
    temporary.replace(cloud_file)


def path_of(link: str) -> str:
    """What the load balancer passes on to a replica for a link to the public address."""
    parts = urllib.parse.urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}" == PUBLIC_URL, f"links must name the public address: {link}"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def activation_parameter(link: str) -> str:
    [value] = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["activation"]
    return value


def request_from(server: DemoServer, justification: str) -> dict[str, Any]:
    """As alice through `server`: asks bob to approve the MPA role on PROJECT; the answer."""
    response = client.api(server.url, "POST", f"/api/projects/{PROJECT}/roles/request", principal=ALICE, payload={
        "entitlementId": client.entitlement_id(server.url, ALICE, PROJECT, MPA_ROLE, "MPA"),
        "justification": justification, "peers": [BOB], "activationTimeout": 30,
    })
    assert response.status == 200, f"alice's request through port {server.port}: {response.describe()}"
    return response.json()


def approval_link(data_dir: Path, justification: str) -> str:
    """The link in the one e-mail to bob about the request with this justification."""
    messages = [json.loads(path.read_text()) for path in sorted((data_dir / "outbox").glob("*.json"))]
    found = [m for m in messages if m["to"] == [BOB] and justification in m["textBody"]]
    assert len(found) == 1, f"expected one mail to bob about '{justification}', found {len(found)}: {messages}"
    return found[0]["links"][0]


def activation_request(server: DemoServer, principal: str, parameter: str, method: str = "GET") -> client.Response:
    query = urllib.parse.urlencode({"activation": parameter})
    return client.api(server.url, method, f"/api/activation-request?{query}", principal=principal)


def mpa_status(server: DemoServer) -> dict[str, Any]:
    [listed] = [e for e in client.entitlements(server.url, ALICE, PROJECT)
                if e["name"] == MPA_ROLE and e["activationType"] == "MPA"]
    return listed


def test_alice_requests_on_the_first_bob_approves_on_the_second_the_third_shows_it(
        start_demo: Callable[..., DemoServer], tmp_path: Path) -> None:
    first, second, third = start_replicas(start_demo, tmp_path / "shared-data").servers
    before = cloud.load(first.cloud_file)
    justification = "INC-31: failover of the orders database"

    submitted = request_from(first, justification)
    assert submitted["requestState"] == "pending", submitted
    link = approval_link(tmp_path / "shared-data", justification)
    assert link.startswith(PUBLIC_URL + "/?activation="), link

    # Bob follows the link; the load balancer sends him to the second replica.
    page = client.request(second.url, "GET", path_of(link), {"X-Debug-Principal": BOB})
    assert page.status == 200 and justification in page.text, page.describe()
    parameter = activation_parameter(link)
    seen = activation_request(second, BOB, parameter)
    assert seen.status == 200, seen.describe()
    assert (seen.json()["requestState"], seen.json()["isReviewer"]) == ("pending", True), seen.json()
    approved = activation_request(second, BOB, parameter, method="POST")
    assert approved.status == 200, approved.describe()
    assert approved.json()["requestState"] == "approved", approved.json()
    assert approved.json()["approvedBy"] == {"email": BOB}, approved.json()

    listed = mpa_status(third)
    assert listed["status"] == "ACTIVE", f"the third replica should show alice's role active: {listed}"
    for server in (first, second, third):
        state = activation_request(server, ALICE, parameter)
        assert state.status == 200 and state.json()["requestState"] == "approved", (server.port, state.describe())

    added, removed = cloud.added_and_removed(before, cloud.load(first.cloud_file))
    assert removed == [], removed
    assert [(resource, b["role"], b["members"]) for resource, b in added] == [(f"projects/{PROJECT}", MPA_ROLE, [f"user:{ALICE}"])]
    assert cloud.approved_description(BOB, justification).fullmatch(added[0][1]["condition"]["description"]), added


def test_a_token_signed_by_any_replica_verifies_on_every_other(start_demo: Callable[..., DemoServer], tmp_path: Path) -> None:
    replicas = start_replicas(start_demo, tmp_path / "shared-data")
    key_sets = {client.request(s.url, "GET", "/.well-known/jwks.json").text for s in replicas.servers}
    assert len(key_sets) == 1, f"the replicas publish different keys: {key_sets}"

    for number, issuer in enumerate(replicas.servers):
        justification = f"INC-4{number}: issued by replica {number + 1}"
        request_from(issuer, justification)
        parameter = activation_parameter(approval_link(replicas.data_dir, justification))
        for server in replicas.servers:
            seen = activation_request(server, BOB, parameter)
            assert seen.status == 200, f"token from port {issuer.port} on port {server.port}: {seen.describe()}"
            assert seen.json()["justification"] == justification and seen.json()["requestState"] == "pending", seen.json()

    # The control: a replica with another public address refuses the same token (its audience),
    # so the replicas above accepted it because they share the address and the key.
    stray = start_demo(replicas.data_dir, ("--base-url", "http://elsewhere.example.test"))
    refused = activation_request(stray, BOB, parameter)
    assert refused.status in (400, 403), refused.describe()


def test_a_form_rendered_by_one_replica_is_accepted_by_another(start_demo: Callable[..., DemoServer], tmp_path: Path) -> None:
    first, second, third = start_replicas(start_demo, tmp_path / "shared-data").servers
    before = cloud.load(first.cloud_file)

    # The sign-in form (and its nonce cookie) from the first replica, submitted to the second.
    session = client.FormSession(first.url)
    token = session.sign_in_form_token()
    session.base_url = second.url
    signed_in = session.send("POST", "/signin", [("email", ALICE), ("csrf", token)], {"Origin": session.origin})
    assert signed_in.status in (200, 302, 303), signed_in.describe()

    # The session cookie from the second replica opens the project page on the third; its
    # activation form is submitted to the first.
    session.base_url = third.url
    page = session.send("GET", f"/projects/{PROJECT}")
    assert page.status == 200, page.describe()
    action, csrf = client.form_action(page.text), client.hidden_field(page.text, "csrf")
    entitlement = client.entitlement_id(third.url, ALICE, PROJECT, JIT_ROLE, "JIT")
    form = [("entitlement", entitlement), ("justification", "Ticket 51"), ("minutes", "30"), ("csrf", csrf)]

    # The control: a process with its own data folder (so its own form key) refuses the form,
    # although it knows who is posting (the demo header, since it cannot read the cookie either).
    stranger = start_demo(tmp_path / "other-data")
    session.base_url = stranger.url
    refused = session.send("POST", action, form, {"Origin": session.origin, "X-Debug-Principal": ALICE})
    assert refused.status == 403, refused.describe()

    session.base_url = first.url
    activated = session.send("POST", action, form, {"Origin": session.origin})
    assert activated.status in (200, 303), activated.describe()
    added, removed = cloud.added_and_removed(before, cloud.load(first.cloud_file))
    assert removed == [] and len(added) == 1, (added, removed)
    activation = cloud.parse_activation(added[0][1])
    assert activation is not None and (activation.member, activation.role) == (f"user:{ALICE}", JIT_ROLE), added
    assert activation.description == "Self-approved, justification: Ticket 51"


class Target(NamedTuple):
    """One user's JIT role on LOAD_PROJECT, and its entitlement id."""

    user: str
    role: str
    entitlement_id: str


def test_concurrent_activations_spread_over_three_replicas_all_land_once(
        start_demo: Callable[..., DemoServer], tmp_path: Path) -> None:
    replicas = start_replicas(start_demo, tmp_path / "shared-data")
    servers = replicas.servers
    original = cloud.load(replicas.cloud_file)
    targets = []
    for user in cloud.DEMO_USERS:
        eligible = cloud.eligible_roles(original, user, LOAD_PROJECT)
        assert eligible == {(role, "JIT") for role in LOAD_ROLES}, f"{user} on {LOAD_PROJECT}: {eligible}"
        targets += [Target(user, role, client.entitlement_id(servers[0].url, user, LOAD_PROJECT, role, "JIT"))
                    for role in LOAD_ROLES]
    # Interleaved so that each replica serves several users and several roles.
    work = [(targets[(n * 9) % len(targets)], f"Replica check {n}", servers[n % len(servers)])
            for n in range(CONCURRENT_ACTIVATIONS)]
    assert len({target for target, _, _ in work}) == CONCURRENT_ACTIVATIONS, "each request must have its own target"

    responses = fire_together([
        (lambda t=t, j=j, s=s: client.self_activate(s.url, t.user, LOAD_PROJECT, [t.entitlement_id], j, 30))
        for t, j, s in work
    ])
    for (target, justification, server), response in zip(work, responses):
        assert response.status == 200, f"{target} through port {server.port}: {response.describe()}"

    document = cloud.load(replicas.cloud_file)
    found = sorted((a.member, a.role, a.description) for a in cloud.activations(document, LOAD_PROJECT))
    expected = sorted((f"user:{t.user}", t.role, f"Self-approved, justification: {j}") for t, j, _ in work)
    assert found == expected, f"lost: {sorted(set(expected) - set(found))}, unexpected or duplicated: " \
                              f"{[a for a in found if found.count(a) > 1 or a not in expected]}"
    added, removed = cloud.added_and_removed(original, document)
    assert removed == [], f"bindings were removed: {removed}"
    assert len(added) == CONCURRENT_ACTIVATIONS, added

    active = {(t.user, t.role) for t, _, _ in work}
    for server in servers:
        for user in cloud.DEMO_USERS:
            listed = {(user, e["name"]) for e in client.entitlements(server.url, user, LOAD_PROJECT) if e["status"] == "ACTIVE"}
            assert listed == {(u, r) for u, r in active if u == user}, f"{user} through port {server.port}: {listed}"
