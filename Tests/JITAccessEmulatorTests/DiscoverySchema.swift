import Foundation
import JITAccessCore
import JITAccessEmulator
import Testing

extension DiscoveryDocument {
    /// Loads a discovery document copied into the test fixtures.
    init(fixture name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        try self.init(json: Data(contentsOf: url))
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    var objectValue: [String: JSONValue]? {
        guard case .object(let fields) = self else { return nil }
        return fields
    }

    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
