import Foundation
import JITAccessCore
import JITAccessLocal
import Testing

/// How the embedded IAM refuses a write, and where a write waits.
@Suite("Embedded IAM: refusing and queueing writes")
struct PolicyWriteTests {
    let prodDb = ResourceName(Fixture.project("prod-db"))

    enum Refusal: String, CaseIterable, Sendable {
        case noEtag = "a policy without etag"
        case unknownResource = "an unknown resource"
        case staleEtag = "a stale etag"
        case beyondALimit = "a policy beyond one of Google's limits"
        case invalidPolicy = "an invalid policy"
        case lockFileUnusable = "a lock file that cannot be opened"
    }

    @Test(arguments: Refusal.allCases)
    func aRefusedWriteThrowsOneErrorAndWritesNothing(_ refusal: Refusal) async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        var policy = try await iam.policy(of: prodDb)
        var resource = prodDb
        let expected: JITAccessError
        switch refusal {
        case .noEtag:
            policy.etag = nil
            expected = .invalidArgument("The policy of projects/prod-db has no etag; read the policy first and send back its etag.")
        case .unknownResource:
            resource = ResourceName(Fixture.project("no-such-project"))
            expected = .notFound("The resource 'projects/no-such-project' does not exist.")
        case .staleEtag:
            policy.etag = "BwXstale="
            expected = .conflict("The policy of projects/prod-db was changed by someone else (etag BwXstale= is no longer current).")
        case .beyondALimit:
            policy.bindings.append(IAMBinding(role: "roles/browser", members: (0...IAMLimits.membersPerPolicy).map { "user:u\($0)@example.com" }))
            expected = .invalidArgument(try #require(IAMLimits.violation(in: policy)))
        case .invalidPolicy:
            policy.bindings.append(IAMBinding(role: "roles/browser", members: ["erin@example.com"]))
            expected = .invalidArgument("The new policy of projects/prod-db is invalid: bindings[2].members[0]: 'erin@example.com' has no kind; write user:EMAIL, group:EMAIL, serviceAccount:EMAIL or domain:NAME")
        case .lockFileUnusable:
            try FileManager.default.removeItem(atPath: cloud.path + ".lock")
            try FileManager.default.createDirectory(atPath: cloud.path + ".lock", withIntermediateDirectories: false)
            expected = .backend("The embedded IAM cannot use its file: \(cloud.path).lock: cannot open the lock file: \(String(cString: strerror(EISDIR)))")
        }
        let before = try cloud.bytes
        await #expect(throws: expected) { try await iam.setPolicy(policy, of: resource, reason: "test") }
        #expect(try cloud.bytes == before)
    }

    /// Another process holds the file lock while more writers than the cooperative pool has
    /// threads wait for it: a read must still run. Were the waiting writers to block threads of
    /// the pool, the read could not run until the lock holder gave up.
    @Test func writesWaitingForTheFileLockLeaveTheCooperativePoolFree() async throws {
        let cloud = try CloudFolder()
        let iam = try cloud.iam()
        let policy = try await iam.policy(of: prodDb)
        let holder = try LockHolder(path: cloud.path + ".lock")
        let writers = (0...ProcessInfo.processInfo.activeProcessorCount).map { _ in
            Task { try? await iam.setPolicy(policy, of: prodDb, reason: "test") }
        }
        let seen = try await Task { try await iam.policy(of: prodDb) }.value
        #expect(!holder.release(), "the read ran only once the lock holder gave up")
        #expect(seen == policy)
        var landed = 0
        for writer in writers {
            if await writer.value != nil { landed += 1 }
        }
        #expect(landed == 1, "one write holds the etag it read; the others conflict")
    }
}
