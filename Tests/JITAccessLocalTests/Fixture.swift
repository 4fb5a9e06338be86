import Foundation
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport

/// The time, users, projects, engine and cloud files the tests share.
enum Fixture {
    static let now = Timestamp(rfc3339: "2024-05-01T12:00:00Z")!

    static func user(_ name: String) -> UserId { UserId("\(name)@example.com")! }
    static func project(_ id: String) -> ProjectId { ProjectId(id)! }

    static func engine(_ iam: EmbeddedIAM, now: Timestamp = Fixture.now, audit: RecordingAuditLog = RecordingAuditLog()) throws -> SelfActivation {
        SelfActivation(
            catalog: EntitlementCatalog(analyzer: iam, clock: FixedClock(now: now)),
            store: iam,
            rules: try ActivationRules(),
            audit: audit,
            retry: Backoff(maxAttempts: 200, initialDelay: .milliseconds(1), maxDelay: .milliseconds(20), jitter: SystemJitter())
        )
    }

    static func request(_ user: String, _ project: String, _ role: String, resourceCondition: String? = nil, justification: String = "BUG-1", minutes: Int = 30) -> SelfActivationRequest {
        SelfActivationRequest(
            user: self.user(user),
            project: self.project(project),
            entitlements: [EntitlementId(project: self.project(project), role: role, resourceCondition: resourceCondition.flatMap(ResourceCondition.init))],
            justification: justification,
            minutes: minutes
        )
    }

    /// A minimal valid cloud with one project under one folder and one under the organization,
    /// into which tests put policies and groups.
    static func cloud(organizationPolicy: String = "{}", folderPolicy: String = "{}", projectPolicy: String = "{}", groups: String = "[]") -> String {
        """
        {
          "organization": {"id": "100000000001", "displayName": "example.com", "policy": \(organizationPolicy)},
          "folders": [{"id": "200000000001", "parent": "organizations/100000000001", "policy": \(folderPolicy)}],
          "projects": [
            {"id": "project-one", "parent": "folders/200000000001", "policy": \(projectPolicy)},
            {"id": "project-two", "parent": "organizations/100000000001"}
          ],
          "groups": \(groups)
        }
        """
    }

    /// A policy with one binding.
    static func policy(role: String = "roles/viewer", members: [String], expression: String? = "has({}.jitAccessConstraint)", title: String = "Eligible") -> String {
        let memberList = members.map { "\"\($0)\"" }.joined(separator: ", ")
        let condition = expression.map { #", "condition": {"title": "\#(title)", "expression": "\#($0.replacingOccurrences(of: "\"", with: "\\\""))"}"# } ?? ""
        return #"{"version": 3, "etag": "BwXoriginal=", "bindings": [{"role": "\#(role)", "members": [\#(memberList)]\#(condition)}]}"#
    }
}
