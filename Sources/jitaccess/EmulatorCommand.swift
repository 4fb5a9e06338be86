import ArgumentParser
import Foundation
import Hummingbird
import JITAccessEmulator
import JITAccessLocal
import JITAccessRuntime

/// `jitaccess emulator`: serves the embedded IAM of a data folder over Google's REST shapes, so
/// Google clients can be developed and tested on a laptop.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Emulate the Google APIs jitaccess uses (Resource Manager, Cloud Asset, IAM Credentials, Directory) on a local cloud.",
        discussion: """
            Creates DATA_DIR/cloud.json with the demo cloud if it is missing, then serves \
            it over HTTP with Google's paths, etags (409 ABORTED on a stale one) and \
            errors in Google's JSON format.

            Google's APIs; each needs 'Authorization: Bearer TOKEN' with a token this
            emulator issued:
              POST /v3/{projects,folders,organizations}/ID:getIamPolicy
              POST /v3/{projects,folders,organizations}/ID:setIamPolicy
                Resource Manager v3 (x-goog-request-reason is recorded)
              GET  /v1/{projects,folders,organizations}/ID:analyzeIamPolicy
                Cloud Asset v1, covering every project within the scope
              GET  /v1/{projects,folders,organizations}/ID/effectiveIamPolicies:batchGet
                Cloud Asset v1: a resource's policies, child first, up to the scope
              GET  /v1/{projects,folders,organizations}/ID:searchAllIamPolicies
                Cloud Asset v1: policy:WORD, policy:"a phrase", memberTypes:,
                roles:, AND/OR/NOT and parentheses; assetTypes; paged
              GET  /v3/projects:search
                Resource Manager v3: state:, parent:, parent.type:, parent.id:,
                id:/projectId:, a trailing * for a prefix; paged
              POST /v1/projects/ID:getAncestry
                Resource Manager v1: the project, its folders, the organization
              POST /v1/projects/-/serviceAccounts/EMAIL:signJwt
                IAM Credentials v1, RS256 with one key per service account
              POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken
                IAM Credentials v1: a token with the scopes asked for
              GET  /admin/directory/v1/groups?customer=ID&query=memberKey=EMAIL
              GET  /admin/directory/v1/groups/GROUP/members
              GET  /admin/directory/v1/groups/GROUP/hasMember/MEMBER
                the Admin SDK Directory API on cloud.json's groups, for the
                customer --customer-id; tokens need the scope
                admin.directory.group.readonly (metadata tokens lack it)
              POST /v1/projects/-/serviceAccounts/EMAIL/keys
                IAM keys.create: a key file (base64 in privateKeyData) whose
                token_uri is this emulator's /token

            Tokens, keys and test controls (no bearer token needed):
              GET  /computeMetadata/v1/instance/service-accounts/default/token
              GET  /computeMetadata/v1/instance/service-accounts/default/email
                the metadata server (send Metadata-Flavor: Google)
              POST /token
                a key file's token_uri: the JWT-bearer grant; the assertion's
                signature, iss, aud, iat/exp and scope are verified
              GET  /service_accounts/v1/metadata/jwk/EMAIL
                a service account's public keys (JWKS), which verify signJwt
              GET  /iap/verify/public_key-jwk
              POST /emulator/iap-keys
                the IAP key set: publish (or rotate) your own ES256 keys as a
                JWKS, then sign x-goog-iap-jwt-assertion headers with them
              POST, GET, DELETE /emulator/faults
                make the APIs fail on purpose, in Google's error format:
                {"status": 503, "count": 3, "methods": ["setIamPolicy"]}
              POST, GET, DELETE /emulator/quotas
                quotas per Google method, as with --quota:
                {"method": "cloudasset.analyzeIamPolicy", "perMinute": 100, "perDay": 1000}

            Quotas (--quota, repeatable) answer calls over a limit as Google does: 429
            RESOURCE_EXHAUSTED with an ErrorInfo naming the quota, or for the Directory API
            403 userRateLimitExceeded (per minute) or dailyLimitExceeded (per day). Minutes
            are calendar minutes; days end at midnight Pacific time (UTC-8). Methods:
              cloudasset.{analyzeIamPolicy,batchGetEffectiveIamPolicies,searchAllIamPolicies}
              cloudresourcemanager.projects.{search,getAncestry,getIamPolicy,setIamPolicy}
              cloudresourcemanager.{folders,organizations}.{getIamPolicy,setIamPolicy}
              iamcredentials.serviceAccounts.signJwt
              directory.groups.{list,get}, directory.members.{list,get,hasMember}
              policy-analyzer-org: analyzeIamPolicy calls per organization per day
                (Google allows 20 without Security Command Center Premium)
            For example: --quota cloudasset.analyzeIamPolicy=100/min,1000/day
                         --quota policy-analyzer-org=20/day

            A client (such as jitaccess serve) uses it with, HOST:PORT as printed:
              CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER=http://HOST:PORT/
              CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDASSET=http://HOST:PORT/
              CLOUDSDK_API_ENDPOINT_OVERRIDES_IAMCREDENTIALS=http://HOST:PORT/
              CLOUDSDK_API_ENDPOINT_OVERRIDES_ADMIN=http://HOST:PORT/
              RESOURCE_CUSTOMER_ID=the --customer-id (C0123abcd by default)
              SERVICE_ACCOUNT_KEYS_URL=http://HOST:PORT/service_accounts/v1/metadata/jwk/
              IAP_PUBLIC_KEYS_URL=http://HOST:PORT/iap/verify/public_key-jwk
              GCE_METADATA_HOST=HOST:PORT
                or GOOGLE_APPLICATION_CREDENTIALS=a key file from keys.create
              RESOURCE_SCOPE=organizations/100000000001
                the demo cloud's organization; or a folder, or a project
            """
    )

    @Option(name: .customLong("data-dir"), help: "The folder holding cloud.json.")
    var dataDirectory = "./jitaccess-data"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8085

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .customLong("customer-id"), help: "The customer ID the Directory API answers for; it starts with C.")
    var customerId = EmulatorConfiguration.defaultCustomerId

    @Option(
        name: .customLong("discovery-documents"),
        help: ArgumentHelp("A folder of Google discovery documents (NAME.VERSION.json) to check every exchange against, for tests.", visibility: .hidden)
    )
    var discoveryDirectory: String?

    @Option(
        name: .customLong("quota"),
        help: ArgumentHelp("A quota on a Google method, METHOD=N/min,M/day (repeatable); see the list above.", valueName: "quota")
    )
    var quotaRules: [String] = []

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, not \(port).")
        }
        guard EmulatorConfiguration.isCustomerId(customerId) else {
            throw ValidationError("--customer-id must be a customer ID: C followed by letters and digits, such as C0123abcd, not '\(customerId)'.")
        }
        for rule in quotaRules {
            do {
                _ = try EmulatedQuota(parsing: rule)
            } catch {
                throw ValidationError("--quota: \((error as? GoogleAPIError)?.message ?? "\(error)")")
            }
        }
    }

    func run() async throws {
        let cloudPath = dataDirectory + "/cloud.json"
        let clock = SystemWallClock()
        let iam: EmbeddedIAM
        do {
            if try EmbeddedIAM.createDemoCloud(at: cloudPath) {
                StandardError.print("Created the demo cloud in \(cloudPath).")
            }
            iam = try EmbeddedIAM(path: cloudPath, clock: clock)
        } catch {
            StandardError.print("jitaccess emulator: \(error)")
            throw ExitCode.failure
        }
        let host = self.host
        let documents: [DiscoveryDocument]
        do {
            documents = try discoveryDirectory.map(Self.discoveryDocuments(in:)) ?? []
        } catch {
            StandardError.print("jitaccess emulator: --discovery-documents: \(error)")
            throw ExitCode.failure
        }
        let configuration = EmulatorConfiguration(
            hostname: host, port: port, acceptsOnlyIssuedTokens: true, customerId: customerId, discoveryDocuments: documents
        )
        let quotas = EmulatedQuotas()
        for rule in quotaRules {
            try quotas.set(EmulatedQuota(parsing: rule))
        }
        let app = buildEmulator(iam: iam, configuration: configuration, quotas: quotas, clock: clock) { port in
            StandardError.print(
                "Emulating Google's APIs on \(cloudPath); they accept only tokens from this emulator's metadata server or /token. See --help."
            )
            StandardOutput.printLine("jitaccess emulator running at http://\(ServiceAddress.urlHost(host)):\(port)/")
        }
        try await app.runService()
    }

    /// Every `*.json` in `directory`, read as a discovery document.
    static func discoveryDocuments(in directory: String) throws -> [DiscoveryDocument] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try DiscoveryDocument(json: Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))) }
    }
}
