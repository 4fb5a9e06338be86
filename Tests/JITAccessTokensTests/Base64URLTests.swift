import Foundation
import JITAccessCore
import Testing
@testable import JITAccessTokens

@Suite("base64url")
struct Base64URLTests {
    @Test("Encoding matches Foundation's base64 with the URL alphabet and no padding", arguments: 0..<70)
    func matchesFoundation(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 251) }
        let encoded = Base64URL.encode(bytes)
        #expect(encoded == standardBase64URL(Data(bytes)))
        #expect(Base64URL.decode(encoded) == bytes)
    }

    @Test("Anything but canonical unpadded base64url is refused", arguments: ["A", "AB==", "AB=", "A+", "A/", "AB C", "AB\n", "AR", "AAB", "é"])
    func refusesNonCanonical(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }
}
