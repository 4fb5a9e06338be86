#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JITAccessCore

/// The file system operations of the embedded IAM, with POSIX semantics spelled out: reads see
/// whole versions only, writes replace the file atomically and durably, and writers in
/// different processes exclude each other with `flock` on a sidecar lock file.
enum CloudFile {
    /// The current version of the file at `path`, from `stat` alone.
    static func version(of path: String) throws(EmbeddedIAMError) -> FileVersion {
        var status = stat()
        guard stat(path, &status) == 0 else { throw failure(path, "cannot read the file") }
        return FileVersion(status)
    }

    /// True when something exists at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Reads the whole file, and the version the bytes belong to.
    static func readAll(_ path: String) throws(EmbeddedIAMError) -> (version: FileVersion, bytes: [UInt8]) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "cannot open the file") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, "cannot read the file") }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw EmbeddedIAMError.file(path, "is not a regular file")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot read the file")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return (FileVersion(status), bytes)
    }

    /// Replaces the file at `path` with `bytes` so that readers see either the old or the new
    /// content, never a mix, even after a crash: write a temporary file in the same directory,
    /// fsync it, rename it over `path`, fsync the directory. Keeps the permissions of the file
    /// it replaces, or uses `mode` for a new file. Returns the version now at `path`.
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o644) throws(EmbeddedIAMError) -> FileVersion {
        let folder = directory(of: path)
        var existing = stat()
        let permissions = stat(path, &existing) == 0 ? existing.st_mode & 0o7777 : mode
        let temporary = "\(folder)/.\(basename(of: path)).\(SecureRandom.hex(bytes: 8)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(temporary, "cannot create a temporary file next to \(path)") }
        var written = false
        defer {
            if !written { unlink(temporary) }
        }
        let version: FileVersion
        do {
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor, path: temporary)
            guard fchmod(descriptor, permissions) == 0 else { throw failure(temporary, "cannot set the file's permissions") }
            guard fsync(descriptor) == 0 else { throw failure(temporary, "cannot flush the file to disk") }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw failure(temporary, "cannot read the file's status") }
            version = FileVersion(status)
        }
        guard rename(temporary, path) == 0 else { throw failure(path, "cannot replace the file") }
        written = true
        syncDirectory(folder)
        return version
    }

    /// True when a process may create files in the directory of `path`.
    static func isDirectoryWritable(for path: String) -> Bool {
        access(directory(of: path), W_OK) == 0
    }

    /// Creates the directory of `path` and its parents, as `mkdir -p` does.
    static func createDirectory(for path: String) throws(EmbeddedIAMError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in directory(of: path).split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw failure(prefix, "cannot create the data folder")
            }
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(EmbeddedIAMError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "cannot write the file")
            }
            offset += count
        }
    }

    /// Makes the rename durable; a failure here leaves a correct file, so it is not reported.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// An error naming `path`, what could not be done, and why (from `errno`).
    static func failure(_ path: String, _ what: String) -> EmbeddedIAMError {
        let reason = String(cString: strerror(errno))
        return EmbeddedIAMError.file(path, "\(what): \(reason)")
    }
}
