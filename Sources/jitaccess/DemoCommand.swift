import ArgumentParser
import Foundation
import Hummingbird
import JITAccessCore
import JITAccessLocal
import JITAccessWeb

/// `jitaccess demo`: serves jitaccess on an embedded IAM in a data folder, with demo sign-in.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run jitaccess on a local demo cloud, with a sign-in page to pick a demo user.",
        discussion: """
            Creates DATA_DIR/cloud.json with a demo cloud if it is missing, then serves the web pages and \
            the JSON API. Anybody who can reach the port can act as any user: never use demo mode in production. \
            Activation rules come from JUSTIFICATION_PATTERN, JUSTIFICATION_HINT, ACTIVATION_TIMEOUT and \
            ACTIVATION_REQUEST_MAX_ROLES, as in JIT Access.
            """
    )

    @Option(name: .customLong("data-dir"), help: "The folder holding cloud.json and the signing key.")
    var dataDirectory = "./jitaccess-data"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535, not \(port).")
        }
    }

    func run() async throws {
        let cloudPath = dataDirectory + "/cloud.json"
        let iam: EmbeddedIAM
        let rules: ActivationRules
        let key: SigningKey
        do {
            if try EmbeddedIAM.createDemoCloud(at: cloudPath) {
                StandardError.print("Created the demo cloud in \(cloudPath).")
            }
            iam = try EmbeddedIAM(path: cloudPath)
            rules = try ActivationRules(environment: ConfigurationSource(ProcessInfo.processInfo.environment))
            key = try SigningKey.loadOrCreate(at: dataDirectory + "/signing.key")
        } catch {
            StandardError.print("jitaccess demo: \(error)")
            throw ExitCode.failure
        }

        let configuration = WebConfiguration(hostname: host, port: port, identity: .demo, rules: rules, signingKey: key)
        let backend = WebBackend(analyzer: iam, store: iam, readiness: [
            ReadinessCheck(name: "embeddedIAM") { try iam.checkHealth() },
        ])
        let host = self.host
        let app = try buildApplication(configuration, backend: backend) { port in
            StandardError.print("Demo mode: anybody who can reach this port can act as any user. Data: \(cloudPath)")
            StandardOutput.printLine("jitaccess demo running at http://\(URLHost(host)):\(port)/")
        }
        try await app.runService()
    }
}

/// A host as written in a URL: IPv6 addresses go in brackets.
private func URLHost(_ host: String) -> String {
    host.contains(":") ? "[\(host)]" : host
}
