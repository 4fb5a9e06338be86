/// A signing key file, or a JSON Web Key Set, that cannot be used.
public struct TokenKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let message: String

    /// An error with `message` as its whole text.
    public init(_ message: String) {
        self.message = message
    }

    /// A problem with the key file at `path`, which holds a key of `kind`.
    static func keyFile(_ kind: String, _ path: String, _ reason: String) -> TokenKeyError {
        TokenKeyError("The \(kind) file \(path) is unusable: \(reason).")
    }

    public var description: String { message }
}
