/// Values that must be unguessable (token and activation ids, nonces, file names that others
/// must not predict), made only from the system's cryptographically secure generator: there is
/// no way to hand it another generator, so no test double can make them predictable.
package enum SecureRandom {
    /// `count` random bytes.
    package static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `count` random bytes as lower-case hexadecimal, `2 * count` characters.
    package static func hex(bytes count: Int) -> String {
        Hex.encode(bytes(count))
    }
}
