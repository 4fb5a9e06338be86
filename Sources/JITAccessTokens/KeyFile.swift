#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A secret kept in a file of the data folder that only its owner may read: the one way
/// jitaccess reads and creates key files, for every kind of key.
///
/// Loading refuses a file that others may read or write (a secret they could have copied
/// proves nothing) or that is not a regular file. Creating writes a temporary file (mode
/// exactly 0600, `O_CLOEXEC`, synced) and hard-links it into place, which fails if the file
/// appeared meanwhile: two processes starting at once both end up with the winner's secret, and
/// nobody ever reads a half-written file; the directory is synced so the new entry is durable.
public enum KeyFile {
    /// The bytes of the file at `path`, or `nil` when there is none. `kind` names the key in
    /// errors; a file larger than `maximumSize` bytes is refused.
    public static func load(_ path: String, kind: String, maximumSize: Int) throws(TokenKeyError) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw .keyFile(kind, path, "cannot open it: \(errorText())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .keyFile(kind, path, "cannot inspect it: \(errorText())") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .keyFile(kind, path, "it is not a regular file") }
        let permissions = status.st_mode & 0o777
        guard permissions & 0o077 == 0 else {
            throw .keyFile(kind, path, "other users may access it (mode \(octal(permissions))); run `chmod 600 \(path)` if nobody else has read it, otherwise delete it and restart, which makes a new key")
        }
        guard status.st_size <= maximumSize else { throw .keyFile(kind, path, "it is larger than \(maximumSize) bytes, so it is no such key") }
        var buffer = [UInt8](repeating: 0, count: maximumSize + 1)
        var count = 0
        while count < buffer.count {
            let chunk = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress?.advanced(by: count), $0.count - count) }
            guard chunk >= 0 else { throw .keyFile(kind, path, "cannot read it: \(errorText())") }
            if chunk == 0 { break }
            count += chunk
        }
        return Array(buffer.prefix(count))
    }

    /// The bytes of the file at `path`, created from `make()` when there is none.
    public static func loadOrCreate(_ path: String, kind: String, maximumSize: Int, make: () -> [UInt8]) throws(TokenKeyError) -> [UInt8] {
        if let existing = try load(path, kind: kind, maximumSize: maximumSize) { return existing }
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .keyFile(kind, path, "cannot create it: \(errorText())") }
        defer { unlink(temporary) }
        let secret = make()
        let written = secret.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        // The umask can only clear bits of 0600; this makes the mode exactly 0600 whatever it is.
        let complete = written == secret.count && fchmod(descriptor, 0o600) == 0 && fsync(descriptor) == 0
        close(descriptor)
        guard complete else { throw .keyFile(kind, path, "cannot write it: \(errorText())") }
        if link(temporary, path) != 0, errno != EEXIST {
            throw .keyFile(kind, path, "cannot create it: \(errorText())")
        }
        syncDirectory(of: path)
        guard let key = try load(path, kind: kind, maximumSize: maximumSize) else { throw .keyFile(kind, path, "it vanished while being created") }
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
        return String(repeating: "0", count: max(0, 4 - digits.utf8.count)) + digits
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}
