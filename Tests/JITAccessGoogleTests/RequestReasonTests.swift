@testable import JITAccessGoogle
import Testing

/// The `x-goog-request-reason` header: one line, cut by bytes between scalars, never by
/// `Character` (a grapheme can hold any number of scalars).
@Suite struct RequestReasonTests {
    @Test func aReasonIsOneLineOfAtMostTheLimitInBytes() {
        #expect(ResourceManagerClient.headerValue("a\r\nBcc: x\u{0}y") == "a  Bcc: x y")
        let ascii = ResourceManagerClient.headerValue(String(repeating: "x", count: 2_000))
        #expect(ascii.utf8.count == ResourceManagerClient.maximumReasonLength)
        let marks = ResourceManagerClient.headerValue("a" + String(repeating: "\u{301}", count: 2_000))
        #expect(marks.utf8.count <= ResourceManagerClient.maximumReasonLength)
        #expect(marks.unicodeScalars.count == 512, "a, then 511 two-byte marks: 1,023 bytes")
        #expect(marks.count == 1, "one grapheme, which a Character-based cut would have kept whole")
    }
}
