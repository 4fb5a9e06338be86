import Foundation
import JITAccessCore

extension CloudDocument {
    /// Decodes the cloud file; a syntax error is reported with its line and column, a wrong
    /// value with its key path.
    package static func decode(_ bytes: [UInt8], file: String) throws(EmbeddedIAMError) -> CloudDocument {
        try decode(CloudDocument.self, from: bytes, file: file)
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], file: String) throws(EmbeddedIAMError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw explain(error, bytes: bytes, file: file)
        } catch {
            throw EmbeddedIAMError.file(file, "cannot be read as JSON: \(error)")
        }
    }

    /// The file's content, laid out for people by ``CloudJSONWriter``.
    package func encoded(for file: String) throws(EmbeddedIAMError) -> [UInt8] {
        try CloudJSONWriter.document(JSONValue(encoding: self, file: file))
    }

    /// `bytes` of a valid cloud file with the policy at `slot` replaced; every other byte,
    /// including fields jitaccess does not know and the layout, stays as it was.
    package static func replacingPolicy(in bytes: [UInt8], at slot: ResourceSlot, with policy: IAMPolicy, file: String) throws(EmbeddedIAMError) -> [UInt8] {
        do throws(JSONSplice.Failure) {
            return try JSONSplice.setting(JSONValue(policy), at: slot.policyPath, in: bytes)
        } catch {
            throw EmbeddedIAMError.at(file, key: slot.keyPath, error.message)
        }
    }

    private static func explain(_ error: DecodingError, bytes: [UInt8], file: String) -> EmbeddedIAMError {
        switch error {
        case .typeMismatch(let type, let context):
            let key = keyPath(context.codingPath)
            if key.isEmpty {
                return .file(file, "must hold a JSON object with \"organization\", \"folders\", \"projects\" and \"groups\"")
            }
            return .at(file, key: key, "expected \(describe(type)), \(found(context))")
        case .valueNotFound(let type, let context):
            return .at(file, key: keyPath(context.codingPath), "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return .at(file, key: keyPath(context.codingPath + [key]), "is missing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                if let problem = JSONSyntaxCheck.firstProblem(in: bytes) {
                    return .at(file, line: problem.line, column: problem.column, problem.message)
                }
                return .file(file, "is not valid JSON (is it UTF-8?): \(context.debugDescription)")
            }
            return .at(file, key: keyPath(context.codingPath), context.debugDescription)
        @unknown default:
            return .file(file, "cannot be read: \(error)")
        }
    }

    /// `projects[2].policy.bindings[0]` from a coding path.
    static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list in [ ]" }
        if name.hasPrefix("Dictionary") { return "an object in { }" }
        if type is Bool.Type { return "true or false" }
        if type is String.Type { return "a string in double quotes" }
        return "a number"
    }

    /// `a string` from Foundation's "Expected to decode Int but found a string instead."
    private static func found(_ context: DecodingError.Context) -> String {
        let text = context.debugDescription
        guard let start = text.firstRange(of: "but found ") else { return text }
        let rest = text[start.upperBound...]
        let found = rest.firstRange(of: " instead").map { rest[..<$0.lowerBound] } ?? rest
        return "found " + (found == "a dictionary" ? "an object" : found)
    }
}

extension JSONValue {
    /// The JSON tree of an encodable value.
    init(encoding value: some Encodable, file: String) throws(EmbeddedIAMError) {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        } catch {
            throw EmbeddedIAMError.file(file, "cannot be encoded as JSON: \(error)")
        }
    }

    /// Parses one JSON value.
    package static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }
}
