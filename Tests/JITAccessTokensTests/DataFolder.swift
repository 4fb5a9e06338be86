import Crypto
import Foundation
import JITAccessCore
import JITAccessTestSupport
import Testing
@testable import JITAccessTokens

/// A fresh, empty data folder, removed when the test is done with it.
final class DataFolder: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-tokens-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    var currentKeyPath: String { path + "/" + LocalTokenSigner.currentKeyFileName }

    /// The permission bits of the file `name` in the folder.
    func mode(of name: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path + "/" + name)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    func setMode(_ mode: Int, of name: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path + "/" + name)
    }
}
