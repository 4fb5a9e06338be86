/// The base64url encoding of JOSE (RFC 7515 section 2), which entitlement ids use too: URL-safe
/// alphabet, no padding.
package enum Base64URL {
    // Inlinable across modules: Tokens, Google and the emulator encode on hot paths (every
    // token signed), and a generic function that is not inlined runs unspecialised there.
    @usableFromInline static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    @usableFromInline static let values: [UInt8: UInt8] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($0.element, UInt8($0.offset)) }
    )

    /// `bytes` as base64url without padding.
    @inlinable
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            let characters = third != nil ? 4 : second != nil ? 3 : 2
            for index in 0..<characters {
                output.append(alphabet[Int(group >> (18 - 6 * UInt32(index)) & 0x3F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes `text` encodes, or nil unless it is canonical base64url: only the URL-safe
    /// alphabet, no padding, no white space, and zero bits after the last byte.
    ///
    /// Canonical form matters because a signature is checked over the exact text received: two
    /// spellings of the same bytes would make two different tokens out of one signature.
    @inlinable
    package static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count % 4 != 1 else { return nil }
        var sextets: [UInt8] = []
        sextets.reserveCapacity(characters.count)
        for character in characters {
            guard let value = values[character] else { return nil }
            sextets.append(value)
        }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 3 / 4)
        var index = 0
        while index < sextets.count {
            let chunk = sextets[index..<min(index + 4, sextets.count)]
            var group: UInt32 = 0
            for (offset, sextet) in chunk.enumerated() {
                group |= UInt32(sextet) << (18 - 6 * UInt32(offset))
            }
            let byteCount = chunk.count - 1
            let unusedBits = group & (0x00FF_FFFF >> (8 * UInt32(byteCount)))
            guard unusedBits == 0 else { return nil }
            for offset in 0..<byteCount {
                output.append(UInt8(truncatingIfNeeded: group >> (16 - 8 * UInt32(offset))))
            }
            index += 4
        }
        return output
    }
}
