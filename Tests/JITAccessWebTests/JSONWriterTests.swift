import Foundation
import JITAccessCore
import Testing
@testable import JITAccessWeb

@Suite("Hand-written JSON")
struct JSONWriterTests {
    static let awkwardStrings = [
        "", "plain", "quote \" and backslash \\", "new\nline\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}", "</script><b>&amp;",
        "ünïcødé, 漢字, 👩‍💻", "\u{2028}\u{2029}", "slash / stays", #"\u0041 is not an escape here"#,
    ]

    @Test("strings read back exactly as written, whatever they hold", arguments: awkwardStrings)
    func stringsRoundTrip(text: String) throws {
        var writer = JSONWriter()
        writer.beginArray()
        writer.string(text)
        writer.string(nil)
        writer.integer(-42)
        writer.integer(nil)
        writer.endArray()
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [Any])
        #expect(parsed[0] as? String == text)
        #expect(parsed[1] is NSNull)
        #expect(parsed[2] as? Int == -42)
        #expect(parsed[3] is NSNull)
    }

    @Test("commas go between values at every depth, never after a key")
    func nesting() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.beginArray()
        writer.beginObject()
        writer.endObject()
        writer.beginObject()
        writer.field("x", "1")
        writer.field("y", Int64(2))
        writer.endObject()
        writer.endArray()
        writer.key("b")
        writer.beginArray()
        writer.endArray()
        writer.field("c", nil as String?)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":[{},{"x":"1","y":2}],"b":[],"c":null}"#)
    }

    @Test("the roles listing is byte for byte what Foundation's encoder wrote before", arguments: awkwardStrings)
    func entitlementsMatchFoundation(text: String) throws {
        let listing = APIModels.Entitlements(warnings: [text], entitlements: [
            APIModels.EntitlementInfo(
                id: "p:roles/x", name: text, resourceCondition: nil, activationType: "JIT", status: "ACTIVE", validUntil: 1_800_000_000
            ),
            APIModels.EntitlementInfo(
                id: "p:roles/y:abc", name: "roles/y", resourceCondition: text, activationType: "MPA", status: "INACTIVE", validUntil: nil
            ),
        ])
        // What Foundation writes for the same listing, keys sorted as the encoder had them.
        let reference = try JSONSerialization.data(withJSONObject: [
            "entitlements": listing.entitlements.map { entry -> [String: Any] in
                [
                    "activationType": entry.activationType, "id": entry.id, "name": entry.name,
                    "resourceCondition": entry.resourceCondition ?? NSNull(), "status": entry.status,
                    "validUntil": entry.validUntil.map { NSNumber(value: $0) } ?? NSNull(),
                ]
            },
            "warnings": listing.warnings,
        ], options: [.sortedKeys, .withoutEscapingSlashes])
        let written = JSONResponse(listing).bytes
        #expect(try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary == JSONSerialization.jsonObject(with: reference) as? NSDictionary)
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        }
    }

    @Test("an audit line is one line of JSON with the labels, message and severity")
    func auditLine() throws {
        let line = CloudLoggingAuditLog.line(severity: "INFO", message: "two\nlines \"quoted\"", labels: ["user": "a@example.com", "event": "e"])
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let entry = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(entry["message"] as? String == "two\nlines \"quoted\"")
        #expect(entry["logging.googleapis.com/labels"] as? [String: String] == ["user": "a@example.com", "event": "e"])
    }
}
