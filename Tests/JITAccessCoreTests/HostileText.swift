import Testing
@testable import JITAccessCore

/// Text that hides `< > & " '` inside graphemes: prepended concatenation marks before each,
/// combining marks after each, and zero-width joiner sequences around each.
enum HostileText {
    static let specials = ["<", ">", "&", "\"", "'"]
    static let prepended = ["\u{600}", "\u{601}", "\u{602}", "\u{603}", "\u{604}", "\u{605}", "\u{6DD}", "\u{70F}", "\u{8E2}", "\u{110BD}"]
    static let combining = ["\u{301}", "\u{20D2}", "\u{FE0F}"]

    static let all: [String] = specials.flatMap { special -> [String] in
        let before: [String] = prepended.map { $0 + special + "b" }
        let after: [String] = combining.map { "a" + special + $0 }
        let joined: String = "\u{1F469}\u{200D}" + special + "\u{200D}\u{1F4BB}"
        return before + after + [joined]
    }

    /// Decodes the five references byte by byte (a `Character`-based search would not find
    /// `&lt;` right after U+0600, for the very reason this suite exists).
    static func unescape(_ text: String) -> String {
        let references: [(String, UInt8)] = [("&lt;", 0x3C), ("&gt;", 0x3E), ("&quot;", 0x22), ("&#39;", 0x27), ("&amp;", 0x26)]
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if let (reference, byte) = references.first(where: { bytes[index...].starts(with: $0.0.utf8) }) {
                output.append(byte)
                index += reference.utf8.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
