import Foundation

/// How to start a `jitaccess` server and tell from its output where it listens.
struct ServerLaunch: Sendable {
    let arguments: [String]
    /// The environment; the bench's own when `nil`.
    let environment: [String: String]?
    /// The base URL, once the output says the server listens.
    let readyURL: @Sendable (String) -> String?

    /// `jitaccess demo --port 0` on a data folder.
    static func demo(dataDirectory: String) -> ServerLaunch {
        ServerLaunch(
            arguments: ["demo", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory], environment: nil,
            readyURL: demoReadyURL
        )
    }

    /// `jitaccess serve --port 0` with `environment` (the Google endpoints, IAP, BASE_URL).
    static func serve(environment: [String: String]) -> ServerLaunch {
        ServerLaunch(arguments: ["serve", "--host", "127.0.0.1", "--port", "0"], environment: environment, readyURL: serveReadyURL)
    }

    /// The URL of demo's ready line, `jitaccess demo running at URL`.
    static func demoReadyURL(in log: String) -> String? {
        let prefix = "jitaccess demo running at "
        guard let line = log.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        let url = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// The port of serve's JSON log line `jitaccess serve listening`.
    static func serveReadyURL(in log: String) -> String? {
        for line in log.split(separator: "\n") where line.contains("jitaccess serve listening") {
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let labels = entry["logging.googleapis.com/labels"] as? [String: String], let port = labels["port"]
            else { continue }
            return "http://127.0.0.1:\(port)"
        }
        return nil
    }
}
