import Crypto

/// The signing key file cannot be read or created.
public struct SigningKeyError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "The signing key file \(path) is unusable: \(reason)." }
}
