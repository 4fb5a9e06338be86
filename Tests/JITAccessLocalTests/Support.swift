import Foundation
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime
import Synchronization

/// A clock that stands still; its waits are real, so that concurrent writers interleave.
struct FixedClock: WallClock {
    let now: Timestamp

    func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

/// Collects audit events.
final class RecordingAuditLog: AuditLog, Sendable {
    private let storage = Mutex<[AuditEvent]>([])
    func record(_ event: AuditEvent) { storage.withLock { $0.append(event) } }
    var events: [AuditEvent] { storage.withLock { $0 } }
}

/// A temporary folder holding one cloud file, removed when the test ends.
final class TemporaryCloud {
    let folder: URL
    let path: String

    /// A folder with the demo cloud in it.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-local-\(UUID().uuidString)")
        path = folder.appendingPathComponent("data/cloud.json").path
        _ = try EmbeddedIAM.createDemoCloud(at: path)
    }

    /// A folder with a cloud file holding `json`.
    convenience init(json: String) throws {
        try self.init()
        try write(json)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    var bytes: Data {
        get throws { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }

    /// The file as a JSON object, to inspect and edit it as a person would.
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: bytes) as? [String: Any] ?? [:]
    }

    func iam(now: Timestamp = Fixture.now) throws -> EmbeddedIAM {
        try EmbeddedIAM(path: path, clock: FixedClock(now: now))
    }
}

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
