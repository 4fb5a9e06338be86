import Foundation
import JITAccessCore
@testable import JITAccessLocal
import Testing

/// Which differences between two versions of the file count as one policy's change.
@Suite("Policy change between two versions of the file")
struct PolicyChangeTests {
    static let original = Fixture.cloud(
        organizationPolicy: Fixture.policy(members: ["user:frank@example.com"]),
        folderPolicy: Fixture.policy(members: ["user:frank@example.com"]),
        projectPolicy: Fixture.policy(members: ["user:frank@example.com"])
    )

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let edit: @Sendable (String) -> String
        /// The slot whose policy changed, or `nil` when the whole file must be read.
        let slot: ResourceSlot?
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "a member of the project's policy", edit: { replacingNth($0, "frank", with: "erin", 2) }, slot: .project(0)),
        Case(name: "a member of the folder's policy", edit: { replacingNth($0, "frank", with: "erin", 1) }, slot: .folder(0)),
        Case(name: "the organization's etag", edit: { replacingNth($0, "BwXoriginal=", with: "BwXchanged=", 0) }, slot: .organization),
        Case(name: "a binding added to the project's policy", edit: { replacingNth($0, #""bindings": ["#, with: #""bindings": [{"role": "roles/editor", "members": ["user:erin@example.com"]}, "#, 2) }, slot: .project(0)),
        Case(name: "two policies", edit: { $0.replacingOccurrences(of: "frank", with: "erin") }, slot: nil),
        Case(name: "a parent", edit: { $0.replacingOccurrences(of: #""parent": "organizations/100000000001"}"#, with: #""parent": "folders/200000000001"}"#) }, slot: nil),
        Case(name: "a group", edit: { $0.replacingOccurrences(of: #""groups": []"#, with: #""groups": [{"email": "g@example.com"}]"#) }, slot: nil),
        Case(name: "a policy replaced by null", edit: { replacingNth($0, #"{"version": 3, "etag": "BwXoriginal=", "bindings": [{"role": "roles/viewer", "members": ["user:frank@example.com"], "condition": {"title": "Eligible", "expression": "has({}.jitAccessConstraint)"}}]}"#, with: "null", 2) }, slot: nil),
        Case(name: "a field after a policy", edit: { replacingNth($0, #"}]}},"#, with: #"}]}, "displayName": "One"},"#, 1) }, slot: nil),
        Case(name: "a policy key written twice", edit: { replacingNth($0, #""policy": {"version": 3, "etag": "BwXoriginal=""#, with: #""policy": {}, "policy": {"version": 3, "etag": "BwXother=""#, 2) }, slot: nil),
    ]

    @Test(arguments: cases)
    func findsTheChangedPolicy(_ example: Case) throws {
        let edited = example.edit(Self.original)
        try #require(edited != Self.original, "the edit changed nothing")
        let change = PolicyChange(from: Array(Self.original.utf8), to: Array(edited.utf8))
        #expect(change?.slot == example.slot)
    }
}

extension PolicyChangeTests {
    @Test func skipsStringsWithEscapedQuotesAndBackslashes() throws {
        // In JSON: a title ending in a backslash, an expression full of escaped quotes.
        let tricky = #"{"version": 3, "bindings": [{"role": "roles/viewer", "members": ["user:frank@example.com"], "condition": {"title": "t \"q\" \\", "expression": "a == \"\\\\\" && b == \"\\\"\""}}]}"#
        let original = Fixture.cloud(organizationPolicy: tricky, projectPolicy: Fixture.policy(members: ["user:frank@example.com"]))
        let edited = replacingNth(original, "frank", with: "erin", 1)
        let change = PolicyChange(from: Array(original.utf8), to: Array(edited.utf8))
        #expect(change?.slot == .project(0))
        #expect(change?.policy.bindings.first?.members == ["user:erin@example.com"])
    }
}

extension PolicyChangeTests {
    /// A project whose policy comes before its parent, so that an edit can move the policy's end.
    static let policyBeforeParent = Fixture.cloud().replacingOccurrences(
        of: #"{"id": "project-one", "parent": "folders/200000000001", "policy": {}}"#,
        with: #"{"id": "project-one", "policy": \#(Fixture.policy(members: ["user:frank@example.com"])), "parent": "folders/200000000001"}"#
    )

    @Test(arguments: [
        ("the field after it removed", #"}]}}"#),
        ("the field after it moved into it", #"}], "parent": "folders/200000000001"}}"#),
    ])
    func anEditThatMovesThePolicysEndIsReadInFull(name: String, replacement: String) throws {
        let original = Self.policyBeforeParent
        let edited = original.replacingOccurrences(of: #"}]}, "parent": "folders/200000000001"}"#, with: replacement)
        try #require(edited != original, "the fixture changed: \(name)")
        let change = PolicyChange(from: Array(original.utf8), to: Array(edited.utf8))
        #expect(change == nil)
    }
}

/// `text` with the occurrence number `index` (from 0) of `target` replaced.
private func replacingNth(_ text: String, _ target: String, with replacement: String, _ index: Int) -> String {
    var ranges: [Range<String.Index>] = []
    var start = text.startIndex
    while let range = text.range(of: target, range: start..<text.endIndex) {
        ranges.append(range)
        start = range.upperBound
    }
    guard ranges.indices.contains(index) else { return text }
    return text.replacingCharacters(in: ranges[index], with: replacement)
}
