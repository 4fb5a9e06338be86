import Foundation
import JITAccessCore

/// Parsing of JSON request bodies with Google's strictness and messages.
enum RequestJSON {
    /// The top-level object of `bytes`, `nil` for an empty body; refuses other JSON and unknown fields.
    static func object(_ bytes: Data, known: Set<String>) throws(GoogleAPIError) -> [String: JSONValue]? {
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else { return nil }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw .invalidArgument("Invalid JSON payload received. \(describe(error))")
        }
        guard case .object(let fields) = value else {
            throw .invalidArgument("Invalid JSON payload received. Expected an object at the top level.")
        }
        try refuseUnknown(in: fields, known: known, at: "")
        return fields
    }

    static func refuseUnknown(in fields: [String: JSONValue], known: Set<String>, at prefix: String) throws(GoogleAPIError) {
        if let unknown = fields.keys.filter({ !known.contains($0) }).sorted().first {
            throw .invalidArgument("Invalid JSON payload received. Unknown name \"\(prefix)\(unknown)\": Cannot find field.")
        }
    }

    /// `value` as compact JSON, to quote it in a message.
    static func text(_ value: JSONValue) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }

    /// A decoding error in words, with the path of the bad value.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: return "\(error)"
        }
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? context.debugDescription : "\(path.dropFirst(path.hasPrefix(".") ? 1 : 0)): \(context.debugDescription)"
    }
}
