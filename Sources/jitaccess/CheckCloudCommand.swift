import ArgumentParser
import JITAccessLocal
import JITAccessRuntime

/// `jitaccess check-cloud FILE`: validates an embedded IAM file without serving anything.
struct CheckCloudCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-cloud",
        abstract: "Check an embedded IAM file (such as DATA_DIR/cloud.json): report the first error, or every warning.",
        discussion: """
            An error (invalid JSON, a binding jitaccess cannot read, a parent that does not exist) makes \
            the file unusable: the command prints it and exits with status 1. Warnings name bindings that \
            do not work as their author probably meant, such as a jitaccess marker beside a top-level `||` \
            or `? :`, which makes nobody eligible; the command prints each and exits with status 0.
            """
    )

    @Argument(help: "The embedded IAM file to check.")
    var file: String

    func run() throws {
        do {
            let warnings = try EmbeddedIAM(path: file, clock: SystemWallClock()).warnings()
            for warning in warnings {
                StandardOutput.printLine("warning: \(warning)")
            }
            StandardOutput.printLine("OK: \(file) is a valid embedded IAM file\(warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s"))").")
        } catch {
            StandardError.print("\(error)")
            throw ExitCode.failure
        }
    }
}
