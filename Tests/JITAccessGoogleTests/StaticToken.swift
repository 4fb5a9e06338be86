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

/// A token that never expires, for servers that only check that one is present.
struct StaticToken: AccessTokenSource {
    var token = "ya29.test-token"
    func accessToken() async throws -> String { token }
}
