import JITAccessCore
import Testing

/// Justifications are limited and checked by Unicode scalar and UTF-8 byte, never by
/// `Character`: a grapheme can hold any number of scalars, and a prepended or format scalar
/// hides inside its neighbour.
@Suite("Justification text")
struct JustificationTests {
    let rules = try! ActivationRules()

    func message(_ justification: String) -> String? {
        do {
            try rules.validate(justification: justification)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func combiningMarksCountAsWhatTheyAre() {
        let flood = "Case 9 a" + String(repeating: "\u{301}", count: 25_000)
        #expect(flood.count == 8, "eight graphemes")
        #expect(message(flood)?.contains("25008 characters (Unicode code points) and 50008 bytes") == true)
        #expect(message(String(repeating: "é", count: 100)) == nil, "100 precomposed letters: 100 scalars, 200 bytes")
        #expect(message(String(repeating: "e\u{301}", count: 50)) == nil, "100 scalars, 150 bytes")
        #expect(message(String(repeating: "e\u{301}", count: 51)) != nil, "102 scalars")
        #expect(message(String(repeating: "工", count: 100)) == nil, "100 scalars, 300 bytes")
        #expect(message(String(repeating: "😀", count: 76))?.contains("76 characters (Unicode code points) and 304 bytes") == true, "76 scalars but 304 bytes")
        #expect(message(String(repeating: "x", count: 100)) == nil)
        #expect(message(String(repeating: "x", count: 101)) != nil)
    }

    @Test(arguments: [
        ("INC-7 \u{600}<meta http-equiv=refresh>", 7, "U+0600 ARABIC NUMBER SIGN, an invisible formatting character"),
        ("\u{6DD}x", 1, "U+06DD ARABIC END OF AYAH"),
        ("ab\u{70F}c", 3, "U+070F SYRIAC ABBREVIATION MARK"),
        ("a\u{8E2}", 2, "U+08E2 ARABIC DISPUTED END OF AYAH"),
        ("a\u{110BD}", 2, "U+110BD KAITHI NUMBER SIGN"),
        ("a\u{D4E}", 2, "U+0D4E MALAYALAM LETTER DOT REPH, a character that merges with the one after it"),
        ("a\u{11F02}>", 2, "U+11F02 KAWI SIGN REPHA"),
        ("bug 1\u{200B}2", 6, "U+200B ZERO WIDTH SPACE, an invisible formatting character"),
        ("👩\u{200D}💻 on call", 2, "U+200D ZERO WIDTH JOINER"),
        ("soft\u{AD}hyphen", 5, "U+00AD SOFT HYPHEN"),
        ("\u{FEFF}bom", 1, "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("evil\u{202E}gnp.exe", 5, "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("x\u{2066}y", 2, "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("tab\there", 4, "U+0009, a control character"),
        ("line\u{2028}break", 5, "U+2028 LINE SEPARATOR, a line break"),
        ("private \u{E000}", 9, "U+E000, a private-use or unassigned character"),
        ("unassigned \u{378}", 12, "U+0378, a private-use or unassigned character"),
        ("nonchar \u{FFFF}", 9, "U+FFFF, a private-use or unassigned character"),
    ])
    func hazardousCharactersAreNamedWithTheirPosition(justification: String, position: Int, naming: String) throws {
        let text = try #require(message(justification))
        #expect(text.contains(naming), "\(text)")
        #expect(text.contains("at position \(position) "), "\(text)")
    }

    @Test func combiningMarksAndOrdinaryScriptsAreAccepted() {
        for justification in ["Café \"déjà vu\" <ok> & 'fine'", "x\u{301}\u{20D2}\u{FE0F}", "工单 4711：数据库故障", "תקלה 12", "Störung #12", "🙂 INC-9"] {
            #expect(message(justification) == nil, "\(justification)")
        }
    }

    /// Every scalar that Swift's grapheme breaking merges with a following ASCII character
    /// that HTML treats specially is refused, so a justification can never hide one.
    @Test func everyScalarThatMergesWithTheNextCharacterIsRefused() {
        var missed: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = String.UnicodeScalarView()
            text.append(scalar)
            text.append("<")
            guard String(text).count == 1 else { continue }
            if HazardousCharacter.kind(of: scalar) == nil { missed.append("U+" + String(value, radix: 16, uppercase: true)) }
        }
        #expect(missed.isEmpty, "not refused: \(missed)")
    }

    @Test func theFirstHazardIsFoundByScalarPosition() {
        let hazard = HazardousCharacter.first(in: "e\u{301}\u{301}x\u{600}")
        #expect(hazard?.position == 5)
        #expect(hazard?.kind == .format)
        #expect(HazardousCharacter.first(in: "plain ASCII only ~") == nil)
    }
}
