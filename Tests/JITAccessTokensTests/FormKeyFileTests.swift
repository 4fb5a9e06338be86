import Foundation
import JITAccessTokens
import Testing

/// The forms' signing key goes through the same key-file code as the token signing key: private
/// when made, refused when others may read it, shared by processes that share the folder.
@Suite struct FormKeyFileTests {
    func temporaryFolder() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-form-key-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func theKeyIsCreatedPrivateAndSharedBetweenLoads() throws {
        let directory = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/signing.key"
        let first = try FormKeyFile.loadOrCreate(path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(first.count == FormKeyFile.byteCount)
        #expect(try FormKeyFile.loadOrCreate(path) == first)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["signing.key"])
    }

    @Test func aTruncatedKeyIsRefusedWithItsName() throws {
        let directory = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/signing.key"
        FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]), attributes: [.posixPermissions: 0o600])
        #expect {
            _ = try FormKeyFile.loadOrCreate(path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("3 bytes")
        }
    }

    @Test func aKeyOthersMayReadIsRefused() throws {
        let directory = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/signing.key"
        _ = try FormKeyFile.loadOrCreate(path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect {
            _ = try FormKeyFile.loadOrCreate(path)
        } throws: { error in
            "\(error)".contains("chmod 600 \(path)")
        }
    }
}
