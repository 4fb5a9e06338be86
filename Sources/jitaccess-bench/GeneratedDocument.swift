import Foundation
import JITAccessCore

/// The cloud file's layout (see `CloudDocument` in JITAccessLocal), with fields in the order
/// the embedded IAM writes them.
struct GeneratedDocument: Encodable {
    var organization: GeneratedResource
    var folders: [GeneratedResource]
    var projects: [GeneratedResource]
    var groups: [GeneratedGroup]

    /// Writes the document as indented JSON, as a person would lay it out.
    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}
