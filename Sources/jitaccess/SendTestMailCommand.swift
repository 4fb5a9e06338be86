import ArgumentParser
import Foundation
import JITAccessCore
import JITAccessMail
import JITAccessRuntime

/// `jitaccess send-test-mail --to EMAIL`: checks the mail settings by sending a sample approval
/// request through the SMTP server, as the service would send a real one.
struct SendTestMailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test-mail",
        abstract: "Send a sample approval-request e-mail through the SMTP server that SMTP_* configure.",
        discussion: """
            Reads SMTP_HOST, SMTP_PORT, SMTP_ENABLE_STARTTLS, SMTP_USERNAME, SMTP_PASSWORD, SMTP_SENDER_ADDRESS, \
            SMTP_SENDER_NAME, SMTP_TRUSTED_CA_FILE and NOTIFICATION_TIMEZONE, and sends one sample message to --to \
            (as both requester and reviewer, so nobody else gets a copy). Exits with status 1 and the reason, such as \
            the server's reply, when the message could not be sent.
            """
    )

    @Option(help: "The address to send the sample message to.")
    var to: String

    @Option(name: .customLong("base-url"), help: "Where jitaccess is reached, for the sample's links.")
    var baseURL = "https://jitaccess.example.com"

    func validate() throws {
        guard UserId(to) != nil else {
            throw ValidationError("--to must be an e-mail address, such as alice@example.com, not '\(to)'.")
        }
    }

    func run() async throws {
        do {
            let configuration = try MailConfiguration(environment: ConfigurationSource(ProcessInfo.processInfo.environment))
            guard let smtp = configuration.smtp, let recipient = UserId(to) else {
                StandardError.print("jitaccess send-test-mail: SMTP_HOST is not set; set SMTP_HOST and SMTP_SENDER_ADDRESS to the server to test.")
                throw ExitCode.failure
            }
            let clock = SystemWallClock()
            let notifier = MailNotifier(transport: try SMTPClient(configuration: smtp), mail: ActivationMail(configuration: configuration), clock: clock)
            try await notifier.send(SampleNotification.approvalRequest(to: recipient, baseURL: baseURL, now: clock.now))
            StandardOutput.printLine("Sent a sample approval request to \(recipient.email) through \(smtp.host):\(smtp.port).")
        } catch let exit as ExitCode {
            throw exit
        } catch {
            StandardError.print("jitaccess send-test-mail: \(error)")
            throw ExitCode.failure
        }
    }
}
