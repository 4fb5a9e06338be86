import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessGoogle
import JITAccessMail
import JITAccessRuntime
import JITAccessWeb
import Logging

/// `jitaccess serve`: the production service, on Google's APIs behind the Identity-Aware Proxy.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run jitaccess in production: Google Cloud IAM, sign-in through the Identity-Aware Proxy.",
        discussion: """
            Reads JIT Access's environment variables: RESOURCE_SCOPE (default projects/$GOOGLE_CLOUD_PROJECT), \
            ACTIVATION_TIMEOUT, ACTIVATION_REQUEST_TIMEOUT, JUSTIFICATION_PATTERN, JUSTIFICATION_HINT, \
            ACTIVATION_REQUEST_MIN_REVIEWERS, ACTIVATION_REQUEST_MAX_REVIEWERS, ACTIVATION_REQUEST_MAX_ROLES, \
            SMTP_HOST, SMTP_PORT, SMTP_ENABLE_STARTTLS, SMTP_SENDER_NAME, SMTP_SENDER_ADDRESS, SMTP_USERNAME, \
            SMTP_PASSWORD, NOTIFICATION_TIMEZONE, IAP_BACKEND_SERVICE_ID, IAP_VERIFY_AUDIENCE, \
            BACKEND_CONNECT_TIMEOUT, BACKEND_READ_TIMEOUT, BACKEND_WRITE_TIMEOUT; and jitaccess's own: BASE_URL \
            (required: the address in e-mailed links), PORT (default 8080), GOOGLE_CLOUD_PROJECT_NUMBER or \
            IAP_AUDIENCE (the IAP audience), CSRF_SECRET (at least 32 bytes, shared by all replicas so a form \
            served by one is accepted by another), GOOGLE_APPLICATION_CREDENTIALS (a key file; otherwise the \
            metadata server), and the endpoint overrides CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER, \
            ..._CLOUDASSET, ..._IAMCREDENTIALS, SERVICE_ACCOUNT_KEYS_URL, IAP_PUBLIC_KEYS_URL, GCE_METADATA_HOST. \
            A bad value stops start-up with a message naming the variable. Logs are JSON lines in Cloud \
            Logging's structured form on standard output; SIGTERM drains requests and stops.
            """
    )

    @Option(help: "The port to listen on (default: $PORT, else 8080); 0 picks a free one.")
    var port: Int?

    @Option(help: "The address to listen on.")
    var host = "0.0.0.0"

    @Option(name: .customLong("base-url"), help: "The address people open jitaccess at (default: $BASE_URL).")
    var baseURL: String?

    func validate() throws {
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("--port must be between 0 and 65535, not \(port).")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { CloudLoggingLogHandler(label: $0) }
        let logger = Logger(label: "jitaccess")
        let environment = ConfigurationSource(ProcessInfo.processInfo.environment)
        let settings: ServeSettings
        do {
            settings = try ServeSettings(environment, port: port, baseURL: baseURL)
        } catch {
            logger.critical("jitaccess serve cannot start: \(error)")
            throw ExitCode.failure
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings.timeouts.clientConfiguration)
        do {
            try await serve(settings, environment: environment, client: client, logger: logger)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func serve(_ settings: ServeSettings, environment: ConfigurationSource, client: HTTPClient, logger: Logger) async throws {
        // The process's one clock and one source of retry jitter, passed to everything that needs them.
        let clock = SystemWallClock()
        let jitter = SystemJitter()
        let google: GoogleBackend
        let notifier: any Notifier
        do {
            google = try await GoogleBackend(environment, client: client, clock: clock, jitter: jitter)
            notifier = try settings.mail?.makeSMTPNotifier(clock: clock) ?? MailDisabledNotifier()
        } catch {
            logger.critical("jitaccess serve cannot start: \(error)")
            throw ExitCode.failure
        }
        if settings.mail == nil {
            logger.warning("E-mail is off: SMTP_SENDER_ADDRESS is not set, so requesters pass approval links on by hand.")
        }
        if settings.iap.audience == .unchecked {
            logger.warning("IAP_VERIFY_AUDIENCE=false: assertions Identity-Aware Proxy made for any other application are accepted too. Set IAP_AUDIENCE (or IAP_BACKEND_SERVICE_ID) instead.")
        }
        if settings.formKeyIsRandom {
            logger.warning("CSRF_SECRET is not set: a form is accepted only by the replica that served it. Set it when running more than one instance.")
        }
        let identity = IAPIdentityProvider(verifier: IAPAssertionVerifier(configuration: settings.iap, client: client, clock: clock))
        let configuration = WebConfiguration(
            hostname: host, port: settings.port, identity: .verified(identity), rules: settings.rules, signingKey: settings.formKey,
            baseURL: settings.baseURL, traceProject: environment.string("GOOGLE_CLOUD_PROJECT"), rateLimits: settings.rateLimits
        )
        // Listings come from a short cache that also shows this replica's own writes at once;
        // decisions read google.analyzer, live.
        let store = OwnWriteRecorder(base: google.store, settings: google.listingSettings, clock: clock)
        let listings = CachedListings(source: google.listings, settings: google.listingSettings, recorder: store, clock: clock)
        let backend = WebBackend(
            analyzer: google.analyzer, store: store, signer: google.signer, verifier: google.verifier, notifier: notifier,
            clock: clock, jitter: jitter,
            readiness: google.directory.map { directory in [ReadinessCheck(name: "directory") { try await directory.checkCustomer() }] } ?? [],
            listings: listings
        )
        let scope = google.scope.relativeName
        let app = try buildApplication(configuration, backend: backend, logger: logger) { port in
            logger.info("jitaccess serve listening", metadata: ["port": "\(port)", "scope": "\(scope)", "baseURL": "\(settings.baseURL)"])
        }
        do {
            try await app.runService()
        } catch {
            logger.critical("jitaccess serve cannot listen on \(host):\(settings.port) (PORT or --port, and --host): \(error)")
            throw ExitCode.failure
        }
    }
}
