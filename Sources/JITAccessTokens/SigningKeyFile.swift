import Crypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A P-256 private key in a PEM file that only its owner may read.
enum SigningKeyFile {
    /// Far more than any PEM private key; a bigger file is not a key.
    private static let maximumSize = 16 * 1024

    /// The key at `path`, or nil when there is no such file. Refuses a file that other users can
    /// read or write: a private key they could have copied no longer proves anything.
    static func load(_ path: String) throws(TokenKeyError) -> P256.Signing.PrivateKey? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .keyFile(path, "cannot open it: \(errorText())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .keyFile(path, "cannot inspect it: \(errorText())") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .keyFile(path, "it is not a regular file") }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw .keyFile(path, "other users may access it (mode \(octal(permissions))); run `chmod 600 \(path)` if nobody else has read it, otherwise delete it and restart, which makes a new key")
        }
        guard status.st_size <= maximumSize else { throw .keyFile(path, "it is larger than \(maximumSize) bytes, so it is not a PEM key") }
        var buffer = [UInt8](repeating: 0, count: maximumSize + 1)
        var count = 0
        while count < buffer.count {
            let chunk = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress?.advanced(by: count), $0.count - count) }
            guard chunk >= 0 else { throw .keyFile(path, "cannot read it: \(errorText())") }
            if chunk == 0 { break }
            count += chunk
        }
        guard let key = try? P256.Signing.PrivateKey(pemRepresentation: String(decoding: buffer.prefix(count), as: UTF8.self)) else {
            throw .keyFile(path, "it does not hold a PEM-encoded P-256 private key")
        }
        return key
    }

    /// The key at `path`, created (mode 0600) when there is none.
    ///
    /// A new key is written to a temporary file and hard-linked into place, which fails if the
    /// file appeared meanwhile: two processes starting at once both end up with the winner's key,
    /// and nobody ever reads a half-written file.
    static func loadOrCreate(_ path: String) throws(TokenKeyError) -> P256.Signing.PrivateKey {
        if let existing = try load(path) { return existing }
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .keyFile(path, "cannot create it: \(errorText())") }
        defer { unlink(temporary) }
        let pem = Array(P256.Signing.PrivateKey().pemRepresentation.utf8)
        let written = pem.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        // The umask can only clear bits of 0600; this makes the mode exactly 0600 whatever it is.
        let complete = written == pem.count && fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard complete else { throw .keyFile(path, "cannot write it: \(errorText())") }
        if link(temporary, path) != 0, errno != EEXIST {
            throw .keyFile(path, "cannot create it: \(errorText())")
        }
        syncDirectory(of: path)
        guard let key = try load(path) else { throw .keyFile(path, "it vanished while being created") }
        return key
    }

    /// Makes the new directory entry durable; a failure leaves a correct file, so it is ignored.
    private static func syncDirectory(of path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let descriptor = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
