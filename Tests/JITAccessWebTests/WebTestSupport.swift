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

extension HTTPField.Name {
    static let jitaccess = HTTPField.Name("X-JITACCESS")!
    static let debugPrincipal = HTTPField.Name("X-Debug-Principal")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let testUser = HTTPField.Name("X-Test-User")!
    static let testDevice = HTTPField.Name("X-Test-Device")!
}
extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object; empty when it is not one.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The `message` of a JSON error body.
    var message: String? { json["message"] as? String }
}
/// The value of the first hidden `csrf` field in a page.
func csrfToken(in html: String) -> String? {
    guard let match = html.firstMatch(of: /name="csrf" value="([0-9a-f]*)"/) else { return nil }
    return String(match.1)
}
/// The `name=value` of a `Set-Cookie` header named `name`.
func cookie(named name: String, in response: TestResponse) -> String? {
    response.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }.map { String($0.prefix { $0 != ";" }) }
}
