/// Configuration values by name, usually the process environment.
public struct ConfigurationSource: Sendable {
    private let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// This source with `value` for `name` when `name` is unset or empty.
    public func defaulting(_ name: String, to value: String) -> ConfigurationSource {
        guard string(name) == nil else { return self }
        return ConfigurationSource(values.merging([name: value]) { $1 })
    }

    /// The value of `name`, or `nil` when unset or empty.
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// An integer within `range`; `alias` is an older name read when `name` is unset.
    public func integer(_ name: String, alias: String? = nil, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let (variable, raw): (String, String?) = if let value = string(name) {
            (name, value)
        } else if let alias, let value = string(alias) {
            (alias, value)
        } else {
            (name, nil)
        }
        guard let raw else { return defaultValue }
        guard let value = Int(raw.trimmingWhitespace()) else {
            throw ConfigurationError(variable: variable, message: "'\(raw)' is not a whole number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: variable, message: "\(value) is out of range; use \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean: `true`/`false`, `1`/`0`, `yes`/`no`.
    public func boolean(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = string(name) else { return defaultValue }
        switch raw.trimmingWhitespace().lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ConfigurationError(variable: name, message: "'\(raw)' is not true or false")
        }
    }
}
