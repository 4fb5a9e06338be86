import Foundation
import JITAccessCore
import JITAccessLocal

/// A temporary folder holding one cloud file, removed when the test ends.
final class CloudFolder {
    let folder: URL
    let path: String

    /// A folder with the demo cloud in it.
    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-local-\(UUID().uuidString)")
        path = folder.appendingPathComponent("data/cloud.json").path
        _ = try EmbeddedIAM.createDemoCloud(at: path)
    }

    /// A folder with a cloud file holding `json`.
    convenience init(json: String) throws {
        try self.init()
        try write(json)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    var bytes: Data {
        get throws { try Data(contentsOf: URL(fileURLWithPath: path)) }
    }

    /// The file as a JSON object, to inspect and edit it as a person would.
    func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: bytes) as? [String: Any] ?? [:]
    }

    func iam(now: Timestamp = Fixture.now) throws -> EmbeddedIAM {
        try EmbeddedIAM(path: path, clock: FixedClock(now: now))
    }
}
