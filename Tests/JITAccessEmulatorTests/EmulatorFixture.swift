import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Logging
import Testing

/// The emulator on a temporary demo cloud, with the reasons it records.
struct EmulatorFixture: Sendable {
    let cloud: TemporaryCloud
    let reasons = RequestReasons()
    let keys = ServiceAccountKeys()
    let clock: any WallClock

    /// The emulator on a new demo cloud; `clock` is its time for conditions.
    init(clock: any WallClock = SystemWallClock()) throws {
        cloud = try TemporaryCloud()
        self.clock = clock
    }

    /// The emulator as Google behaves: only tokens it issued are accepted.
    var application: some ApplicationProtocol {
        var logger = Logger(label: "emulator-tests")
        logger.logLevel = .critical
        return buildEmulator(
            iam: cloud.iam, configuration: EmulatorConfiguration(port: 0, acceptsOnlyIssuedTokens: true), reasons: reasons, serviceAccountKeys: keys,
            clock: clock, logger: logger
        )
    }
}
