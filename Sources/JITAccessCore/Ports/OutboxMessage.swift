/// One message kept in the demo outbox.
public struct OutboxMessage: Sendable, Equatable, Codable {
    /// The file name without extension; sorts in the order the messages were written.
    public let id: String
    public let date: Timestamp
    /// `Name <address>`.
    public let from: String
    public let to: [String]
    public let cc: [String]
    public let subject: String
    public let textBody: String
    /// The HTML part as mailed; user text in it is escaped.
    public let htmlBody: String
    /// The links in the message (approval and status links), in order.
    public let links: [String]

    public init(id: String, date: Timestamp, from: String, to: [String], cc: [String], subject: String, textBody: String, htmlBody: String, links: [String]) {
        self.id = id
        self.date = date
        self.from = from
        self.to = to
        self.cc = cc
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.links = links
    }
}
