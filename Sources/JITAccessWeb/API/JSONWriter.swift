/// Writes JSON straight into bytes, for the few documents written on every request (the roles
/// and projects listings, the audit lines): Foundation's `JSONEncoder` builds a tree and casts
/// dynamically, which costs about ten times as much for these small, fixed shapes.
///
/// Values are written in order and the writer puts in the commas: `beginObject()`, then for each
/// field `key(_:)` and its value (or `field(_:_:)`), then `endObject()`. Strings are escaped as
/// RFC 8259 requires (`"`, `\` and control characters); everything else is written as UTF-8.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Bit `n` says whether the container at depth `n` already holds a value, so the next needs a comma.
    private var holdsValue: UInt64 = 0
    private var depth = 0
    private var afterKey = false

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// The name of the next field of the object being written; its value follows.
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    /// A string field (`null` when `value` is nil).
    mutating func field(_ name: String, _ value: String?) {
        key(name)
        string(value)
    }

    /// A number field (`null` when `value` is nil).
    mutating func field(_ name: String, _ value: Int64?) {
        key(name)
        integer(value)
    }

    /// `value` as a JSON string, or `null`.
    mutating func string(_ value: String?) {
        separate()
        guard let value else { return bytes.append(contentsOf: "null".utf8) }
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"):
                bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"):
                bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"):
                bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `value` as a JSON number, or `null`.
    mutating func integer(_ value: Int64?) {
        separate()
        guard let value else { return bytes.append(contentsOf: "null".utf8) }
        bytes.append(contentsOf: String(value).utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Puts a comma before a value that is not the first in its container (or a field's value).
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        let bit: UInt64 = 1 << UInt64(depth)
        if holdsValue & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        holdsValue |= bit
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        precondition(depth < UInt64.bitWidth, "JSONWriter nests at most 63 containers")
        holdsValue &= ~(1 << UInt64(depth))
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        depth -= 1
    }
}
