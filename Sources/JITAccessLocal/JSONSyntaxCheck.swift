/// Finds the first JSON syntax error in a file and where it is.
///
/// Foundation's decoders on Linux report a syntax error without a line (and for a truncated
/// file without any position), which is no help to someone editing the cloud file by hand.
/// This RFC 8259 scanner runs only after decoding failed, to say where and what. Like
/// Foundation's decoder, it accepts a trailing comma before a closing bracket.
package struct JSONSyntaxCheck {
    /// A syntax error: 1-based line and column (in characters), and what is wrong.
    package struct Problem: Sendable, Equatable {
        package let line: Int
        package let column: Int
        package let message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private static let maxDepth = 512

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The first syntax error of `bytes`, or `nil` when they are well-formed JSON.
    package static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = JSONSyntaxCheck(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.index = 3 }
        scanner.skipWhitespace()
        guard scanner.index < bytes.count else {
            return scanner.problem("the file is empty; it must hold a JSON object")
        }
        if let failure = scanner.value(depth: 0) { return scanner.problem(failure) }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else {
            return scanner.problem("unexpected text after the end of the JSON document; is a '{' or '[' missing, or a ',' ?")
        }
        return nil
    }

    private func problem(_ message: String) -> Problem {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return Problem(line: line, column: column, message: message)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    /// Scans one value at `index`; returns what is wrong, with `index` at the culprit.
    private mutating func value(depth: Int) -> String? {
        guard depth < Self.maxDepth else { return "the JSON is nested more than \(Self.maxDepth) levels deep" }
        skipWhitespace()
        guard let byte = current else { return "the file ends where a value was expected; is a closing '}' or ']' missing?" }
        switch byte {
        case UInt8(ascii: "{"): return container(closing: UInt8(ascii: "}"), depth: depth, keyed: true)
        case UInt8(ascii: "["): return container(closing: UInt8(ascii: "]"), depth: depth, keyed: false)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "'"): return "strings must be in double quotes, not single quotes"
        case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","): return "expected a value before '\(Character(Unicode.Scalar(byte)))'; is there a comma too many?"
        default: return "unexpected character \(Self.describe(byte)) where a value was expected"
        }
    }

    /// Scans an object (`keyed`) or an array starting at its opening bracket.
    private mutating func container(closing: UInt8, depth: Int, keyed: Bool) -> String? {
        let close = "'\(Character(Unicode.Scalar(closing)))'"
        index += 1
        skipWhitespace()
        if current == closing {
            index += 1
            return nil
        }
        var afterComma = false
        while true {
            if keyed {
                skipWhitespace()
                guard let byte = current else { return "the file ends inside an object; is a closing '}' missing?" }
                if byte == closing, afterComma {
                    index += 1
                    return nil
                }
                guard byte == UInt8(ascii: "\"") else {
                    return "expected a field name in double quotes, found \(Self.describe(byte))"
                }
                if let failure = string() { return failure }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else {
                    return current == nil ? "the file ends after a field name" : "expected ':' after the field name, found \(Self.describe(current))"
                }
                index += 1
            } else {
                skipWhitespace()
                if current == closing, afterComma {
                    index += 1
                    return nil
                }
            }
            if let failure = value(depth: depth + 1) { return failure }
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                afterComma = true
            case closing:
                index += 1
                return nil
            case nil:
                return "the file ends inside \(keyed ? "an object" : "a list"); is a closing \(close) missing?"
            default:
                return "expected ',' or \(close) after a value, found \(Self.describe(current)); is a comma missing?"
            }
        }
    }

    private mutating func string() -> String? {
        let start = index
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return nil
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = current else { break }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    for _ in 0..<4 {
                        guard let digit = current, Self.isHexDigit(digit) else { return "'\\u' must be followed by four hexadecimal digits" }
                        index += 1
                    }
                default:
                    return "invalid escape '\\\(Character(Unicode.Scalar(escaped)))' in a string; write '\\\\' for a backslash"
                }
            case 0x00..<0x20:
                index = start
                return "this string has no closing '\"' on its line; a string cannot span lines (write \\n for a line break)"
            default:
                index += 1
            }
        }
        index = start
        return "this string is never closed; a '\"' is missing"
    }

    private mutating func number() -> String? {
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, Self.isDigit(first) else { return "expected a digit after '-'" }
        index += 1
        if first == UInt8(ascii: "0"), let next = current, Self.isDigit(next) { return "numbers may not start with a leading zero" }
        skipDigits()
        if current == UInt8(ascii: ".") {
            index += 1
            guard let digit = current, Self.isDigit(digit) else { return "expected a digit after the decimal point" }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, Self.isDigit(digit) else { return "expected a digit in the exponent" }
            skipDigits()
        }
        return nil
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private mutating func literal(_ word: String) -> String? {
        for expected in word.utf8 {
            guard current == expected else { return "unexpected \(Self.describe(current)); did you mean '\(word)'? (text values need double quotes)" }
            index += 1
        }
        return nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    private static func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "the end of the file" }
        return byte >= 0x21 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}
