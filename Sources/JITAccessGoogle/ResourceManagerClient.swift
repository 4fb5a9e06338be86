import AsyncHTTPClient
import JITAccessCore
import Logging

/// IAM policies of projects, folders and organizations through Resource Manager v3.
///
/// Reads always ask for policy version 3 so that conditional bindings (eligibility and
/// activations) are seen; writes carry the etag read, so a concurrent change makes the write fail
/// with ``JITAccessError/conflict(_:)`` and ``PolicyUpdate`` retries the whole read-modify-write.
/// Fields of the policy jitaccess does not model travel back unchanged.
public struct ResourceManagerClient: PolicyStore {
    /// Google caps request reasons; a longer description is cut here rather than refused.
    static let maximumReasonLength = 1024

    /// Read by the hierarchy methods in `ResourceManagerClient+Hierarchy.swift`.
    let baseURL: String
    let transport: GoogleAPITransport
    /// How many projects a page of `projects.search` asks for.
    var searchPageSize = 1000
    /// How many pages of `projects.search` are read at most.
    var maximumPages = GoogleAPITransport.maximumPages

    /// The client of Resource Manager at `endpoints.resourceManager`, over `client` as `credentials`.
    public init(
        endpoints: GoogleEndpoints, client: HTTPClient, credentials: any AccessTokenSource,
        retry: Backoff, clock: any WallClock, logger: Logger = Logger(label: "jitaccess.google")
    ) {
        baseURL = endpoints.resourceManager
        transport = GoogleAPITransport(
            service: "Resource Manager", client: client, credentials: credentials, timeouts: endpoints.timeouts, retry: retry, clock: clock, logger: logger
        )
    }

    public func policy(of resource: ResourceName) async throws -> IAMPolicy {
        try await transport.post(url(resource, "getIamPolicy"), body: GetRequest(), as: IAMPolicy.self)
    }

    @discardableResult
    public func setPolicy(_ policy: IAMPolicy, of resource: ResourceName, reason: String) async throws -> IAMPolicy {
        var versioned = policy
        versioned.version = 3
        do {
            return try await transport.post(
                url(resource, "setIamPolicy"), body: SetRequest(policy: versioned),
                headers: [("x-goog-request-reason", Self.headerValue(reason))], write: true, as: IAMPolicy.self
            )
        } catch let unanswered as UnansweredWrite {
            // An attempt went unanswered, so the write may have landed (and a retry of it then
            // met its own new etag). Google's policy now says whether it did: reporting a
            // failure for access that was in fact granted would mislead the user and the audit.
            guard let current = try? await self.policy(of: resource), Self.holdSameBindings(current.bindings, versioned.bindings) else {
                throw unanswered.error
            }
            return current
        }
    }

    /// Whether two binding lists grant the same, whatever their order and the order of members.
    static func holdSameBindings(_ first: [IAMBinding], _ second: [IAMBinding]) -> Bool {
        func canonical(_ bindings: [IAMBinding]) -> [IAMBinding] {
            bindings.map { binding in
                var sorted = binding
                sorted.members.sort()
                return sorted
            }.sorted { "\($0.role)\($0.members)\(String(describing: $0.condition))" < "\($1.role)\($1.members)\(String(describing: $1.condition))" }
        }
        return canonical(first) == canonical(second)
    }

    private func url(_ resource: ResourceName, _ method: String) -> String {
        "\(baseURL)/v3/\(resource.relativeName):\(method)"
    }

    /// `reason` as one header line of at most ``maximumReasonLength`` bytes, cut between
    /// scalars: line breaks and other control characters would end or corrupt the header, so
    /// they become spaces.
    static func headerValue(_ reason: String) -> String {
        var line = String.UnicodeScalarView()
        var bytes = 0
        for scalar in reason.unicodeScalars {
            let kept: Unicode.Scalar = scalar.properties.generalCategory == .control ? " " : scalar
            bytes += UTF8.width(kept)
            guard bytes <= maximumReasonLength else { break }
            line.append(kept)
        }
        return String(line)
    }

    /// `{"options": {"requestedPolicyVersion": 3}}`.
    private struct GetRequest: Encodable {
        struct Options: Encodable {
            let requestedPolicyVersion = 3
        }
        let options = Options()
    }

    /// `{"policy": {...}}`.
    private struct SetRequest: Encodable {
        let policy: IAMPolicy
    }
}
