"""Reads the demo's cloud file (`DATA_DIR/cloud.json`) independently of jitaccess.

The file holds an organization, folders, projects (each with an IAM policy) and groups. This
module answers what the tests need to check jitaccess against: every binding per resource,
the activation bindings, and who is eligible for what (groups expanded, policies inherited),
computed here from the file alone so that it is an oracle rather than a copy of the product.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

ACTIVATION_TITLE = "JIT access activation"
_TEMPORAL = (
    r'\(request\.time >= timestamp\("(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"\) && '
    r'request\.time < timestamp\("(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"\)\)'
)
# The exact activation expressions: the temporal clause alone, or `((TEMPORAL)) && (CONDITION)`.
TEMPORAL_EXPRESSION = re.compile(rf"^{_TEMPORAL}$")
TEMPORAL_WITH_RESOURCE_CONDITION = re.compile(rf"^\({_TEMPORAL}\) && \((.+)\)$", re.S)
JIT_MARKER = "has({}.jitaccessconstraint)"
MPA_MARKER = "has({}.multipartyapprovalconstraint)"
DEMO_USERS = ("alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com")


def approved_description(approver: str, justification: str) -> re.Pattern[str]:
    """The description of a peer-approved activation: JIT Access 1.x's, with the request id."""
    return re.compile(rf"Approved by {re.escape(approver)}, request mpa-[0-9a-f]+, justification: {re.escape(justification)}")


def load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def resources(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(`organizations/ID` | `folders/ID` | `projects/ID`, entry) for every resource in the file."""
    if document.get("organization"):
        yield f"organizations/{document['organization']['id']}", document["organization"]
    for folder in document.get("folders", []):
        yield f"folders/{folder['id']}", folder
    for project in document.get("projects", []):
        yield f"projects/{project['id']}", project


def bindings(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {name: (entry.get("policy") or {}).get("bindings", []) for name, entry in resources(document)}


def project_bindings(document: dict[str, Any], project: str) -> list[dict[str, Any]]:
    return bindings(document)[f"projects/{project}"]


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def added_and_removed(before: dict[str, Any], after: dict[str, Any]) -> tuple[list[tuple[str, dict]], list[tuple[str, dict]]]:
    """Bindings that appeared and disappeared between two versions of the file, per resource."""
    added: list[tuple[str, dict]] = []
    removed: list[tuple[str, dict]] = []
    old, new = bindings(before), bindings(after)
    assert set(old) == set(new), f"the set of resources changed: {sorted(set(old) ^ set(new))}"
    for name in old:
        old_items = [canonical(b) for b in old[name]]
        new_items = [canonical(b) for b in new[name]]
        for item in new_items:
            if item in old_items:
                old_items.remove(item)
            else:
                added.append((name, json.loads(item)))
        removed += [(name, json.loads(item)) for item in old_items]
    return added, removed


def without_policy_of(document: dict[str, Any], resource: str) -> dict[str, Any]:
    """The document with one resource's policy blanked out, to compare everything else."""
    result = copy.deepcopy(document)
    for name, entry in resources(result):
        if name == resource:
            entry.pop("policy", None)
    return result


@dataclass(frozen=True)
class Activation:
    member: str
    role: str
    description: str
    start: datetime
    end: datetime
    resource_condition: str | None


def parse_activation(binding: dict[str, Any]) -> Activation | None:
    """The activation a binding is, if it has the activation title; it must then be in
    jitaccess's exact format."""
    condition = binding.get("condition") or {}
    if condition.get("title") != ACTIVATION_TITLE:
        return None
    expression = condition.get("expression", "")
    match = TEMPORAL_EXPRESSION.match(expression) or TEMPORAL_WITH_RESOURCE_CONDITION.match(expression)
    assert match, f"activation binding with an unexpected expression: {canonical(binding)}"
    members = binding.get("members", [])
    assert len(members) == 1, f"an activation binding has exactly one member: {canonical(binding)}"
    start, end = (datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc) for t in match.groups()[:2])
    resource_condition = match.group(3) if match.re is TEMPORAL_WITH_RESOURCE_CONDITION else None
    return Activation(members[0], binding["role"], condition.get("description", ""), start, end, resource_condition)


def activations(document: dict[str, Any], project: str) -> list[Activation]:
    return [a for a in (parse_activation(b) for b in project_bindings(document, project)) if a]


# --- eligibility, read from the file --------------------------------------------------------

def _unquoted(text: str) -> Iterator[tuple[int, str, int]]:
    """Yields (index, character, parenthesis depth) for each character outside string literals;
    a closing parenthesis is reported at the depth it returns to."""
    depth, quote, index = 0, None, 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        else:
            depth += {"(": 1, ")": -1}.get(char, 0)
            yield index, char, depth
        index += 1


def split_top_level(expression: str, operator: str) -> list[str]:
    """Splits a CEL expression on `operator` outside parentheses and string literals."""
    text = "\n".join(line for line in expression.splitlines() if not line.strip().startswith("//"))
    parts, start = [], 0
    for index, char, depth in _unquoted(text):
        if depth == 0 and index >= start and char != ")" and text.startswith(operator, index):
            parts.append(text[start:index])
            start = index + len(operator)
    parts.append(text[start:])
    return [part.strip() for part in parts]


def strip_outer_parentheses(text: str) -> str:
    """Drops parentheses that enclose the whole expression: `((a && b))` becomes `a && b`."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _closing_parenthesis(text) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _closing_parenthesis(text: str) -> int:
    """Index of the parenthesis that closes the one at index 0, string literals skipped."""
    return next((index for index, char, depth in _unquoted(text) if char == ")" and depth == 0), -1)


def eligibility(expression: str) -> tuple[str, str] | None:
    """("JIT" | "MPA", resource condition with white space removed) or None if not eligible."""
    body = strip_outer_parentheses(expression)
    if len(split_top_level(body, "||")) > 1:
        return None
    kind, rest = None, []
    for clause in split_top_level(body, "&&"):
        compact = re.sub(r"\s+", "", strip_outer_parentheses(clause)).lower()
        if compact == JIT_MARKER:
            kind = "JIT"
        elif compact == MPA_MARKER:
            kind = kind or "MPA"
        else:
            rest.append(re.sub(r"\s+", "", clause))
    return (kind, "&&".join(rest)) if kind else None


def group_closure(document: dict[str, Any]) -> dict[str, set[str]]:
    """For every user, the groups it belongs to, directly or through other groups."""
    direct: dict[str, set[str]] = {}
    for group in document.get("groups", []):
        for member in group.get("members", []):
            direct.setdefault(member.lower(), set()).add(f"group:{group['email'].lower()}")
    result: dict[str, set[str]] = {}
    for user in DEMO_USERS:
        seen: set[str] = set()
        pending = [f"user:{user}"]
        while pending:
            for group in direct.get(pending.pop(), set()):
                if group not in seen:
                    seen.add(group)
                    pending.append(group)
        result[user] = seen
    return result


def ancestry(document: dict[str, Any], project: str) -> list[str]:
    """The project and every resource above it, from the project upwards."""
    entries = dict(resources(document))
    chain, name = [], f"projects/{project}"
    while name and name in entries and name not in chain:
        chain.append(name)
        name = entries[name].get("parent")
    return chain


def eligible_roles(document: dict[str, Any], user: str, project: str) -> set[tuple[str, str]]:
    """{(role, "JIT" | "MPA")} the user may activate on the project; JIT wins over MPA."""
    identities = {f"user:{user}"} | group_closure(document)[user]
    policy_bindings = bindings(document)
    kinds: dict[tuple[str, str], str] = {}
    for resource in ancestry(document, project):
        for binding in policy_bindings[resource]:
            condition = (binding.get("condition") or {}).get("expression")
            if not condition or not identities & {m.lower() for m in binding.get("members", [])}:
                continue
            found = eligibility(condition)
            if found:
                key = (binding["role"], found[1])
                kinds[key] = "JIT" if "JIT" in (kinds.get(key), found[0]) else "MPA"
    return {(role, kind) for (role, _), kind in kinds.items()}


def project_ids(document: dict[str, Any]) -> list[str]:
    return [project["id"] for project in document.get("projects", [])]
