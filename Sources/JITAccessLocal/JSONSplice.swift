import Foundation
import JITAccessCore

/// Replaces one value in the bytes of a JSON document and keeps every other byte as it was, so
/// that writing one policy leaves the rest of a hand-edited file, its layout included, alone.
///
/// It works on documents that already decoded successfully, and refuses (rather than guesses)
/// when a key on the path appears twice, because then the decoder and the splice might not
/// mean the same value.
package struct JSONSplice {
    /// One step of the path to the value: a field of an object or an element of a list.
    package enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// Why the value could not be placed.
    package struct Failure: Error, Sendable {
        let message: String
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// `bytes` with the value at `path` replaced by `value`; when the last step names a field
    /// the object does not have, the field is added after its last field.
    package static func setting(_ value: JSONValue, at path: [Step], in bytes: [UInt8]) throws(Failure) -> [UInt8] {
        guard case .key(let field)? = path.last else { throw Failure(message: "only a field of an object can be set") }
        var splice = JSONSplice(bytes)
        splice.skipWhitespace()
        for step in path.dropLast() {
            switch step {
            case .key(let key):
                guard let member = try splice.onlyMember(key) else { throw Failure(message: "the field '\(key)' is missing") }
                splice.index = member.value.lowerBound
            case .index(let position): try splice.enterElement(position)
            }
        }
        let objectStart = splice.index
        if let member = try splice.onlyMember(field) {
            let written = CloudJSONWriter.write(value, lineIndent: splice.indentation(ofLineAt: member.key))
            return Array(bytes[..<member.value.lowerBound]) + written + bytes[member.value.upperBound...]
        }
        return try splice.adding(field, value, toObjectAt: objectStart)
    }

    /// The members and elements, from the top, whose values enclose `range`, at most `depth`
    /// of them, each with its value's range. Refuses when an object on the way names a key
    /// twice, as ``setting(_:at:in:)`` does.
    package static func path(enclosing range: Range<Int>, in bytes: [UInt8], depth: Int) throws(Failure) -> [(step: Step, value: Range<Int>)] {
        var splice = JSONSplice(bytes)
        splice.skipWhitespace()
        var path: [(step: Step, value: Range<Int>)] = []
        while path.count < depth {
            var found: (step: Step, value: Range<Int>)?
            switch splice.current {
            case UInt8(ascii: "{"):
                var names = Set<String>()
                try splice.forEachMember { name, member throws(Failure) in
                    guard names.insert(name).inserted else { throw Failure(message: "the field '\(name)' appears twice in one object; remove one of them") }
                    if member.value.lowerBound <= range.lowerBound, range.upperBound <= member.value.upperBound { found = (.key(name), member.value) }
                }
            case UInt8(ascii: "["):
                splice.index += 1
                var element = 0
                elements: while true {
                    splice.skipWhitespace()
                    switch splice.current {
                    case nil, UInt8(ascii: "]"):
                        break elements
                    case UInt8(ascii: ","):
                        splice.index += 1
                    default:
                        let valueStart = splice.index
                        try splice.skipValue()
                        if valueStart <= range.lowerBound, range.upperBound <= splice.index {
                            found = (.index(element), valueStart..<splice.index)
                            break elements
                        }
                        element += 1
                    }
                }
            default:
                break
            }
            guard let found else { break }
            path.append(found)
            splice.index = found.value.lowerBound
        }
        return path
    }

    /// The position after the value that starts at `start`, or `nil` if it does not end.
    static func end(ofValueAt start: Int, in bytes: [UInt8]) -> Int? {
        var splice = JSONSplice(bytes)
        splice.index = start
        guard (try? splice.skipValue()) != nil else { return nil }
        return splice.index
    }

    // MARK: - Navigation

    private struct Member {
        let key: Int
        let value: Range<Int>
    }

    /// The member named `key` of the object at `index`, if it has one; leaves `index` after
    /// the object.
    private mutating func onlyMember(_ key: String) throws(Failure) -> Member? {
        var found: Member?
        try forEachMember { name, member throws(Failure) in
            guard name == key else { return }
            if found != nil { throw Failure(message: "the field '\(key)' appears twice in one object; remove one of them") }
            found = member
        }
        return found
    }

    private mutating func forEachMember(_ body: (String, Member) throws(Failure) -> Void) throws(Failure) {
        guard current == UInt8(ascii: "{") else { throw Failure(message: "expected an object") }
        index += 1
        while true {
            skipWhitespace()
            switch current {
            case UInt8(ascii: "}"):
                index += 1
                return
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "\""):
                let keyStart = index
                let name = try stringValue()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw Failure(message: "expected ':'") }
                index += 1
                skipWhitespace()
                let valueStart = index
                try skipValue()
                try body(name, Member(key: keyStart, value: valueStart..<index))
            default:
                throw Failure(message: "unexpected content in an object")
            }
        }
    }

    private mutating func enterElement(_ position: Int) throws(Failure) {
        guard current == UInt8(ascii: "[") else { throw Failure(message: "expected a list") }
        index += 1
        var element = 0
        while true {
            skipWhitespace()
            guard let byte = current, byte != UInt8(ascii: "]") else { throw Failure(message: "the list has no element \(position)") }
            if byte == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if element == position { return }
            try skipValue()
            element += 1
        }
    }

    /// The document with `"field": value` added as the last member of the object at `start`:
    /// on a new line when the object spans lines, on the same line otherwise.
    private func adding(_ field: String, _ value: JSONValue, toObjectAt start: Int) throws(Failure) -> [UInt8] {
        var scanner = JSONSplice(bytes)
        scanner.index = start
        var last: Member?
        try scanner.forEachMember { _, member throws(Failure) in last = member }
        let name = CloudJSONWriter.write(.string(field), lineIndent: [])
        guard let last else {
            let member = name + Array(": ".utf8) + CloudJSONWriter.write(value, lineIndent: indentation(ofLineAt: start))
            return Array(bytes[...start]) + member + bytes[(start + 1)...]
        }
        let multiline = bytes[start..<last.key].contains(0x0A)
        let indent = indentation(ofLineAt: multiline ? last.key : start)
        let separator = multiline ? [UInt8(ascii: ","), 0x0A] + indent : Array(", ".utf8)
        let member = separator + name + Array(": ".utf8) + CloudJSONWriter.write(value, lineIndent: indent)
        return Array(bytes[..<last.value.upperBound]) + member + bytes[last.value.upperBound...]
    }

    /// The white space that starts the line containing `position`.
    private func indentation(ofLineAt position: Int) -> [UInt8] {
        var lineStart = position
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var end = lineStart
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return Array(bytes[lineStart..<end])
    }

    // MARK: - Scanning

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// Moves `index` past the value that starts there. Scanning the rest of a large file is
    /// most of a write's cost, so the loops run over the raw buffer.
    private mutating func skipValue() throws(Failure) {
        let start = index
        let end = bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard start < buffer.count else { return nil }
            return switch buffer[start] {
            case UInt8(ascii: "\""): Self.end(ofStringAt: start, in: buffer)
            case UInt8(ascii: "{"), UInt8(ascii: "["): Self.end(ofContainerAt: start, in: buffer)
            default: Self.end(ofScalarAt: start, in: buffer)
            }
        }
        guard let end else { throw Failure(message: "the document ends inside a value") }
        index = end
    }

    private mutating func skipString() throws(Failure) {
        let start = index
        guard let end = bytes.withUnsafeBufferPointer({ Self.end(ofStringAt: start, in: $0) }) else {
            throw Failure(message: "the document ends inside a string")
        }
        index = end
    }

    /// The position after the string whose opening quote is at `start`, or `nil` if it is not
    /// closed: the next quote (found by `memchr`) not escaped by an odd number of backslashes.
    private static func end(ofStringAt start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        var position = start + 1
        while position < buffer.count {
            guard let found = memchr(base + position, Int32(UInt8(ascii: "\"")), buffer.count - position) else { return nil }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - 1 - backslashes > start, base[quote - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            position = quote + 1
        }
        return nil
    }

    /// The position after the object or list that opens at `start`, or `nil` if it is not closed.
    private static func end(ofContainerAt start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var depth = 0
        var position = start
        while position < buffer.count {
            switch buffer[position] {
            case UInt8(ascii: "\""):
                guard let end = end(ofStringAt: position, in: buffer) else { return nil }
                position = end
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return position + 1 }
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// The position after the number, `true`, `false` or `null` at `start`.
    private static func end(ofScalarAt start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var position = start
        while position < buffer.count {
            switch buffer[position] {
            case 0x09, 0x0A, 0x0D, 0x20, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): return position
            default: position += 1
            }
        }
        return position
    }

    /// The string at `index`, unescaped, leaving `index` after it.
    private mutating func stringValue() throws(Failure) -> String {
        let start = index
        try skipString()
        let raw = bytes[(start + 1)..<(index - 1)]
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        guard case .string(let text)? = try? JSONValue.parse(Array(bytes[start..<index])) else {
            throw Failure(message: "a field name cannot be read")
        }
        return text
    }
}
