import ArgumentParser

/// The `jitaccess` command line.
@main
struct JITAccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jitaccess",
        abstract: "Just-in-time privileged access to Google Cloud IAM.",
        subcommands: [ServeCommand.self, DemoCommand.self, CheckCloudCommand.self, EmulatorCommand.self, SendTestMailCommand.self, SignTestTokenCommand.self]
    )
}
