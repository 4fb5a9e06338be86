import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessGoogle
import JITAccessLocal
import JITAccessRuntime
import JITAccessWeb
import NIOCore
import Testing
import JITAccessTestSupport

/// Trusts `X-Test-User`: the web layer's identity is not what these tests are about.
struct HeaderIdentity: IdentityProvider {
    func signedInUser(of request: Request) async throws -> SignedInUser? {
        request.headers[HTTPField.Name("X-Test-User")!].flatMap(UserId.init).map { SignedInUser($0) }
    }
}
