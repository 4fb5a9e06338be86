/// Values that must be unguessable (token and activation ids, nonces, file names that others
/// must not predict), made only from the system's cryptographically secure generator: there is
/// no way to hand it another generator, so no test double can make them predictable.
package enum SecureRandom {
    /// `count` random bytes.
    package static func bytes(_ count: Int) -> [UInt8] {
        // Eight bytes per draw: each draw of the system generator is a system call.
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// `count` random bytes as lower-case hexadecimal, `2 * count` characters.
    package static func hex(bytes count: Int) -> String {
        Hex.encode(bytes(count))
    }
}
