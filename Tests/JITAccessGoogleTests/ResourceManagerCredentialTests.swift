import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Testing

@Suite("Resource Manager client credentials")
struct ResourceManagerCredentialTests {
    @Test("a token the emulator did not issue is refused, reported as the service account's problem, and not retried")
    func foreignToken() async throws {
        let cloud = try EmulatedCloud()
        let error = await #expect(throws: JITAccessError.self) {
            try await cloud.withEmulatorURL { baseURL in
                try await resourceManager(baseURL).policy(of: ResourceName(ProjectId("prod-db")!))
            }
        }
        guard case .backend(let message) = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("401"))
        #expect(message.contains("service account"))
        #expect(!message.contains("tried"))
    }
}
