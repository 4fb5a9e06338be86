import Foundation
import JITAccessCore
@testable import JITAccessLocal
import Testing

/// Reading a new version of the file from the last one: the same bytes give the same cloud,
/// one changed policy gives the cloud a full read gives, and the rest is read in full.
@Suite("Reading a new version of the file from the last one")
struct PartialReadTests {
    static let file = "cloud.json"
    static let users = [Fixture.user("frank"), Fixture.user("erin")]
    static let projects = [Fixture.project("project-one"), Fixture.project("project-two")]
    static let resources = [ResourceName(kind: .organization, id: "100000000001"), ResourceName(kind: .folder, id: "200000000001")] + projects.map(ResourceName.init)

    static func cloud(_ text: String) throws -> Cloud {
        try Cloud(CloudDocument.decode(Array(text.utf8), file: file), file: file)
    }

    /// What `cloud` answers about every resource, user and project of the fixture.
    static func answers(_ cloud: Cloud) -> [String] {
        var lines = resources.map { "\($0): \(String(describing: cloud.policy(of: $0)))" }
        for user in users {
            lines.append("\(user): \(cloud.projects(for: user, now: Fixture.now))")
            lines += projects.map { "\(user) on \($0): \(String(describing: cloud.bindings(for: user, on: $0)))" }
        }
        lines += projects.map { "holders on \($0): \(String(describing: cloud.holders(of: "roles/viewer", on: $0)))" }
        return lines
    }

    @Test(arguments: PolicyChangeTests.cases.filter { $0.slot != nil })
    func readingTheChangedPolicyGivesTheCloudAFullReadGives(_ example: PolicyChangeTests.Case) throws {
        let original = PolicyChangeTests.original
        let edited = example.edit(original)
        let change = try #require(PolicyChange(from: Array(original.utf8), to: Array(edited.utf8)))
        let updated = try #require(try Self.cloud(original).applying(change))
        #expect(Self.answers(updated) == Self.answers(try Self.cloud(edited)))
    }

    @Test func aPolicyThatIsNotValidIsLeftToAFullRead() throws {
        let original = PolicyChangeTests.original
        let projectMembers = try #require(original.range(of: #""members": ["user:frank@example.com"]"#, options: .backwards))
        let edited = original.replacingCharacters(in: projectMembers, with: #""members": ["frank"]"#)
        let change = try #require(PolicyChange(from: Array(original.utf8), to: Array(edited.utf8)))
        #expect(try Self.cloud(original).applying(change) == nil)
    }

    @Test func aPolicyOfAResourceTheCloudDoesNotHaveIsLeftToAFullRead() throws {
        let original = PolicyChangeTests.original
        let twoFolders = original.replacingOccurrences(
            of: "}],\n  \"projects\"",
            with: "}, {\"id\": \"200000000002\", \"parent\": \"organizations/100000000001\", \"policy\": {}}],\n  \"projects\""
        )
        let edited = twoFolders.replacingOccurrences(of: #""policy": {}}],"#, with: #""policy": {"bindings": []}}],"#)
        let change = try #require(PolicyChange(from: Array(twoFolders.utf8), to: Array(edited.utf8)))
        #expect(change.slot == .folder(1))
        #expect(try Self.cloud(original).applying(change) == nil)
    }

    @Test func theSameBytesGiveTheSameCloud() throws {
        let cloud = try CloudFolder(json: PolicyChangeTests.original)
        let (version, bytes) = try CloudFile.readAll(cloud.path)
        let loaded = try LoadedCloud(version: version, bytes: bytes, file: cloud.path)
        try cloud.write(PolicyChangeTests.original)
        let (rewritten, sameBytes) = try CloudFile.readAll(cloud.path)
        #expect(try loaded.reading(version: rewritten, bytes: sameBytes, file: cloud.path).cloud === loaded.cloud)
    }
}
