"""Two `jitaccess demo` processes on one data folder: concurrent activations lose nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, NamedTuple

import cloud
import http_client as client
from demo_server import DemoServer

REQUESTS = 20
MINIMUM_DISTINCT_ACTIVATIONS = 4


class Target(NamedTuple):
    """One user's self-approval role on one project, and its entitlement id."""

    user: str
    project: str
    role: str
    entitlement_id: str
    resource_condition: str


def self_approval_targets(server: DemoServer) -> list[Target]:
    """Every (user, project, role) the cloud file makes self-approvable, one entitlement each.

    Eligibility is read from the file (the oracle); the id comes from the API's listing.
    """
    document = cloud.load(server.cloud_file)
    targets = []
    for user in cloud.DEMO_USERS:
        for project in cloud.project_ids(document):
            for role in sorted(r for r, kind in cloud.eligible_roles(document, user, project) if kind == "JIT"):
                listed = sorted((e["id"], e.get("resourceCondition") or "") for e in client.entitlements(server.url, user, project)
                                if e["name"] == role and e["activationType"] == "JIT")
                assert listed, f"the API does not list {role} on {project} for {user}"
                targets.append(Target(user, project, role, *listed[0]))
    return targets


def compact(condition: str | None) -> str:
    return "".join((condition or "").split())


def fire_together(calls: list[Callable[[], client.Response]]) -> list[client.Response]:
    """Runs every call on its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], client.Response]) -> client.Response:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_concurrent_activations_on_two_processes_all_land(start_demo: Callable[[Path], DemoServer], tmp_path: Path) -> None:
    data_dir = tmp_path / "shared-data"
    first = start_demo(data_dir)
    created = first.cloud_file.read_bytes()
    second = start_demo(data_dir)
    assert second.port != first.port
    assert first.cloud_file.read_bytes() == created, "the second process rewrote the existing cloud file"

    targets = self_approval_targets(first)
    assert len(targets) >= MINIMUM_DISTINCT_ACTIVATIONS, f"the demo cloud has too few self-approval roles: {targets}"
    assert len({t.project for t in targets}) >= 2, "the demo should have self-approval roles on two projects or more"
    original = cloud.load(first.cloud_file)

    # Rounds of distinct targets, so that no request supersedes another in the same round and a
    # lost update shows as a missing binding; alternate requests go to the other process.
    servers = (first, second)
    rounds = [list(range(start, min(start + len(targets), REQUESTS))) for start in range(0, REQUESTS, len(targets))]
    expected: dict[Target, str] = {}
    for numbers in rounds:
        work = [(targets[n % len(targets)], f"Concurrency check {n}", servers[n % 2]) for n in numbers]
        responses = fire_together([
            (lambda t=t, j=j, s=s: client.self_activate(s.url, t.user, t.project, [t.entitlement_id], j, 30))
            for t, j, s in work
        ])
        for (target, justification, server), response in zip(work, responses):
            assert response.status == 200, f"{target} through port {server.port}: {response.describe()}"
            expected[target] = justification

        document = cloud.load(first.cloud_file)
        for target, justification in expected.items():
            found = [a for a in cloud.activations(document, target.project)
                     if a.member == f"user:{target.user}" and a.role == target.role]
            assert [a.description for a in found] == [f"Self-approved, justification: {justification}"], (
                f"{target}: expected the activation of request '{justification}', found {found}")
            assert compact(found[0].resource_condition) == compact(target.resource_condition), (target, found)

    document = cloud.load(first.cloud_file)
    _, removed = cloud.added_and_removed(original, document)
    assert removed == [], f"bindings other than superseded activations were removed: {removed}"
    for server in servers:
        for target in expected:
            [listed] = [e for e in client.entitlements(server.url, target.user, target.project)
                        if e["id"] == target.entitlement_id]
            assert listed["status"] == "ACTIVE", f"{target} through port {server.port}: {listed}"
