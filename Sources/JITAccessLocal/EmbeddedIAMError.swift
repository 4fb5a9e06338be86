/// Why the embedded IAM file could not be used: which file, where in it, and what is wrong.
///
/// `location` is either `LINE:COLUMN` (a JSON syntax error) or `key PATH` (a value that is
/// well-formed JSON but wrong, such as `key projects[2].parent`), so the description reads like
/// a compiler diagnostic: `FILE:LINE:COLUMN: message` or `FILE (key projects[2].parent): message`.
public struct EmbeddedIAMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path of the file.
    public let file: String
    /// `LINE:COLUMN`, `key PATH`, or `nil` when the problem concerns the whole file.
    public let location: String?
    /// What is wrong, and how to fix it.
    public let message: String

    public init(file: String, location: String?, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// An error at a line and column (both counted from 1).
    static func at(_ file: String, line: Int, column: Int, _ message: String) -> Self {
        Self(file: file, location: "\(line):\(column)", message: message)
    }

    /// An error about the value at a key path such as `projects[2].parent`.
    static func at(_ file: String, key: String, _ message: String) -> Self {
        Self(file: file, location: key.isEmpty ? nil : "key \(key)", message: message)
    }

    /// An error about the file as a whole, such as it not being readable.
    static func file(_ file: String, _ message: String) -> Self {
        Self(file: file, location: nil, message: message)
    }

    public var description: String {
        guard let location else { return "\(file): \(message)" }
        return location.hasPrefix("key ") ? "\(file) (\(location)): \(message)" : "\(file):\(location): \(message)"
    }
}
