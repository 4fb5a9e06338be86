import Foundation

/// The parameters of a URL's query string as Google's front end reads them: names and values
/// percent-decoded, and `+` a space, since the Python client encodes spaces as `+` and the
/// Java one as `%20` (Hummingbird's own reading keeps `+` and leaves names encoded).
struct QueryParameters {
    /// The decoded parameters, in their order; a repeated one appears once per value.
    let pairs: [(name: String, value: String)]

    /// The parameters of `query`, the part of the URL after `?`.
    init(_ query: String?) {
        pairs = (query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { part in
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (name: parts[0], value: parts.count > 1 ? parts[1] : "")
        }
    }

    /// Every value of the parameter `name`.
    func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// The last value of the parameter `name`.
    func value(_ name: String) -> String? {
        values(name).last
    }

    /// Refuses a parameter that is not in `known` or among every method's parameters, as Google
    /// refuses one it cannot bind.
    func check(known: Set<String>) throws(GoogleAPIError) {
        for (name, _) in pairs where !known.contains(name) && !IamPolicyAnalysisQuery.discoveryWideParameters.contains(name) {
            throw .invalidArgument("Invalid JSON payload received. Unknown name \"\(name)\": Cannot bind query parameter.")
        }
    }

    /// The integer parameter `name`, `nil` when absent; refused when it is not a number.
    func integer(_ name: String) throws(GoogleAPIError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int32(text) else {
            throw .invalidArgument("Invalid value at '\(name)' (TYPE_INT32), \"\(text)\"")
        }
        return Int(number)
    }
}
