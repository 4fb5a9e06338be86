import JITAccessCore

/// The models of the demo outbox pages.
extension PageRenderer {
    private struct OutboxModel {
        struct Message {
            let id: String
            let subject: String
            let to: String
            let cc: String?
            let date: TimeView
        }

        let chrome: Chrome
        let messages: [Message]
        let hasMessages: Bool
    }

    func outbox(_ messages: [OutboxMessage], user: SignedIn?) -> HTMLPage {
        render("outbox", OutboxModel(
            chrome: chrome("Demo outbox", user: user),
            messages: messages.map {
                OutboxModel.Message(id: $0.id, subject: $0.subject, to: $0.to.joined(separator: ", "), cc: Self.list($0.cc), date: TimeView($0.date))
            },
            hasMessages: !messages.isEmpty
        ))
    }

    private struct OutboxMessageModel {
        struct Link {
            let url: String
            let clickable: Bool
        }

        let chrome: Chrome
        let subject: String
        let from: String
        let to: String
        let cc: String?
        let date: TimeView
        let links: [Link]
        let hasLinks: Bool
        let textBody: String
        let htmlBody: String
    }

    /// One message; only links to `ownOrigin` are clickable, so a message can never become a
    /// way to send people elsewhere.
    func outboxMessage(_ message: OutboxMessage, ownOrigin: String?, user: SignedIn?) -> HTMLPage {
        // The approval and the status link are often the same address: list each once.
        var seen: Set<String> = []
        let links = message.links.filter { seen.insert($0).inserted }.map { url in
            OutboxMessageModel.Link(url: url, clickable: ownOrigin != nil && OutboxController.origin(of: url) == ownOrigin)
        }
        return render("message", OutboxMessageModel(
            chrome: chrome(message.subject, user: user), subject: message.subject, from: message.from, to: message.to.joined(separator: ", "),
            cc: Self.list(message.cc), date: TimeView(message.date), links: links, hasLinks: !links.isEmpty,
            textBody: message.textBody, htmlBody: message.htmlBody
        ))
    }

    private static func list(_ addresses: [String]) -> String? {
        addresses.isEmpty ? nil : addresses.joined(separator: ", ")
    }
}
