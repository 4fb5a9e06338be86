/// The mail kept instead of sent, as the demo shows it at `/demo/outbox`: the web module reads
/// it through this port and never touches the folder it lives in.
public protocol OutboxReader: Sendable {
    /// Every kept message, newest first.
    func messages() throws -> [OutboxMessage]

    /// The message `id`; `nil` when there is none (or `id` is not one jitaccess made).
    func message(id: String) throws -> OutboxMessage?
}
