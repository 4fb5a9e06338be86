/// Which module may import which: the dependency rule of the architecture (docs/architecture.md,
/// "Modules"), as data the import check holds the sources against.
///
/// The domain (`JITAccessCore`) imports no project module and nothing that does I/O. Adapters
/// import the domain (the Google adapter also the tokens module, for verifying keys); the web
/// module imports the domain only, and reaches everything else through its ports; only the
/// command line and the benchmark wire adapters together.
enum ModuleMap {
    /// What every module may import without declaring it: the standard library's own modules
    /// and the C library, which only the modules allowed I/O use.
    static let standard: Set<String> = ["Swift", "_Concurrency", "Synchronization"]
    static let libc: Set<String> = ["Glibc", "Musl", "Darwin"]
    static let foundation: Set<String> = ["Foundation", "Dispatch"]

    /// Project modules each module may import.
    static let projectImports: [String: Set<String>] = [
        "JITAccessCore": [],
        "JITAccessRuntime": ["JITAccessCore"],
        "JITAccessLocal": ["JITAccessCore"],
        "JITAccessMail": ["JITAccessCore"],
        "JITAccessTokens": ["JITAccessCore"],
        // Resource Manager, Cloud Asset, IAM Credentials and IAP today; the Firestore ledger,
        // Pub/Sub events and the directory (groups) clients of the next issues live here too.
        "JITAccessGoogle": ["JITAccessCore", "JITAccessTokens"],
        // The SQLite request ledger: a module of its own, so that `serve` and the emulator link
        // SQLite only when configured to use it (not built yet).
        "JITAccessLedgerSQLite": ["JITAccessCore"],
        "JITAccessEmulator": ["JITAccessCore", "JITAccessLocal", "JITAccessTokens"],
        "JITAccessWeb": ["JITAccessCore"],
        // Feeds every parser arbitrary bytes: a harness, like the tests.
        "JITAccessFuzzing": ["JITAccessCore", "JITAccessGoogle", "JITAccessLocal", "JITAccessMail", "JITAccessTokens", "JITAccessWeb"],
        // The composition roots.
        "jitaccess": ["JITAccessCore", "JITAccessRuntime", "JITAccessEmulator", "JITAccessGoogle", "JITAccessLocal", "JITAccessMail", "JITAccessTokens", "JITAccessWeb"],
        "jitaccess-bench": ["JITAccessCore", "JITAccessRuntime", "JITAccessEmulator", "JITAccessGoogle", "JITAccessLocal", "JITAccessTokens", "JITAccessWeb"],
    ]

    /// Third-party and system modules each module may import, beyond ``standard``.
    static let otherImports: [String: Set<String>] = [
        "JITAccessCore": [],
        "JITAccessRuntime": libc,
        "JITAccessLocal": libc.union(foundation).union(["Crypto"]),
        "JITAccessMail": libc.union(foundation).union(["Logging", "NIOCore", "NIOPosix", "NIOSSL"]),
        "JITAccessTokens": libc.union(foundation).union(["Crypto", "_CryptoExtras"]),
        "JITAccessGoogle": foundation.union(["AsyncHTTPClient", "Logging", "NIOCore", "NIOHTTP1", "_CryptoExtras"]),
        "JITAccessLedgerSQLite": foundation.union(["GRDB"]),
        "JITAccessEmulator": foundation.union(["Crypto", "_CryptoExtras", "HTTPTypes", "Hummingbird", "Logging"]),
        "JITAccessWeb": libc.union(foundation).union(["Crypto", "HTTPTypes", "Hummingbird", "Logging", "Mustache", "NIOCore"]),
        "JITAccessFuzzing": foundation.union(["Crypto", "Hummingbird", "HummingbirdCore", "NIOCore"]),
        "jitaccess": libc.union(foundation).union(["ArgumentParser", "AsyncHTTPClient", "HTTPTypes", "Hummingbird", "Logging", "NIOCore"]),
        "jitaccess-bench": libc.union(foundation).union(["ArgumentParser", "AsyncHTTPClient", "Hummingbird", "Logging", "NIOCore", "NIOHTTP1"]),
    ]
}
