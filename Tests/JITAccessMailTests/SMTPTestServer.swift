import Foundation
import JITAccessCore
@testable import JITAccessMail

/// `e2e/smtp_server.py` (aiosmtpd with STARTTLS and AUTH) as a child process, for one test.
struct SMTPTestServer {
    /// What the server recorded about one message it accepted.
    struct Received: Decodable {
        let mail_from: String
        let rcpt_tos: [String]
        let tls: Bool
        let authenticated: Bool
        let auth_user: String?
    }

    let process: Process
    let directory: URL
    let port: Int
    /// The CA that signed the server's certificate.
    let caFile: String

    /// Starts a server in a fresh folder; `username` makes AUTH required.
    /// `plaintext` offers no STARTTLS and takes AUTH in the clear.
    static func start(username: String? = nil, password: String? = nil, authMechanisms: String = "PLAIN,LOGIN", plaintext: Bool = false) async throws -> SMTPTestServer {
        let python = try await PythonEnvironment.shared.value
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = python
        process.arguments = [RepositoryPaths.root.appendingPathComponent("e2e/smtp_server.py").path, "--directory", directory.path, "--auth-mechanisms", authMechanisms]
            + (username.map { ["--username", $0, "--password", password ?? ""] } ?? [])
            + (plaintext ? ["--plaintext"] : [])
        let log = try FileHandle(forWritingTo: output)
        process.standardOutput = log
        process.standardError = log
        try process.run()
        for _ in 0..<600 {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("smtp server ready ") }) {
                var fields: [String: String] = [:]
                for pair in line.split(separator: " ").dropFirst(3) {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
                }
                guard let port = fields["port"].flatMap({ Int($0) }), let ca = fields["ca"] else { break }
                return SMTPTestServer(process: process, directory: directory, port: port, caFile: ca)
            }
            guard process.isRunning else {
                throw TestServerError("smtp_server.py exited with status \(process.terminationStatus):\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw TestServerError("smtp_server.py did not print its ready line in time:\n\((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
    }

    /// The environment that points jitaccess at this server and trusts its CA.
    func environment(_ extra: [String: String] = [:], host: String = "127.0.0.1") -> [String: String] {
        ["SMTP_HOST": host, "SMTP_PORT": "\(port)", "SMTP_TRUSTED_CA_FILE": caFile, "SMTP_SENDER_ADDRESS": "jit@example.com"]
            .merging(extra) { $1 }
    }

    /// The SMTP configuration read from ``environment(_:host:)``.
    func configuration(_ extra: [String: String] = [:], host: String = "127.0.0.1") throws -> SMTPConfiguration {
        guard let configuration = try SMTPConfiguration(environment: ConfigurationSource(environment(extra, host: host))) else {
            throw TestServerError("SMTP_HOST is set, yet no SMTP configuration was read")
        }
        return configuration
    }

    /// The raw messages received so far, oldest first, with what the server noted about each.
    func received() throws -> [(message: String, info: Received)] {
        let messages = directory.appendingPathComponent("messages")
        var result: [(String, Received)] = []
        var number = 1
        while let info = try? Data(contentsOf: messages.appendingPathComponent("\(number).json")) {
            let message = try String(contentsOf: messages.appendingPathComponent("\(number).eml"), encoding: .utf8)
            result.append((message, try JSONDecoder().decode(Received.self, from: info)))
            number += 1
        }
        return result
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its folder.
    func stop() {
        process.terminate()
        for _ in 0..<200 where process.isRunning {
            usleep(50_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
