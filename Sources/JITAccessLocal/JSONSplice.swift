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
        /// The key an object names twice, when that is the failure.
        package var repeatedKey: String?

        /// An object names `key` twice, so the splice and a decoder might mean different values.
        static func keyTwice(_ key: String) -> Self {
            Self(message: "the field '\(key)' appears twice in one object; remove one of them", repeatedKey: key)
        }
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

    /// One step of a path with the bytes of the value it leads to.
    package typealias LocatedStep = (step: Step, value: Range<Int>)

    /// The members and elements, from the top, whose values enclose `range`, at most `depth`
    /// of them, each with its value's range. Refuses when an object on the way names a key
    /// twice, as ``setting(_:at:in:)`` does.
    ///
    /// Each value encloses `range` and lies inside the one before. The path ends after `depth`
    /// steps, at a value that is not an object or a list, or where no single member or element
    /// encloses `range` (it covers a key, a comma, a bracket or several of them).
    package static func path(enclosing range: Range<Int>, in bytes: [UInt8], depth: Int) throws(Failure) -> [LocatedStep] {
        var splice = JSONSplice(bytes)
        splice.skipWhitespace()
        var path: [LocatedStep] = []
        while path.count < depth, let child = try splice.child(enclosing: range) {
            path.append(child)
            splice.index = child.value.lowerBound
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

    /// The member or element of the object or list at `index` whose value encloses `range`.
    private mutating func child(enclosing range: Range<Int>) throws(Failure) -> LocatedStep? {
        switch current {
        case UInt8(ascii: "{"): try member(enclosing: range)
        case UInt8(ascii: "["): try element(enclosing: range)
        default: nil
        }
    }

    /// The member of the object at `index` whose value encloses `range`. Reads the whole
    /// object, not only up to that member: a key named twice anywhere in it would leave open
    /// which member a decoder reads.
    private mutating func member(enclosing range: Range<Int>) throws(Failure) -> LocatedStep? {
        var names = Set<String>()
        var found: LocatedStep?
        try forEachMember { name, member throws(Failure) in
            guard names.insert(name).inserted else { throw Failure.keyTwice(name) }
            if member.value.encloses(range) { found = (.key(name), member.value) }
        }
        return found
    }

    /// The element of the list at `index` whose value encloses `range`; elements have no
    /// names to repeat, so the scan stops there.
    private mutating func element(enclosing range: Range<Int>) throws(Failure) -> LocatedStep? {
        index += 1
        var position = 0
        while let start = nextElement() {
            try skipValue()
            if (start..<index).encloses(range) { return (.index(position), start..<index) }
            position += 1
        }
        return nil
    }

    /// The member named `key` of the object at `index`, if it has one; leaves `index` after
    /// the object.
    private mutating func onlyMember(_ key: String) throws(Failure) -> Member? {
        var found: Member?
        try forEachMember { name, member throws(Failure) in
            guard name == key else { return }
            if found != nil { throw Failure.keyTwice(key) }
            found = member
        }
        return found
    }

    /// Calls `body` with the name and place of each member of the object at `index`, in
    /// order, and leaves `index` after the object.
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

    /// Moves `index` to the start of element `position` of the list at `index`.
    private mutating func enterElement(_ position: Int) throws(Failure) {
        guard current == UInt8(ascii: "[") else { throw Failure(message: "expected a list") }
        index += 1
        var element = 0
        while nextElement() != nil {
            if element == position { return }
            try skipValue()
            element += 1
        }
        throw Failure(message: "the list has no element \(position)")
    }

    /// Moves `index` past white space and commas to the next element of the list it is in,
    /// and returns where that element starts, or `nil` at the end of the list.
    private mutating func nextElement() -> Int? {
        while true {
            skipWhitespace()
            switch current {
            case nil, UInt8(ascii: "]"): return nil
            case UInt8(ascii: ","): index += 1
            default: return index
            }
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

extension Range<Int> {
    /// True when every position of `other` lies in this range; an empty `other` at either end
    /// counts as inside.
    fileprivate func encloses(_ other: Range<Int>) -> Bool {
        lowerBound <= other.lowerBound && other.upperBound <= upperBound
    }
}
