import Testing
@testable import JITAccessCore

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test func escapesTheFiveCharactersByByte() {
        #expect(HTMLEscaping.escape(#"<script>alert("x")</script> & 'q'"#) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;")
        #expect(HTMLEscaping.escape("plain") == "plain")
        #expect(HTMLEscaping.escape("") == "")
    }

    /// Graphemes that contain `<` or `"` but are not equal to them: the bug of comparing
    /// `Character`s, which swift-mustache's escaper has.
    @Test(arguments: HostileText.all)
    func escapesInsideGraphemes(_ text: String) {
        let escaped = HTMLEscaping.escape(text)
        #expect(!escaped.utf8.contains { [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains($0) })
        #expect(HostileText.unescape(escaped) == text)
    }
}
