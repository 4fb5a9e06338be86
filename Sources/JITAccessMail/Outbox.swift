import Foundation
import JITAccessCore

/// The demo outbox: a folder where each message is an RFC 5322 `ID.eml` file (open it with any
/// mail program) beside `ID.json`, the same message for the `/demo/outbox` page.
public struct Outbox: OutboxReader {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// Every message, newest first; none when the folder does not exist yet. Throws
    /// ``JITAccessError/backend(_:)`` naming a file that cannot be read.
    public func messages() throws -> [OutboxMessage] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw JITAccessError.backend("cannot list the outbox \(directory): \(error.localizedDescription)")
        }
        let ids = names.compactMap { name -> String? in
            guard name.hasSuffix(".json") else { return nil }
            let id = String(name.dropLast(".json".count))
            return OutboxFileName.isValid(id) ? id : nil
        }
        return try ids.sorted(by: >).map(read)
    }

    /// The message with `id`, or `nil` when there is none (or `id` is not an outbox id).
    public func message(id: String) throws -> OutboxMessage? {
        guard OutboxFileName.isValid(id), FileManager.default.fileExists(atPath: path(id, "json")) else { return nil }
        return try read(id)
    }

    /// Writes `message` as `ID.eml` then `ID.json`, each atomically (a temporary file renamed),
    /// so a reader never sees half a message. Returns what was stored.
    @discardableResult
    public func store(_ message: MailMessage) throws -> OutboxMessage {
        let id = OutboxFileName.next()
        let stored = OutboxMessage(
            id: id, date: message.date, from: message.from.description,
            to: message.to.map(\.user.email), cc: message.cc.map(\.user.email),
            subject: message.subject, textBody: message.textBody, htmlBody: message.htmlBody, links: message.links
        )
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try writeAtomically(Data(message.rendered.utf8), to: path(id, "eml"))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try writeAtomically(encoder.encode(stored), to: path(id, "json"))
        } catch {
            throw JITAccessError.backend("cannot write to the outbox \(directory): \(error.localizedDescription)")
        }
        return stored
    }

    private func read(_ id: String) throws -> OutboxMessage {
        let file = path(id, "json")
        do {
            return try JSONDecoder().decode(OutboxMessage.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw JITAccessError.backend("cannot read the outbox message \(file): \(error.localizedDescription)")
        }
    }

    private func path(_ id: String, _ fileExtension: String) -> String {
        "\(directory)/\(id).\(fileExtension)"
    }

    private func writeAtomically(_ data: Data, to file: String) throws {
        let temporary = "\(directory)/.\(SecureRandom.hex(bytes: 8)).tmp"
        try data.write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, file) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw JITAccessError.backend("cannot rename \(temporary) to \(file): \(reason)")
        }
    }
}
