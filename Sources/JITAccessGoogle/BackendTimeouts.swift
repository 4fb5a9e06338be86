import AsyncHTTPClient
import JITAccessCore
import NIOCore

/// How long jitaccess waits for Google: to connect, for each read, for each write.
public struct BackendTimeouts: Sendable, Equatable {
    /// Seconds to establish a connection.
    public var connectSeconds: Int
    /// Seconds to wait for data from the backend.
    public var readSeconds: Int
    /// Seconds to wait for a write to the backend.
    public var writeSeconds: Int

    /// JIT Access 1.x's defaults: 5 s to connect, 20 s to read, 5 s to write.
    public init(connectSeconds: Int = 5, readSeconds: Int = 20, writeSeconds: Int = 5) {
        self.connectSeconds = connectSeconds
        self.readSeconds = readSeconds
        self.writeSeconds = writeSeconds
    }

    /// The timeouts from `BACKEND_CONNECT_TIMEOUT`, `BACKEND_READ_TIMEOUT`, `BACKEND_WRITE_TIMEOUT`.
    public init(_ source: ConfigurationSource) throws(ConfigurationError) {
        let defaults = BackendTimeouts()
        self.init(
            connectSeconds: try source.integer("BACKEND_CONNECT_TIMEOUT", default: defaults.connectSeconds, range: 1...300),
            readSeconds: try source.integer("BACKEND_READ_TIMEOUT", default: defaults.readSeconds, range: 1...300),
            writeSeconds: try source.integer("BACKEND_WRITE_TIMEOUT", default: defaults.writeSeconds, range: 1...300)
        )
    }

    /// The configuration of the one `HTTPClient` the Google clients share.
    public var clientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(Int64(connectSeconds)), read: .seconds(Int64(readSeconds)), write: .seconds(Int64(writeSeconds)))
        )
        // GoogleAPITransport already tries each call again with backoff; the client's own retries
        // would make a refused connection wait out the whole connect timeout on every attempt.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// The longest one request may take, connection included: the deadline of a single attempt.
    var requestDeadline: TimeAmount {
        .seconds(Int64(connectSeconds + readSeconds + writeSeconds))
    }
}
