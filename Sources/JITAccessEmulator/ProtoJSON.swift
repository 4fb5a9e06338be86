import Foundation
import JITAccessCore

/// Values in proto3's JSON form, as Google's Cloud APIs send them: empty lists are left out
/// (so clients must read a missing `bindings` or `members` as empty).
enum ProtoJSON {
    /// `value` as JSON without empty lists.
    static func value(_ value: some Encodable) throws(GoogleAPIError) -> JSONValue {
        do {
            return pruned(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)))
        } catch {
            throw .internalError("The emulator could not encode its answer: \(error)")
        }
    }

    /// `value` with every empty list (and every field holding one) removed.
    static func pruned(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields):
            .object(fields.compactMapValues { field in
                let kept = pruned(field)
                if case .array(let items) = kept, items.isEmpty { return nil }
                return kept
            })
        case .array(let items):
            .array(items.map(pruned))
        default:
            value
        }
    }
}
