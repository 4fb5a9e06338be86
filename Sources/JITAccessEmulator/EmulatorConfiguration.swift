import Hummingbird
import JITAccessCore
import JITAccessLocal
import Logging

/// Where the emulator listens.
public struct EmulatorConfiguration: Sendable {
    /// The address to listen on.
    public var hostname: String
    /// The port to listen on; 0 picks a free one.
    public var port: Int
    /// The service account the metadata server reports as its default.
    public var serviceAccount: String
    /// Whether the APIs accept only access tokens the emulator issued (from the metadata server
    /// or `/token`), as Google does; otherwise any bearer token passes.
    public var acceptsOnlyIssuedTokens: Bool
    /// The Google Workspace or Cloud Identity customer ID the Directory API answers for
    /// (`groups.list?customer=`); it starts with `C`, as Google's do.
    public var customerId: String
    /// The discovery documents that `GET /emulator/journal/problems` checks the exchanges
    /// against; with none, that route is not served.
    public var discoveryDocuments: [DiscoveryDocument]

    /// The customer ID of the emulated Directory API unless told otherwise.
    public static let defaultCustomerId = "C0123abcd"

    /// Whether `text` has the shape of a customer ID: `C` and letters and digits, such as
    /// `C0123abcd`; JIT Access 1.x refuses others before calling Google.
    public static func isCustomerId(_ text: String) -> Bool {
        text.count > 1 && text.count <= 64 && text.hasPrefix("C") && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Listens on `hostname:port`; port 8085 by default, the port of Google's own emulators.
    public init(
        hostname: String = "127.0.0.1", port: Int = 8085, serviceAccount: String = "jitaccess@emulator.iam.gserviceaccount.com",
        acceptsOnlyIssuedTokens: Bool = false, customerId: String = EmulatorConfiguration.defaultCustomerId, discoveryDocuments: [DiscoveryDocument] = []
    ) {
        self.hostname = hostname
        self.port = port
        self.serviceAccount = serviceAccount
        self.acceptsOnlyIssuedTokens = acceptsOnlyIssuedTokens
        self.customerId = customerId
        self.discoveryDocuments = discoveryDocuments
    }
}
