import JITAccessCore

/// The notifier of a service without mail (`SMTP_SENDER_ADDRESS` unset): every notification
/// fails with a message saying so, and the requester is shown the link to pass on by hand.
struct MailDisabledNotifier: Notifier {
    func send(_ notification: ActivationNotification) async throws {
        throw JITAccessError.backend(
            "E-mail is off on this service (SMTP_SENDER_ADDRESS is not set), so nobody was notified; send the approval link to the reviewers yourself."
        )
    }
}
