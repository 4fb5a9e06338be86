import Foundation
import JITAccessCore
import Testing

/// A tiny checker of JSON values against the schemas of a Google discovery document: every
/// field must be a known property with the right JSON type, and enum values must be listed.
struct DiscoverySchema: Sendable {
    private let schemas: [String: JSONValue]

    /// Loads a discovery document copied into the test fixtures.
    init(fixture name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: url))
        schemas = try #require(document["schemas"]?.objectValue)
    }

    /// What is wrong with `value` as an instance of the schema `name`; empty when it fits.
    func problems(in value: JSONValue, asInstanceOf name: String) -> [String] {
        problems(in: value, property: .object(["$ref": .string(name)]), at: name)
    }

    private func problems(in value: JSONValue, property: JSONValue, at path: String) -> [String] {
        if let reference = property["$ref"]?.stringValue {
            guard let schema = schemas[reference] else { return ["\(path): unknown schema \(reference)"] }
            guard case .object(let fields) = value else { return ["\(path): expected an object (\(reference))"] }
            let properties = schema["properties"]?.objectValue ?? [:]
            return fields.sorted { $0.key < $1.key }.flatMap { key, field -> [String] in
                guard let fieldProperty = properties[key] else { return ["\(path).\(key): not a property of \(reference)"] }
                return problems(in: field, property: fieldProperty, at: "\(path).\(key)")
            }
        }
        switch (property["type"]?.stringValue, value) {
        case ("string", .string(let text)):
            if case .array(let allowed)? = property["enum"], !allowed.contains(.string(text)) {
                return ["\(path): '\(text)' is not one of the enum values"]
            }
            return []
        case ("integer", .number(let number)) where number.rounded() == number:
            return []
        case ("number", .number), ("boolean", .bool), ("object", .object), ("any", _):
            return []
        case ("array", .array(let items)):
            let itemProperty = property["items"] ?? .object([:])
            return items.enumerated().flatMap { index, item in problems(in: item, property: itemProperty, at: "\(path)[\(index)]") }
        case (let type, _):
            return ["\(path): expected \(type ?? "an unknown type"), found \(value)"]
        }
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
