import ArgumentParser
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessLocal
import JITAccessRuntime
import JITAccessMail
import JITAccessRuntime
import JITAccessTokens
import JITAccessWeb

/// `jitaccess demo`: serves jitaccess on an embedded IAM in a data folder, with demo sign-in.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run jitaccess on a local demo cloud, with a sign-in page to pick a demo user.",
        discussion: """
            Creates DATA_DIR/cloud.json with a demo cloud if it is missing, then serves the web pages and \
            the JSON API. Anybody who can reach the port can act as any user: never use demo mode in production. \
            Activation rules come from JUSTIFICATION_PATTERN, JUSTIFICATION_HINT, ACTIVATION_TIMEOUT, \
            ACTIVATION_REQUEST_MAX_ROLES, ACTIVATION_REQUEST_MIN_REVIEWERS, ACTIVATION_REQUEST_MAX_REVIEWERS and \
            ACTIVATION_REQUEST_TIMEOUT, as in JIT Access. Peer-approval requests are signed with a key kept in \
            DATA_DIR. Mail goes to the SMTP server named by SMTP_HOST (with SMTP_PORT, SMTP_ENABLE_STARTTLS, \
            SMTP_USERNAME, SMTP_PASSWORD, SMTP_SENDER_ADDRESS, SMTP_SENDER_NAME); without SMTP_HOST it is kept in \
            DATA_DIR/outbox and shown at /demo/outbox. NOTIFICATION_TIMEZONE sets the time zone of times in mail.
            """
    )

    @Option(name: .customLong("data-dir"), help: "The folder holding cloud.json, the keys and the outbox.")
    var dataDirectory = "./jitaccess-data"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(
        name: .customLong("base-url"),
        help: "The address people open jitaccess at, used in e-mailed links and as the token issuer (default: http://HOST:PORT)."
    )
    var baseURL: String?

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, not \(port).")
        }
        if let baseURL, ServiceAddress.validated(baseURL) == nil {
            throw ValidationError("--base-url must be an http or https address without user name, query or fragment, such as https://jit.example.com; '\(baseURL)' is not.")
        }
    }

    func run() async throws {
        let cloudPath = dataDirectory + "/cloud.json"
        let outboxPath = dataDirectory + "/outbox"
        let environment = ConfigurationSource(ProcessInfo.processInfo.environment)
        let iam: EmbeddedIAM
        let rules: ActivationRules
        let rateLimits: RateLimits
        let mail: MailConfiguration
        let key: SigningKey
        // The process's one clock and one source of retry jitter, passed to everything that needs them.
        let clock = SystemWallClock()
        let jitter = SystemJitter()
        let reservation: PortReservation?
        let signer: LocalTokenSigner
        let notifier: any Notifier
        do {
            rules = try ActivationRules(environment: environment)
            rateLimits = try RateLimits(environment: environment)
            mail = try MailConfiguration(environment: environment)
            if try EmbeddedIAM.createDemoCloud(at: cloudPath) {
                StandardError.print("Created the demo cloud in \(cloudPath).")
            }
            iam = try EmbeddedIAM(path: cloudPath, clock: clock)
            key = try Self.formKey(at: dataDirectory + "/signing.key")
            // Links must name the port the server will really have: with --port 0, pick it now.
            reservation = baseURL == nil && port == 0 ? try PortReservation(host: host) : nil
            signer = try LocalTokenSigner(dataDirectory: dataDirectory, issuer: serviceAddress(port: reservation?.port ?? port))
            notifier = try mail.makeNotifier(outboxDirectory: outboxPath, clock: clock)
        } catch {
            StandardError.print("jitaccess demo: \(error)")
            throw ExitCode.failure
        }

        let address = signer.issuer
        let configuration = WebConfiguration(
            hostname: host, port: reservation?.port ?? port, identity: .demo, rules: rules, signingKey: key, baseURL: address,
            rateLimits: rateLimits
        )
        let outbox = mail.smtp == nil ? Outbox(directory: outboxPath) : nil
        let backend = WebBackend(
            analyzer: iam, store: iam, signer: signer, verifier: signer.verifier(clock: clock), notifier: notifier,
            publicKeys: signer.keySet, outbox: outbox, clock: clock, jitter: jitter,
            readiness: [ReadinessCheck(name: "embeddedIAM") { try iam.checkHealth() }]
        )
        let host = self.host
        let app = try buildApplication(configuration, backend: backend) { port in
            reservation?.release()
            StandardError.print("Demo mode: anybody who can reach this port can act as any user. Data: \(cloudPath)")
            StandardOutput.printLine("jitaccess demo running at http://\(ServiceAddress.urlHost(host)):\(port)/")
            if outbox != nil {
                StandardOutput.printLine("Demo outbox (mail is kept, not sent): \(address)/demo/outbox")
            } else if let smtp = mail.smtp {
                StandardOutput.printLine("Mail goes to the SMTP server \(smtp.host):\(smtp.port).")
            }
        }
        try await app.runService()
    }

    /// `--base-url`, or `http://HOST:PORT`.
    private func serviceAddress(port: Int) -> String {
        baseURL.flatMap(ServiceAddress.validated) ?? "http://\(ServiceAddress.urlHost(host)):\(port)"
    }

    /// The forms' signing key from its file in the data folder, made when missing.
    private static func formKey(at path: String) throws -> SigningKey {
        let bytes = try FormKeyFile.loadOrCreate(path)
        // FormKeyFile refuses a file shorter than a key, so this holds.
        guard let key = SigningKey(bytes: bytes) else { throw TokenKeyError("The form signing key file \(path) is too short.") }
        return key
    }
}
