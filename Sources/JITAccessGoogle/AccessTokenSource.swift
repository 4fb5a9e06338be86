import AsyncHTTPClient
import Foundation
import JITAccessCore
import NIOCore
import NIOHTTP1

/// Supplies the OAuth access token jitaccess presents to Google as its own service account.
public protocol AccessTokenSource: Sendable {
    /// A token valid for at least a minute more. Throws ``JITAccessError/backend(_:)``.
    func accessToken() async throws -> String
}
