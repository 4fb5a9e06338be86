import ArgumentParser
import Hummingbird
import JITAccessEmulator
import JITAccessLocal

/// `jitaccess emulator`: serves the embedded IAM of a data folder over Google's REST shapes, so
/// Google clients can be developed and tested on a laptop.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Emulate Google's IAM APIs (Resource Manager v3 getIamPolicy/setIamPolicy) on a local cloud.",
        discussion: """
            Creates DATA_DIR/cloud.json with the demo cloud if it is missing, then serves \
            POST /v3/{projects,folders,organizations}/ID:getIamPolicy and :setIamPolicy from it, with etags, \
            409 ABORTED on a stale etag and errors in Google's JSON format. Every request needs \
            'Authorization: Bearer TOKEN' (any token). Point clients at it with \
            CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER=http://HOST:PORT/.
            """
    )

    @Option(name: .customLong("data-dir"), help: "The folder holding cloud.json.")
    var dataDirectory = "./jitaccess-data"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8085

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
        do {
            if try EmbeddedIAM.createDemoCloud(at: cloudPath) {
                StandardError.print("Created the demo cloud in \(cloudPath).")
            }
            iam = try EmbeddedIAM(path: cloudPath)
        } catch {
            StandardError.print("jitaccess emulator: \(error)")
            throw ExitCode.failure
        }
        let host = self.host
        let app = buildEmulator(iam: iam, configuration: EmulatorConfiguration(hostname: host, port: port)) { port in
            StandardError.print("Emulating Google's IAM APIs on \(cloudPath); any bearer token is accepted.")
            StandardOutput.printLine("jitaccess emulator running at http://\(ServiceAddress.urlHost(host)):\(port)/")
        }
        try await app.runService()
    }
}
