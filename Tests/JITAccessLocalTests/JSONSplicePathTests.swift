import JITAccessCore
@testable import JITAccessLocal
import Testing

/// The path to the value that encloses a range of a JSON document, as the partial re-read
/// uses it to find the policy another writer changed.
@Suite("JSON splice: the path enclosing a range")
struct JSONSplicePathTests {
    static let document = #"{"a": {"b": [1, {"c": "x\"y"}, [true, null]], "d": 2}, "e": [], "f": "g"}"#
    static var bytes: [UInt8] { Array(document.utf8) }

    /// The steps of the path to the value enclosing the first occurrence of `text`.
    static func steps(enclosing text: String, in document: String = document, depth: Int = 10) throws -> [JSONSplice.Step] {
        let bytes = Array(document.utf8)
        let start = try #require(document.utf8.offset(of: text))
        return try JSONSplice.path(enclosing: start..<(start + text.utf8.count), in: bytes, depth: depth).map(\.step)
    }

    @Test(arguments: [
        (#"x\"y"#, [JSONSplice.Step.key("a"), .key("b"), .index(1), .key("c")]),
        ("null", [.key("a"), .key("b"), .index(2), .index(1)]),
        (#"{"c""#, [.key("a"), .key("b"), .index(1)]),
        ("1, {", [.key("a"), .key("b")]),
        (#""d""#, [.key("a")]),
        ("g", [.key("f")]),
        (#", "e""#, []),
        (document, []),
    ])
    func leadsToTheInnermostValueThatEnclosesTheRange(text: String, expected: [JSONSplice.Step]) throws {
        #expect(try Self.steps(enclosing: text) == expected)
    }

    @Test func everyValueOnThePathEnclosesTheRangeAndLiesInsideTheOneBefore() throws {
        let tree = try JSONValue.parse(Self.bytes)
        for start in Self.bytes.indices {
            for range in [start..<start, start..<(start + 1)] {
                let path = try JSONSplice.path(enclosing: range, in: Self.bytes, depth: 10)
                var outer = Self.bytes.indices
                var value = tree
                for (step, bytes) in path {
                    #expect(bytes.lowerBound <= range.lowerBound && range.upperBound <= bytes.upperBound, "\(step) for \(range)")
                    #expect(outer.lowerBound <= bytes.lowerBound && bytes.upperBound <= outer.upperBound, "\(step) for \(range)")
                    value = try #require(value.child(step))
                    #expect(try JSONValue.parse(Array(Self.bytes[bytes])) == value, "\(step) for \(range)")
                    outer = bytes
                }
            }
        }
    }

    @Test(arguments: 0...4)
    func takesAtMostDepthSteps(depth: Int) throws {
        let full = try Self.steps(enclosing: #"x\"y"#)
        #expect(try Self.steps(enclosing: #"x\"y"#, depth: depth) == Array(full.prefix(depth)))
    }

    @Test(arguments: [
        ("a key named twice before the enclosing member", #"{"b": 1, "b": 2, "a": [0]}"#),
        ("a key named twice after the enclosing member", #"{"a": [0], "b": 1, "b": 2}"#),
        ("the enclosing member's key named twice", #"{"a": 1, "a": [0]}"#),
        ("a key named twice in an object on the way", #"{"x": {"a": [0], "y": 1, "y": 2}}"#),
    ])
    func refusesAKeyNamedTwiceInAnObjectOnTheWay(name: String, document: String) throws {
        #expect(throws: JSONSplice.Failure.self, "\(name)") { try Self.steps(enclosing: "0", in: document) }
    }

    @Test func readsOnlyTheObjectsOnTheWay() throws {
        #expect(try Self.steps(enclosing: "0", in: #"{"a": [0], "b": {"y": 1, "y": 2}}"#) == [.key("a"), .index(0)])
        let deep = #"{"a": {"b": {"y": 0, "y": 2}}}"#
        #expect(try Self.steps(enclosing: "0", in: deep, depth: 2) == [.key("a"), .key("b")])
        #expect(throws: JSONSplice.Failure.self) { try Self.steps(enclosing: "0", in: deep, depth: 3) }
    }

    @Test func namesAMemberByItsUnescapedKey() throws {
        #expect(try Self.steps(enclosing: "7", in: #"{"p\u006flicy": [7]}"#) == [.key("policy"), .index(0)])
    }
}

extension JSONValue {
    /// The member or element that `step` names.
    fileprivate func child(_ step: JSONSplice.Step) -> JSONValue? {
        switch (self, step) {
        case (.object(let fields), .key(let key)): fields[key]
        case (.array(let elements), .index(let index)): elements.indices.contains(index) ? elements[index] : nil
        default: nil
        }
    }
}

extension String.UTF8View {
    /// The offset of the first occurrence of `text`.
    fileprivate func offset(of text: String) -> Int? {
        let needle = Array(text.utf8)
        let haystack = Array(self)
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
