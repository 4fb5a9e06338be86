import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Logging
import NIOCore
import Testing

/// A temporary demo cloud served by the emulator, with what the emulator records, the
/// faults it is told to make and the quotas it enforces (counted in `clock`).
final class EmulatedCloud: Sendable {
    let cloud: TemporaryCloud
    let reasons = RequestReasons()
    let journal = RequestJournal()
    let faults = EmulatedFaults()
    let quotas = EmulatedQuotas()
    let clock: any WallClock

    init(clock: any WallClock = SystemWallClock()) throws {
        cloud = try TemporaryCloud()
        self.clock = clock
    }

    /// Replaces the demo cloud with `document` (a cloud file's JSON), before the emulator reads it.
    func replaceCloud(with document: String) throws {
        try Data(document.utf8).write(to: URL(fileURLWithPath: cloud.path))
    }

    var iam: EmbeddedIAM { cloud.iam }
    var folder: URL { cloud.folder }

    /// Runs `body` with the base URL of the emulator serving this cloud over HTTP. Its APIs
    /// accept only the tokens its metadata server issued, as Google's accept only real ones.
    /// Afterwards, whether `body` succeeded or not, every request the clients sent to the APIs,
    /// and every answer of the emulator, must fit the discovery documents.
    func withEmulatorURL<T: Sendable>(_ body: @Sendable (_ baseURL: String) async throws -> T) async throws -> T {
        defer { #expect(exchangeProblems(in: journal) == []) }
        return try await withLocalServer({ onServerRunning in
            buildEmulator(
                iam: iam, configuration: EmulatorConfiguration(port: 0, acceptsOnlyIssuedTokens: true), reasons: reasons, journal: journal,
                faults: faults, quotas: quotas, clock: clock, logger: quietLogger, onServerRunning: onServerRunning
            )
        }, body)
    }

    /// Runs `body` with a ``ResourceManagerClient`` of the emulator serving this cloud over HTTP,
    /// authenticated by the emulator's metadata server.
    func withEmulator<T: Sendable>(_ body: @Sendable (ResourceManagerClient) async throws -> T) async throws -> T {
        try await withEmulatorURL { baseURL in
            try await body(ResourceManagerClient(
                endpoints: GoogleEndpoints(resourceManager: baseURL), client: .shared, credentials: emulatorCredentials(baseURL),
                retry: shortGoogleRetry(), clock: SystemWallClock(), logger: quietLogger
            ))
        }
    }
}
