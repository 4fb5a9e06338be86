import JITAccessCore

/// Writes the cloud file for people: two-space indentation, and fields in the order one reads
/// them (an organization before its folders, a role before its members, a policy after the
/// resource it belongs to), then any other fields alphabetically. The same content always
/// gives the same bytes, so diffs of the file show only what changed.
enum CloudJSONWriter {
    private static let fieldOrder: [String: Int] = Dictionary(uniqueKeysWithValues: [
        "organization", "folders", "projects", "groups",
        "id", "email", "displayName", "number", "parent",
        "version", "etag", "bindings", "role", "members", "condition", "title", "description", "expression",
        "policy",
    ].enumerated().map { ($1, $0) })

    /// A whole file: the value and a final line break.
    static func document(_ value: JSONValue) -> [UInt8] {
        write(value, lineIndent: []) + [0x0A]
    }

    /// A value placed on a line that starts with `lineIndent`; nested lines are indented
    /// further by two spaces per level.
    static func write(_ value: JSONValue, lineIndent: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        write(value, lineIndent: lineIndent, indent: 0, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, lineIndent: [UInt8], indent: Int, into output: inout [UInt8]) {
        switch value {
        case .null: output += Array("null".utf8)
        case .bool(let flag): output += Array((flag ? "true" : "false").utf8)
        case .number(let number): output += Array(format(number).utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let items):
            guard !items.isEmpty else { return output += Array("[]".utf8) }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                newline(lineIndent, indent + 1, into: &output)
                write(item, lineIndent: lineIndent, indent: indent + 1, into: &output)
                if index < items.count - 1 { output.append(UInt8(ascii: ",")) }
            }
            newline(lineIndent, indent, into: &output)
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            guard !fields.isEmpty else { return output += Array("{}".utf8) }
            output.append(UInt8(ascii: "{"))
            let keys = fields.keys.sorted { (fieldOrder[$0] ?? Int.max, $0) < (fieldOrder[$1] ?? Int.max, $1) }
            for (index, key) in keys.enumerated() {
                newline(lineIndent, indent + 1, into: &output)
                writeString(key, into: &output)
                output += Array(": ".utf8)
                write(fields[key] ?? .null, lineIndent: lineIndent, indent: indent + 1, into: &output)
                if index < keys.count - 1 { output.append(UInt8(ascii: ",")) }
            }
            newline(lineIndent, indent, into: &output)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ lineIndent: [UInt8], _ indent: Int, into output: inout [UInt8]) {
        output.append(0x0A)
        output += lineIndent
        output += repeatElement(UInt8(ascii: " "), count: indent * 2)
    }

    /// Integers as integers (JSON has one number type, but `3` reads better than `3.0`).
    private static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): output += Array(#"\\"#.utf8)
            case 0x0A: output += Array(#"\n"#.utf8)
            case 0x0D: output += Array(#"\r"#.utf8)
            case 0x09: output += Array(#"\t"#.utf8)
            case 0x00..<0x20:
                let hex = String(byte, radix: 16)
                output += Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
