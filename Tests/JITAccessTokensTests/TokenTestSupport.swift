import Crypto
import Foundation
import JITAccessCore
import JITAccessTestSupport
import Testing
@testable import JITAccessTokens

/// The message of the ``JITAccessError/invalidArgument(_:)`` that `body` throws, or nil when it
/// throws nothing or something else.
func rejection(_ body: () async throws -> ActivationToken) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch JITAccessError.invalidArgument(let message) {
        return message
    } catch {
        return nil
    }
}
extension String {
    /// The dot-separated parts of a compact JWS.
    var segments: [String] { split(separator: ".", omittingEmptySubsequences: false).map(String.init) }
}
