import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessLocal
import JITAccessMail
import JITAccessRuntime
import JITAccessTestSupport
import NIOCore
import Synchronization
@testable import JITAccessWeb

/// An identity provider for tests outside demo mode: trusts `X-Test-User`, and says the request
/// came from device `X-Test-Device` when that header is present.
struct HeaderIdentityProvider: IdentityProvider {
    func signedInUser(of request: Request) async throws -> SignedInUser? {
        guard let user = request.headers[.testUser].flatMap(UserId.init) else { return nil }
        return SignedInUser(user, auditLabels: request.headers[.testDevice].map { ["device_id": $0] } ?? [:])
    }
}
