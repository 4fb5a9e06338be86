import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("Resource Manager client against the emulator")
struct ResourceManagerClientTests {
    static let project = ResourceName(ProjectId("prod-db")!)

    @Test("getIamPolicy reads what is stored, setIamPolicy writes it and returns the new etag", arguments: [
        "projects/prod-db", "folders/200000000001", "organizations/100000000001",
    ])
    func roundTrip(resource: String) async throws {
        let cloud = try EmulatedCloud()
        let name = try #require(ResourceName(relativeName: resource))
        let stored = try await cloud.iam.policy(of: name)
        try await cloud.withEmulator { client in
            let read = try await client.policy(of: name)
            #expect(read == stored)
            var changed = read
            changed.bindings.append(IAMBinding(role: "roles/viewer", members: ["user:tester1@example.com"]))
            let written = try await client.setPolicy(changed, of: name, reason: "round trip")
            #expect(written.etag != read.etag)
            #expect(written.bindings == changed.bindings)
            #expect(try await client.policy(of: name) == written)
        }
        #expect(try await cloud.iam.policy(of: name).bindings.contains { $0.members == ["user:tester1@example.com"] })
        #expect(cloud.reasons.last(for: name) == "round trip")
    }

    @Test("a write with a stale etag is a conflict and changes nothing")
    func staleEtag() async throws {
        let cloud = try EmulatedCloud()
        try await cloud.withEmulator { client in
            let read = try await client.policy(of: Self.project)
            var first = read
            first.bindings.append(IAMBinding(role: "roles/viewer", members: ["user:tester1@example.com"]))
            try await client.setPolicy(first, of: Self.project, reason: "first")
            var second = read
            second.bindings.append(IAMBinding(role: "roles/viewer", members: ["user:tester2@example.com"]))
            let error = await #expect(throws: JITAccessError.self) {
                try await client.setPolicy(second, of: Self.project, reason: "second")
            }
            guard case .conflict = error else {
                Issue.record("expected a conflict, got \(String(describing: error))")
                return
            }
            let now = try await client.policy(of: Self.project)
            #expect(now.bindings == first.bindings)
        }
        #expect(cloud.reasons.last(for: Self.project) == "first")
    }

    @Test("concurrent activations on one project all land: stale etags are re-read and retried")
    func concurrentActivations() async throws {
        let cloud = try EmulatedCloud()
        let users = (0..<30).map { "user:tester\($0)@example.com" }
        try await cloud.withEmulator { client in
            let update = PolicyUpdate(
                store: client, retry: Backoff(maxAttempts: 100, initialDelay: .milliseconds(5), maxDelay: .milliseconds(100), jitter: SeededJitter()), clock: SystemWallClock()
            )
            let now = SystemWallClock().now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for user in users {
                    group.addTask {
                        let grant = TemporaryGrant(
                            member: try #require(Principal(member: user)), role: "roles/viewer",
                            condition: ActivationCondition(window: ActivationWindow(start: now, minutes: 5), resourceCondition: nil)
                        )
                        try await update.apply([grant], description: "Self-approved, justification: test", to: Self.project)
                    }
                }
                try await group.waitForAll()
            }
        }
        let members = Set(try await cloud.iam.policy(of: Self.project).bindings.flatMap(\.members))
        #expect(Set(users).isSubset(of: members))
        #expect(cloud.reasons.last(for: Self.project) == "Self-approved, justification: test")
    }
}
