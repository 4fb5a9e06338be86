import ArgumentParser
import JITAccessLocal

/// `jitaccess check-cloud FILE`: validates an embedded IAM file without serving anything.
struct CheckCloudCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-cloud",
        abstract: "Check an embedded IAM file (such as DATA_DIR/cloud.json) and report the first problem."
    )

    @Argument(help: "The embedded IAM file to check.")
    var file: String

    func run() throws {
        do {
            _ = try EmbeddedIAM(path: file)
            StandardOutput.printLine("OK: \(file) is a valid embedded IAM file.")
        } catch {
            StandardError.print("\(error)")
            throw ExitCode.failure
        }
    }
}
