import Foundation
import JITAccessCore

extension CloudDocument {
    /// Decodes the cloud file; a syntax error is reported with its line and column, a wrong
    /// value with its key path.
    static func decode(_ bytes: [UInt8], file: String) throws(EmbeddedIAMError) -> CloudDocument {
        do {
            return try JSONDecoder().decode(CloudDocument.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw explain(error, bytes: bytes, file: file)
        } catch {
            throw EmbeddedIAMError.file(file, "cannot be read as JSON: \(error)")
        }
    }

    /// The file's content, laid out for people by ``CloudJSONWriter``.
    func encoded(for file: String) throws(EmbeddedIAMError) -> [UInt8] {
        do {
            let tree = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(self))
            return CloudJSONWriter.write(tree)
        } catch {
            throw EmbeddedIAMError.file(file, "cannot be encoded as JSON: \(error)")
        }
    }

    private static func explain(_ error: DecodingError, bytes: [UInt8], file: String) -> EmbeddedIAMError {
        switch error {
        case .typeMismatch(let type, let context):
            let key = keyPath(context.codingPath)
            if key.isEmpty {
                return .file(file, "must hold a JSON object with \"organization\", \"folders\", \"projects\" and \"groups\"")
            }
            return .at(file, key: key, "expected \(describe(type)); \(context.debugDescription)")
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
        switch type {
        case is String.Type: "a string in double quotes"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type, is [ResourceEntry].Type, is [GroupEntry].Type, is [IAMBinding].Type: "a list in [ ]"
        default: "an object in { }"
        }
    }
}
